// swift-tools-version: 6.2
// The server comparison of Benchmarks/README.md (issue 22): one Hummingbird 2
// app, run with or without the catchUnwindAsync boundary around its router,
// loaded by Benchmarks/server.py with wrk. Not a dependency of swift-panic.
import PackageDescription

let package = Package(
    name: "ServerBoundary",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-panic", path: "../.."),
        // Without its default traits: neither swift-configuration nor full Foundation is needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "BoundaryServer",
            dependencies: [
                .product(name: "PanicRuntime", package: "swift-panic"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ]
)
