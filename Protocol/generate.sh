#!/usr/bin/env bash
# Regenerates Sources/LiaisonWire and the Python client's stubs (clients/python/liaison) from the .proto
# files, or checks that the committed output is current.
#
#   Protocol/generate.sh           regenerate (the output is committed; CI does not regenerate)
#   Protocol/generate.sh --check   regenerate into a temporary folder and fail if it differs from the
#                                  committed code (exit 0 with a note when the plugins are not built)
#
# The Python stubs need grpcio-tools 1.85.1 (pip install grpcio-tools==1.85.1; another version writes
# other version stamps, so --check then skips them with a note).
# Needs Debian's protoc (apt-get install protobuf-compiler) and the two Swift plugins, built once in
# release from the versions this package resolves (about a minute):
#   PLUGINS=/path/to/bin  (default: .build-plugins/release, built by `generate.sh --build-plugins`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
plugins=${PLUGINS:-$root/.build-plugins/src/.build/release}
mode=${1:-generate}
python_tools=1.85.1
python_protos=(liaison/v1/channels.proto liaison/v1/actions.proto liaison/v1/common.proto liaison/v1/broker.proto liaison/v1/federation.proto)

# The Python stubs, generated into $1 (the committed folder, or a temporary one to compare).
python_stubs() {
  local version
  version=$(python3 -c "import importlib.metadata as m; print(m.version('grpcio-tools'))" 2>/dev/null || true)
  if [ "$version" != "$python_tools" ]; then
    echo "generate.sh: Python stubs skipped (grpcio-tools ${version:-not installed}, need $python_tools)" >&2
    return 2
  fi
  rm -rf "$1/liaison"
  (cd "$here" && python3 -m grpc_tools.protoc --proto_path=. --python_out="$1" --grpc_python_out="$1" \
    --pyi_out="$1" "${python_protos[@]}")
}

if [ "$mode" = "--check" ]; then
  pyout=$(mktemp -d)
  if python_stubs "$pyout"; then
    if diff -ru "$root/clients/python/liaison" "$pyout/liaison"; then
      echo "generate.sh --check: committed Python stubs match the .proto files"
    else
      echo "generate.sh --check: clients/python/liaison is stale; run Protocol/generate.sh and commit" >&2
      rm -rf "$pyout"
      exit 1
    fi
  fi
  rm -rf "$pyout"
elif [ "$mode" = "generate" ]; then
  python_stubs "$root/clients/python" || true
fi

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
