// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-panic",
    products: [
        .library(name: "Panic", targets: ["Panic"]),
        .library(name: "PanicRuntime", targets: ["PanicRuntime"]),
        .library(name: "PanicLogging", targets: ["PanicLogging"]),
        .library(name: "PanicTesting", targets: ["PanicTesting"]),
        .executable(name: "panic-demo", targets: ["panic-demo"]),
        .executable(name: "panic-symbolize", targets: ["panic-symbolize"]),
    ],
    traits: [
        .trait(
            name: "PanicAbort",
            description: "Abort the process on panic (SIGABRT) instead of unwinding to the nearest catchUnwind."
        ),
    ],
    dependencies: [
        // Only for the optional PanicLogging target; Panic and PanicRuntime depend on nothing.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Only for `swift package generate-documentation` (scripts/docs).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // elfutils' libdw, declared by its headers (libdw-dev) and loaded on first use (dlopen): symbols and
        // file:line for backtraces, at no cost to a process that prints none.
        .target(name: "CLibdw"),
        // The few things Swift cannot do: catch frames, per-thread state, abort without a second report.
        // libunwind (libunwind8) is loaded on the first capture.
        .target(
            name: "CUnwind",
            // Under PanicAbort the C side opens no catch frames either.
            cSettings: [
                .define("CUNWIND_PANIC_ABORT", .when(traits: ["PanicAbort"])),
                // Private headers are named from the target's root, by folder ("CatchFrames/CatchFrameInternal.h").
                .headerSearchPath("."),
            ]
        ),
        // The panic path.
        .target(name: "Panic", dependencies: ["CUnwind", "CLibdw"]),
        // What runs around user code.
        .target(name: "PanicRuntime", dependencies: ["Panic", "CUnwind"], path: "Sources/Runtime"),
        // A panic hook that logs through swift-log.
        .target(name: "PanicLogging", dependencies: ["Panic", .product(name: "Logging", package: "swift-log")]),
        // expectPanic for Swift Testing (the toolchain's Testing module).
        .target(name: "PanicTesting", dependencies: ["Panic", "PanicRuntime"]),
        // The example app.
        .executableTarget(name: "panic-demo", dependencies: ["PanicRuntime"]),
        // Resolves the image+offset frames of a stripped binary's report, offline.
        .executableTarget(name: "panic-symbolize", dependencies: ["Panic"]),

        // A child process for the tests that end a process.
        .executableTarget(name: "PanicFixture", dependencies: ["PanicRuntime", "PanicLogging"], path: "Tests/Fixtures/PanicFixture"),
        // A child process for the tests of start, spawn and signals.
        .executableTarget(name: "StartFixture", dependencies: ["PanicRuntime"], path: "Tests/Fixtures/StartFixture"),
        // A child process for the tests of surviving a caught panic.
        .executableTarget(name: "SurvivalFixture", dependencies: ["PanicRuntime"], path: "Tests/Fixtures/SurvivalFixture"),
        .testTarget(name: "PanicTests", dependencies: ["Panic"]),
        .testTarget(name: "PanicRuntimeTests", dependencies: ["PanicRuntime", "PanicTesting"]),
        .testTarget(name: "PanicLoggingTests", dependencies: ["PanicLogging", "PanicRuntime"]),
        .testTarget(name: "PanicTestingTests", dependencies: ["PanicTesting", "PanicRuntime"]),
        .testTarget(name: "ProcessTests", dependencies: ["PanicFixture", "StartFixture", "SurvivalFixture", "panic-symbolize"]),
    ]
)
