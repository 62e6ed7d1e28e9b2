// swift-tools-version: 6.1
// One expectPanic against one Swift Testing exit test, for the same check
// (Benchmarks/compare.py runs it). Exit tests exist only inside a Swift
// Testing run, so this is a test package: each test times its checks with a
// clock and prints `name<TAB>nanoseconds per check`; nothing is asserted
// about time.
import PackageDescription

let package = Package(
    name: "PanicTestingCost",
    dependencies: [
        .package(name: "swift-panic", path: "../.."),
    ],
    targets: [
        .testTarget(
            name: "PanicTestingCost",
            dependencies: [
                .product(name: "PanicTesting", package: "swift-panic"),
                .product(name: "PanicRuntime", package: "swift-panic"),
            ]
        ),
    ]
)
