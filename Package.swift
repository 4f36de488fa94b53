// swift-tools-version:6.2
import PackageDescription

/// CI sets LIAISON_WARNINGS_AS_ERRORS=1: Liaison's own targets (not its dependencies) then treat
/// every warning as an error.
let warningsAsErrors: [SwiftSetting] =
  Context.environment["LIAISON_WARNINGS_AS_ERRORS"] == "1" ? [.treatAllWarnings(as: .error)] : []

let strictSettings: [SwiftSetting] =
  [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
  ] + warningsAsErrors

let package = Package(
  name: "Liaison",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "liaisond", targets: ["liaisond"]),
    .executable(name: "liaison", targets: ["liaison"]),
    .library(name: "LiaisonClient", targets: ["LiaisonClient"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0", traits: []),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
  ],
  targets: [
    .target(
      name: "LiaisonCore",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "HeapModule", package: "swift-collections"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "LiaisonWire",
      dependencies: [
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      // Generated code only: its message storage is accessed through closures that the runtime
      // exclusivity checker inspects on every field (about 6% of broker CPU under load).
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
    ),
    .target(
      name: "LiaisonContract",
      dependencies: [
        "LiaisonCore", "LiaisonWire",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "LiaisonSecurity",
      dependencies: [
        "LiaisonCore", "LiaisonWire", "LiaisonContract",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "LiaisonStore",
      dependencies: [
        "LiaisonCore",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "LiaisonServer",
      dependencies: [
        "LiaisonCore", "LiaisonWire", "LiaisonContract", "LiaisonSecurity", "LiaisonStore",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "DequeModule", package: "swift-collections"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "LiaisonClient",
      dependencies: [
        "LiaisonCore", "LiaisonWire", "LiaisonContract", "LiaisonSecurity",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "LiaisonTesting",
      dependencies: [
        "LiaisonCore", "LiaisonSecurity", "LiaisonStore", "LiaisonServer", "LiaisonClient", "LiaisonWire",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "liaisond",
      dependencies: [
        "LiaisonCore", "LiaisonContract", "LiaisonSecurity", "LiaisonStore", "LiaisonServer",
        .product(name: "Yams", package: "Yams"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "liaison",
      dependencies: [
        "LiaisonCore", "LiaisonClient", "LiaisonWire", "LiaisonContract", "LiaisonSecurity",
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "LiaisonCoreTests",
      dependencies: ["LiaisonCore", "LiaisonTesting"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "LiaisonSecurityTests",
      dependencies: [
        "LiaisonSecurity", "LiaisonTesting", "LiaisonWire", "LiaisonCore",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "LiaisonStoreTests",
      dependencies: [
        "LiaisonStore", "LiaisonCore", "LiaisonTesting", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "LiaisonServerTests",
      dependencies: [
        "LiaisonServer", "LiaisonClient", "LiaisonTesting", "LiaisonWire", "LiaisonCore", "LiaisonSecurity",
        "LiaisonStore",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "liaisond", "liaison", "LiaisonTesting", "LiaisonClient", "LiaisonWire", "LiaisonCore",
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strictSettings
    ),
  ]
)
