import Nimble
import PanicRuntime
import PanicTesting
import Testing

// Serialized, apart from the Parallel tests (`.apart(.alone)`), and run
// alone by scripts/test-nimble: these tests trap inside `expectPanic` and
// `.catchesPanics`, and a trap while another test's `throwAssertion` has
// Nimble's SIGILL handler installed goes to Nimble, whose handler ends
// whichever thread trapped (here a Swift Testing worker, and the run hangs
// or dies). That is Nimble's limit, not ours: the workaround is
// `.serialized`, or `swift test --no-parallel`.

/// Each tool in turn, and one inside the other.
@Suite(.serialized) struct OneAfterAnother {
    @Test(.apart(.alone)) func nimbleSeesTrapsAfterExpectPanic() {
        expectPanic(containing: "Index out of range") { _ = element([1], 1) }
        expect { _ = element([1], 1) }.to(throwAssertion())
        expect { precondition(Int.random(in: 0..<1) == 1, "never") }.to(throwAssertion())
        expect { _ = element([1], 0) }.toNot(throwAssertion())
        // Nimble put ours back: traps are caught again.
        #expect(TrapInterception.isEnabled)
        expectPanic(containing: "Index out of range") { _ = element([1], 1) }
    }

    @Test(.apart(.alone)) func isEnabledIsFalseWhileNimblesHandlerIsInstalled() {
        #expect(TrapInterception.enable())
        let inside = Box(true)
        _ = catchBadInstruction { inside.value = TrapInterception.isEnabled }
        #expect(inside.value == false)
        #expect(TrapInterception.isEnabled)
    }

    @Test(.apart(.alone)) func fatalAndPanicAreSeenByThrowAssertion() {
        #expect(TrapInterception.enable())
        // fatalError migrated to fatal: the test written for fatalError still passes.
        expect { () -> Void in fatal("migrated from fatalError") }.to(throwAssertion())
        expect { () -> Void in panic("a panic") }.to(throwAssertion())
        #expect(catchBadInstruction { panic("inside catchBadInstruction") } != nil)
        // The handed-on panic is over: no count left behind, and the next ones are caught.
        #expect(globalPanicCount == 0)
        expectPanic(containing: "after Nimble") { panic("after Nimble") }
        expectPanic(containing: "Index out of range") { _ = element([1], 1) }
    }

    @Test(.apart(.alone)) func panicInsideNimbleWhileOursIsOverNimbles() {
        // Enabled again inside Nimble's window: ours goes over Nimble's, and
        // hands on what it cannot land (the panic's trap on Nimble's thread).
        let caught = catchBadInstruction {
            TrapInterception.enable()
            panic("under ours, over Nimble's")
        }
        #expect(caught != nil)
        #expect(TrapInterception.isEnabled)
        expectPanic(containing: "Index out of range") { _ = element([1], 1) }
    }

    @Test(.apart(.alone)) func catchUnwindInsideTheBlockCatchesFirst() {
        #expect(TrapInterception.enable())
        // A panic raises no signal: the catchUnwind inside the block catches it.
        expect { _ = catchUnwind { () -> Int in fatal("caught inside") } }.toNot(throwAssertion())
        // A trap goes to the handler installed last, Nimble's: ours never sees it.
        expect { _ = catchUnwind { element([1], 1) } }.to(throwAssertion())
    }

    @Test(.apart(.alone)) func disableInsideNimblesWindow() {
        #expect(TrapInterception.enable())
        // Nimble's handler is over ours: disable() leaves it; the one Nimble
        // puts back (ours) then lets every signal through.
        _ = catchBadInstruction { TrapInterception.disable() }
        #expect(!TrapInterception.isEnabled)
        expect { _ = element([1], 1) }.to(throwAssertion())
        #expect(TrapInterception.enable())
        expectPanic(containing: "Index out of range") { _ = element([1], 1) }
    }

    @Test(.apart(.alone), .catchesPanics) func throwAssertionInsideCatchesPanics() {
        expect { _ = element([1], 1) }.to(throwAssertion())
        expect { () -> Void in fatal("migrated") }.to(throwAssertion())
        expectPanic(containing: "Index out of range") { _ = element([1], 1) }
    }
}
