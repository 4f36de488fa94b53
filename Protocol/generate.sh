#!/usr/bin/env bash
# Regenerates Sources/LiaisonWire from the .proto files, or checks that the committed output is current.
#
#   Protocol/generate.sh           regenerate (the output is committed; CI does not regenerate)
#   Protocol/generate.sh --check   regenerate into a temporary folder and fail if it differs from the
#                                  committed code (exit 0 with a note when the plugins are not built)
#
# Needs Debian's protoc (apt-get install protobuf-compiler) and the two Swift plugins, built once in
# release from the versions this package resolves (about a minute):
#   PLUGINS=/path/to/bin  (default: .build-plugins/release, built by `generate.sh --build-plugins`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
plugins=${PLUGINS:-$root/.build-plugins/src/.build/release}
mode=${1:-generate}

if [ "$mode" = "--build-plugins" ]; then
  mkdir -p "$root/.build-plugins"
  src="$root/.build-plugins/src"
  [ -d "$src" ] || git clone -q https://github.com/grpc/grpc-swift-protobuf.git "$src"
  git -C "$src" checkout -q 2.4.1
  (cd "$src" && swift build -c release --product protoc-gen-grpc-swift-2 && swift build -c release --product protoc-gen-swift)
  exit 0
fi

if ! command -v protoc >/dev/null || [ ! -x "$plugins/protoc-gen-swift" ] || [ ! -x "$plugins/protoc-gen-grpc-swift-2" ]; then
  if [ "$mode" = "--check" ]; then
    echo "generate.sh --check: skipped (protoc or the Swift plugins are not built; run Protocol/generate.sh --build-plugins)"
    exit 0
  fi
  echo "generate.sh: needs protoc and the plugins in $plugins (run Protocol/generate.sh --build-plugins)" >&2
  exit 1
fi

out=$root/Sources/LiaisonWire/Generated
if [ "$mode" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
rm -f "$out"/*.swift
protos=(liaison/v1/channels.proto liaison/v1/actions.proto liaison/v1/common.proto liaison/v1/broker.proto liaison/v1/federation.proto grpc/health/v1/health.proto)
(cd "$here" && protoc --proto_path=. \
  --plugin=protoc-gen-swift="$plugins/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift-2="$plugins/protoc-gen-grpc-swift-2" \
  --swift_out="$out" --swift_opt=Visibility=Public,UseAccessLevelOnImports=true,FileNaming=PathToUnderscores \
  --grpc-swift-2_out="$out" \
  --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true,UseAccessLevelOnImports=true,FileNaming=PathToUnderscores \
  "${protos[@]}")

if [ "$mode" = "--check" ]; then
  if diff -ru "$root/Sources/LiaisonWire/Generated" "$out"; then
    echo "generate.sh --check: committed code matches the .proto files"
  else
    echo "generate.sh --check: Sources/LiaisonWire/Generated is stale; run Protocol/generate.sh and commit" >&2
    exit 1
  fi
fi
