// swift-tools-version:6.1
import PackageDescription

// Every target is built for Haswell-class x86-64 CPUs (AVX2, FMA, BMI2) so that SIMD types become
// vector instructions; see README "CPU floor". On other architectures no flag is passed. Square
// roots never set errno (nothing reads it), so they become vector instructions too.
let cpuSettings: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "haswell", "-Xcc", "-fno-math-errno"], .when(platforms: [.linux]))
]

let sharedSettings: [SwiftSetting] =
  [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
  ] + cpuSettings

// The layers, each a module; arrows point down only (docs/architecture.md, checked by scripts/check-layers.sh):
// Core → IO and Store → Workflows → CLI (and, later, the server).
let package = Package(
  name: "Segmenta",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "segmenta", targets: ["segmenta"]),
    // The algorithms are the one API meant for use outside this package.
    .library(name: "SegmentaCore", targets: ["SegmentaCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
  ],
  targets: [
    .target(
      name: "SegmentaCore",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaIO",
      dependencies: ["SegmentaCore", .product(name: "Yams", package: "Yams")],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaStore",
      dependencies: [
        "SegmentaCore",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaWorkflows",
      dependencies: [
        "SegmentaCore", "SegmentaIO", "SegmentaStore",
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
      ],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaServer",
      dependencies: [
        "SegmentaCore", "SegmentaIO", "SegmentaWorkflows",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ],
      // The dashboard's one script and one style sheet, compiled into the binary (no files read at run time).
      resources: [.embedInCode("Pages/Assets/app.js"), .embedInCode("Pages/Assets/app.css")],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaCLI",
      dependencies: [
        "SegmentaCore",
        "SegmentaIO",
        "SegmentaWorkflows",
        "SegmentaServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: sharedSettings
    ),
    .executableTarget(
      name: "segmenta",
      dependencies: ["SegmentaCLI"],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaTestSupport",
      path: "Tests/SegmentaTestSupport",
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaCoreTests",
      dependencies: [
        "SegmentaCore", "SegmentaTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaIOTests",
      dependencies: [
        "SegmentaIO", "SegmentaCore", "SegmentaTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaStoreTests",
      dependencies: [
        "SegmentaStore", "SegmentaCore", "SegmentaTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaWorkflowsTests",
      dependencies: [
        "SegmentaWorkflows", "SegmentaStore", "SegmentaIO", "SegmentaCore", "SegmentaTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaServerTests",
      dependencies: [
        "SegmentaServer", "SegmentaWorkflows", "SegmentaIO", "SegmentaCore", "SegmentaTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaCLITests",
      dependencies: [
        "SegmentaCLI", "segmenta", "SegmentaWorkflows", "SegmentaIO", "SegmentaCore", "SegmentaTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: sharedSettings
    ),
  ]
)
