// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-panic",
    products: [
        .library(name: "Panic", targets: ["Panic"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .executable(name: "panic-demo", targets: ["panic-demo"]),
    ],
    traits: [
        .trait(
            name: "PanicAbort",
            description: "Abort the process on panic (SIGABRT) instead of unwinding to the nearest catchUnwind."
        ),
    ],
    targets: [
        // libunwind, through pkg-config.
        .systemLibrary(
            name: "CLibunwind",
            pkgConfig: "libunwind",
            providers: [.apt(["libunwind-dev"])]
        ),
        // elfutils' libdw, through pkg-config: symbols and file:line for backtraces.
        .systemLibrary(
            name: "CLibdw",
            pkgConfig: "libdw",
            providers: [.apt(["libdw-dev"])]
        ),
        // The few things Swift cannot do: catch frames, per-thread state, abort without a second report.
        .target(name: "CUnwind", dependencies: ["CLibunwind"]),
        // The panic path.
        .target(name: "Panic", dependencies: ["CUnwind", "CLibdw"]),
        // What runs around user code.
        .target(name: "Runtime", dependencies: ["Panic", "CUnwind"]),
        // The example app.
        .executableTarget(name: "panic-demo", dependencies: ["Runtime"]),

        // A child process for the tests that end a process.
        .executableTarget(name: "PanicFixture", dependencies: ["Runtime"], path: "Tests/Fixtures/PanicFixture"),
        .testTarget(name: "PanicTests", dependencies: ["Panic"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime"]),
        .testTarget(name: "ProcessTests", dependencies: ["PanicFixture"]),
    ]
)
