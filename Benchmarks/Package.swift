// swift-tools-version: 6.1
// Benchmarks for swift-panic (ordo-one's package-benchmark). Not a dependency
// of the root package. Run: `swift package benchmark` in this folder, or
// `scripts/benchmarks` from the root.
import PackageDescription

let package = Package(
    name: "swift-panic-benchmarks",
    dependencies: [
        .package(name: "swift-panic", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The Swift half of the side-by-side with rust-reference: a plain timed loop.
        .executableTarget(
            name: "PanicMicro",
            dependencies: [.product(name: "PanicRuntime", package: "swift-panic")],
            path: "Benchmarks/PanicMicro"
        ),
        // catchUnwindAsync's costs (issue 12), in a plain timed loop; run in debug and release.
        .executableTarget(
            name: "AsyncPanicMicro",
            dependencies: [.product(name: "PanicRuntime", package: "swift-panic")],
            path: "Benchmarks/AsyncPanicMicro"
        ),
        // A hello world under `start {}`, timed against a plain one by startup.py (issue 15, item 1).
        .executableTarget(
            name: "StartupHello",
            dependencies: [.product(name: "PanicRuntime", package: "swift-panic")],
            path: "Benchmarks/StartupHello"
        ),
        // The same hello world without swift-panic, built by SwiftPM like StartupHello.
        .executableTarget(name: "StartupPlain", path: "Benchmarks/StartupPlain"),
        // The first backtrace of a process, one sample per process (coldtrace.py); twin of rust-reference's coldtrace.rs.
        .executableTarget(
            name: "ColdTrace",
            dependencies: [.product(name: "PanicRuntime", package: "swift-panic")],
            path: "Benchmarks/ColdTrace"
        ),
        // Start, index out of range in main, die (coldtrace.py, from outside); twin of rust-reference's index_death.rs.
        .executableTarget(
            name: "IndexDeath",
            dependencies: [.product(name: "PanicRuntime", package: "swift-panic")],
            path: "Benchmarks/IndexDeath"
        ),
        .executableTarget(
            name: "PanicBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PanicRuntime", package: "swift-panic"),
            ],
            path: "Benchmarks/PanicBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
