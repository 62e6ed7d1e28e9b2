// swift-tools-version: 6.1
// A command-line tool (swift-argument-parser) whose entry point goes through
// swift-panic's `start`: exit codes 0 / 1 / 101, SIGPIPE, PANIC_BACKTRACE.
//
//   swift run panic-cli lines --count 3
//   swift run panic-cli pick --index 5 tea coffee     # a trap: exit 101
//
// Not a dependency of swift-panic: it depends on it, by path.
import PackageDescription

let package = Package(
    name: "PanicCLIExample",
    dependencies: [
        .package(name: "swift-panic", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "panic-cli",
            dependencies: [
                .product(name: "PanicRuntime", package: "swift-panic"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Runs the built tool as a child process, as a shell would.
        .testTarget(name: "PanicCLITests", dependencies: ["panic-cli"]),
    ]
)
