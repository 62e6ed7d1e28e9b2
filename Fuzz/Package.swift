// swift-tools-version: 6.1
// The fuzz target for hostile input (issue 7): the `PANIC_BACKTRACE` parser,
// the default hook's report and the backtrace formatter, through the public
// API only. A package of its own so that the root package's `swift build`
// never builds it; scripts/fuzz builds it with `--sanitize=fuzzer
// --sanitize=address` (libFuzzer provides `main`) and runs it.
import PackageDescription

let package = Package(
    name: "swift-panic-fuzz",
    dependencies: [
        .package(name: "swift-panic", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "PanicFuzz",
            dependencies: [.product(name: "PanicRuntime", package: "swift-panic")],
            // The entry point is `LLVMFuzzerTestOneInput`; libFuzzer's own `main` calls it.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
