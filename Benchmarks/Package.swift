// swift-tools-version:6.1
// Benchmark harness for scripts/bench/segmentation.sh; tests and CI never build it.
import PackageDescription

let package = Package(
  name: "SegmentaBenchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "Segmenta", path: "../")],
  targets: [
    .executableTarget(
      name: "SegmentaBench",
      dependencies: [.product(name: "SegmentaCore", package: "Segmenta")],
      swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux]))]
    )
  ]
)
