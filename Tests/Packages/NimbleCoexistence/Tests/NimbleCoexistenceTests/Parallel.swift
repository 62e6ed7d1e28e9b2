import Nimble
import PanicRuntime
import PanicTesting
import Synchronization
import Testing

// Run 20 times by scripts/test-nimble (`--filter Parallel`), with nothing
// else, as Swift Testing runs tests by default: in parallel. The
// expectPanic side raises no trap (panic, fatal): a trap there while
// Nimble's handler is installed would go to Nimble, which ends the thread
// (Nimble's limit; see OneAfterAnother.swift). The first `enable()` of the
// run races Nimble's first window.

/// Set when the throwAssertion side is done: the other tests go on until then.
private let nimbleDone = Atomic<Bool>(false)

/// Runs `body` for at least `rounds` rounds and until the throwAssertion
/// side is done (at most 30 seconds, should that test not run), yielding
/// between rounds so that a spinning test never starves the other of a
/// thread (the pool has one per core).
private func untilNimbleIsDone(atLeast rounds: Int, _ body: (Int) -> Void) async -> Int {
    let deadline = ContinuousClock.now + .seconds(30)
    var round = 0
    while round < rounds || (!nimbleDone.load(ordering: .acquiring) && ContinuousClock.now < deadline) {
        body(round)
        round += 1
        await Task.yield()
    }
    return round
}

@Suite struct Parallel {
    @Test(.apart(.together)) func expectPanicBesideThrowAssertion() async {
        var replaced = 0
        let rounds = await untilNimbleIsDone(atLeast: 200) { round in
            // Nimble's handler over ours now? expectPanic enables again first.
            if !TrapInterception.isEnabled { replaced += 1 }
            if round.isMultiple(of: 2) {
                expectPanic(containing: "panic \(round)") { panic("panic \(round)") }
            } else {
                expectPanic(containing: "fatal \(round)") { fatal("fatal \(round)") }
            }
        }
        // For the script's log: how often the race happened.
        print("PARALLEL: \(rounds) expectPanics, \(replaced) of them with our handler replaced")
    }

    @Test(.apart(.together)) func throwAssertionBesideExpectPanic() {
        defer { nimbleDone.store(true, ordering: .releasing) }
        for round in 0..<200 {
            switch round % 4 {
            case 0: expect { _ = element([1], 1) }.to(throwAssertion())
            case 1: expect { () -> Void in fatalError("fatalError \(round)") }.to(throwAssertion())
            case 2: expect { () -> Void in fatal("fatal \(round)") }.to(throwAssertion())
            default: expect { () -> Void in panic("panic \(round)") }.to(throwAssertion())
            }
        }
    }
}
