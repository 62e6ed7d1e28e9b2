// swift-tools-version: 6.1
// A test package that uses Nimble's `throwAssertion` and PanicTesting
// together, as a server-side project would (issue 24). Run by
// scripts/test-nimble, in debug and release, one part at a time:
// OneAfterAnother (each tool in turn, and one inside the other),
// FirstEnable (exit tests: trap interception enabled first inside Nimble's
// window), and Parallel (expectPanic beside throwAssertion under parallel
// Swift Testing, 20 runs), then all together once (a gate keeps the tests
// that trap apart from Parallel: Apart.swift). Why: OneAfterAnother.swift.
import PackageDescription

let package = Package(
    name: "NimbleCoexistence",
    dependencies: [
        .package(name: "swift-panic", path: "../../.."),
        .package(url: "https://github.com/Quick/Nimble", from: "13.8.0"),
    ],
    targets: [
        .testTarget(
            name: "NimbleCoexistenceTests",
            dependencies: [
                .product(name: "PanicRuntime", package: "swift-panic"),
                .product(name: "PanicTesting", package: "swift-panic"),
                .product(name: "Nimble", package: "Nimble"),
            ]
        )
    ]
)
