// swift-tools-version: 6.1
// A package whose build graph holds both this project's `PanicRuntime` and
// the toolchain's own public module `Runtime` (SE-0419 backtraces). While
// this project's module was called `Runtime`, a target importing the
// toolchain's failed on the next build with `missing required modules:
// 'CLibdw', 'CUnwind'`. scripts/test-clash builds this package twice.
import PackageDescription

let package = Package(
    name: "ToolchainRuntimeClash",
    dependencies: [.package(name: "swift-panic", path: "../../..")],
    targets: [
        // Imports this project's runtime.
        .target(name: "UsesPanicRuntime", dependencies: [.product(name: "PanicRuntime", package: "swift-panic")]),
        // Imports the toolchain's `Runtime` module.
        .target(name: "UsesToolchainRuntime"),
        // Uses both in one program.
        .executableTarget(name: "clash-check", dependencies: ["UsesPanicRuntime", "UsesToolchainRuntime"]),
    ]
)
