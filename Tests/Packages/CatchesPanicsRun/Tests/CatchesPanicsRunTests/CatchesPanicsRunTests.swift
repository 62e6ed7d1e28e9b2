import PanicRuntime
import PanicTesting
import Testing

@inline(never) func element(_ numbers: [Int], _ index: Int) -> Int { numbers[index] }

// Serialized, so that the last test starts after both panics were caught.
@Suite(.serialized) struct CatchesPanicsRun {
    @Test(.catchesPanics) func trapsInSyncCode() {
        print("TRAPS-IN-SYNC-CODE started")
        _ = element([1, 2, 3], 3)
        print("TRAPS-IN-SYNC-CODE went on")
    }

    @Test(.catchesPanics) func panicsAfterSuspension() async {
        await Task.yield()
        async let child: Int = {
            try? await Task.sleep(for: .milliseconds(1))
            panic("checkout failed after a suspension")
        }()
        print("PANICS-AFTER-SUSPENSION got \(await child)")
    }

    @Test func runsAfterThePanics() {
        print("RUNS-AFTER-THE-PANICS ran")
    }
}

/// On a suite, the trait reaches each test: one panics, the other passes.
@Suite(.serialized, .catchesPanics) struct CatchesPanicsOnSuite {
    @Test func panicsInSuite() { panic("panic in a suite's test") }
    @Test func passesInSuite() { print("PASSES-IN-SUITE ran") }
}

/// On a parameterized test, each case is caught alone.
@Test(.catchesPanics, arguments: [1, 2, 3]) func parameterized(value: Int) {
    if value == 2 { panic("case \(value) panics") }
    print("PARAMETERIZED case \(value) ran")
}
