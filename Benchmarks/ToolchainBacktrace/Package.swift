// swift-tools-version: 6.1
// The toolchain's own backtrace API (`import Runtime`, SE-0419's `Backtrace`),
// timed the way Benchmarks/Benchmarks/PanicMicro times swift-panic's. Its own
// package, with no dependency on swift-panic: it is what a Swift user gets
// without this project. Run by Benchmarks/compare.py, or:
//   swift build -c release && .build/release/ToolchainBacktrace
import PackageDescription

let package = Package(
    name: "ToolchainBacktrace",
    targets: [
        .executableTarget(name: "ToolchainBacktrace"),
    ]
)
