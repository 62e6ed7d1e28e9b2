// swift-tools-version: 6.1
// A test package whose tests use PanicTesting's `.catchesPanics` trait: two
// of them panic (a trap in synchronous code, a panic after a suspension), a
// third runs after them; on a suite, and on one case of a parameterized test. scripts/test-catches-panics runs the tests here,
// in debug and release, and checks that the panicking tests fail alone, with
// the panic's report in their issue, and that the run ends as a run with
// failed tests does (status 1), not as a panic does (101). A panic on the
// main actor (OutsideTheBoundary, run alone) still ends the run with 101.
import PackageDescription

let package = Package(
    name: "CatchesPanicsRun",
    dependencies: [.package(name: "swift-panic", path: "../../..")],
    targets: [
        .testTarget(
            name: "CatchesPanicsRunTests",
            dependencies: [
                .product(name: "PanicRuntime", package: "swift-panic"),
                .product(name: "PanicTesting", package: "swift-panic"),
            ]
        )
    ]
)
