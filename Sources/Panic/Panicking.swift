import CUnwind
import Glibc

/// The panic path, in one place (Rust's `panicking.rs`):
///
/// 1. count the panic; a panic while this thread is panicking (in its hook,
///    or in cleanup for a panic in flight) prints three lines and aborts;
/// 2. run the hook with a ``PanicInfo``;
/// 3. leave the frame: jump to the innermost catch frame, or, with none,
///    flush stdout and exit 101; under the `PanicAbort` trait, abort.
package enum Panicking {
    /// Starts a panic with the hook (``panic(_:file:line:column:)`` and friends).
    @inline(never)
    package static func begin(payload: any Sendable, location: SourceLocation) -> Never {
        if PanicCount.increase(runsHook: true) != nil {
            abortWhilePanicking(payload: payload, location: location)
        }
        let info = PanicInfo(
            payload: payload,
            location: location,
            threadName: ThreadIdentity.currentName,
            canUnwind: PanicStrategy.compiled == .unwind
        )
        HookRegistry.current(info)
        PanicCount.finishedHook()
        leaveFrame(InFlightPanic(payload: payload, location: location))
    }

    /// Sends a caught panic on without running the hook (`resumeUnwind`).
    /// Resuming while this thread is already panicking aborts.
    @inline(never)
    package static func resume(_ panic: InFlightPanic) -> Never {
        if PanicCount.increase(runsHook: false) != nil {
            abortWhilePanicking(payload: panic.payload, location: panic.location)
        }
        leaveFrame(panic)
    }

    /// The last step of a panic (Rust's `__rust_start_panic`).
    private static func leaveFrame(_ panic: InFlightPanic) -> Never {
        switch PanicStrategy.compiled {
        case .abort:
            cunwind_abort()
        case .unwind:
            if cunwind_has_catch_frame() {
                cunwind_unwind(Unmanaged.passRetained(panic).toOpaque())
            }
            exitUncaught()
        }
    }

    /// A panic nothing on this thread catches ends the process as Rust's
    /// `main` does: stdout flushed, status 101.
    package static func exitUncaught() -> Never {
        fflush(nil)
        exit(101)
    }

    /// A panic while panicking: no hook (it may be what panicked), three lines
    /// on stderr, SIGABRT. The message is shown only when it is text, so no
    /// user code runs here.
    private static func abortWhilePanicking(payload: any Sendable, location: SourceLocation) -> Never {
        let message = PanicPayload.text(of: payload).map(ReportText.inert) ?? ""
        StandardError.write(
            "panicked at \(ReportText.inert(location.description)):\n\(message)\nthread panicked while processing panic. aborting.\n"
        )
        cunwind_abort()
    }
}
