// swift-tools-version:6.1
import PackageDescription

// Every target is built for Haswell-class x86-64 CPUs (AVX2, FMA, BMI2) so that SIMD types become
// vector instructions; see README "CPU floor". On other architectures no flag is passed.
let cpuSettings: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux]))
]

let sharedSettings: [SwiftSetting] =
  [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
  ] + cpuSettings

let package = Package(
  name: "Segmenta",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "segmenta", targets: ["segmenta"]),
    .library(name: "SegmentaCore", targets: ["SegmentaCore"]),
    .library(name: "SegmentaStore", targets: ["SegmentaStore"]),
    .library(name: "SegmentaFormats", targets: ["SegmentaFormats"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
  ],
  targets: [
    .target(
      name: "SegmentaCore",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: sharedSettings
    ),
    .target(
      name: "SegmentaFormats",
      dependencies: [
        "SegmentaCore",
        "SegmentaStore",
        .product(name: "Yams", package: "Yams"),
      ],
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
      name: "SegmentaCLI",
      dependencies: [
        "SegmentaCore",
        "SegmentaFormats",
        "SegmentaStore",
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
      dependencies: ["SegmentaCore", .product(name: "PropertyBased", package: "swift-property-based")],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaFormatsTests",
      dependencies: [
        "SegmentaFormats", "SegmentaTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaStoreTests",
      dependencies: [
        "SegmentaStore", "SegmentaFormats", "SegmentaTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: sharedSettings
    ),
    .testTarget(
      name: "SegmentaCLITests",
      dependencies: ["SegmentaCLI", "segmenta", "SegmentaTestSupport"],
      swiftSettings: sharedSettings
    ),
  ]
)
