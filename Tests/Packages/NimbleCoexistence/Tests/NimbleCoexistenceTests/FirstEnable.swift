import Glibc
import Nimble
import PanicRuntime
import PanicTesting
import Testing

// Each test runs in a child process (an exit test), where nothing has
// enabled trap interception yet. A failed check exits with its own status.

/// Trap interception enabled for the first time inside Nimble's window
/// (between its `sigaction` and the one that restores what it saved).
@Suite struct FirstEnable {
    @Test func firstEnableInsideNimblesWindow() async {
        await #expect(processExitsWith: .success) {
            guard !TrapInterception.isEnabled else { exit(2) }
            // Ours goes over Nimble's; the trap on Nimble's thread (no catch
            // frame) is handed to Nimble, not ended with status 101.
            let caught = catchBadInstruction {
                TrapInterception.enable()
                _ = element([1], 1)
            }
            guard caught != nil else { exit(3) }
            // Nimble put back what it had saved, over ours: isEnabled says so.
            guard !TrapInterception.isEnabled else { exit(4) }
            // expectPanic enables again before it needs it.
            guard expectPanic(containing: "Index out of range", { _ = element([1], 1) }) != nil else { exit(5) }
            guard TrapInterception.isEnabled else { exit(6) }
            exit(0)
        }
    }

    @Test func panicInsideNimbleWithoutTrapInterception() async {
        await #expect(processExitsWith: .success) {
            guard !TrapInterception.isEnabled else { exit(2) }
            // No handler of ours at all: the panic still ends as a trap Nimble sees.
            guard catchBadInstruction(block: { panic("no interception") }) != nil else { exit(3) }
            guard catchBadInstruction(block: { fatal("no interception") }) != nil else { exit(4) }
            exit(0)
        }
    }

    /// Elsewhere, behaviour is unchanged: after ours went over Nimble's
    /// inside its window, and Nimble put ours back, a panic with nothing to
    /// catch it still ends the process with 101 (not handed to Nimble's
    /// handler, whose window is over).
    @Test func uncaughtPanicAfterNimblesWindowExits101() async {
        await #expect(processExitsWith: .exitCode(101)) {
            TrapInterception.enable()
            guard catchBadInstruction(block: { TrapInterception.enable(); _ = element([1], 1) }) != nil else { exit(3) }
            guard TrapInterception.isEnabled else { exit(4) }
            panic("nothing catches this")
        }
    }

    /// The same for a trap: the report and 101, as before Nimble ran.
    @Test func uncaughtTrapAfterNimblesWindowExits101() async {
        await #expect(processExitsWith: .exitCode(101)) {
            TrapInterception.enable()
            guard catchBadInstruction(block: { TrapInterception.enable(); _ = element([1], 1) }) != nil else { exit(3) }
            _ = element([1], 1)
            exit(5)
        }
    }
}
