// swift-tools-version: 6.2
// An HTTP server (Hummingbird 2) whose routes run their synchronous work inside
// `catchUnwind`: a handler that panics or traps answers 500 and the server goes on.
//
//   swift run PanicServer --port 8080
//   swift build --traits PanicAbort --scratch-path .build-abort   # the abort strategy
//
// Not a dependency of swift-panic: it depends on it, by path.
import PackageDescription

let package = Package(
    name: "PanicServerExample",
    platforms: [.macOS(.v15)],
    traits: [
        .trait(
            name: "PanicAbort",
            description: "Build swift-panic with its PanicAbort trait: the first panic ends the server (SIGABRT)."
        ),
    ],
    dependencies: [
        // This example's PanicAbort trait turns on swift-panic's.
        .package(
            name: "swift-panic",
            path: "../..",
            traits: [.init(name: "PanicAbort", condition: .when(traits: ["PanicAbort"]))]
        ),
        // Without its default traits: the example needs neither swift-configuration nor full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "PanicServer",
            dependencies: [
                .product(name: "PanicRuntime", package: "swift-panic"),
                .product(name: "PanicLogging", package: "swift-panic"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Starts the built server as a child process and drives it with curl.
        .testTarget(name: "PanicServerTests", dependencies: ["PanicServer"]),
    ]
)
