import CUnwind

/// The panic path, in one place (Rust's `panicking.rs`):
///
/// 1. count the panic; a panic while this thread is panicking (in its hook,
///    or in cleanup for a panic in flight) prints three lines and aborts;
/// 2. run the hook with a ``PanicInfo``;
/// 3. leave the frame: run the cleanups the panic passes (innermost
///    first), then jump to the innermost catch frame, or, with none, flush
///    stdout and exit 101 (or trap, when another tool's SIGILL handler would
///    take the trap); under the `PanicAbort` trait, abort (no cleanup).
package enum Panicking {
    /// Starts a panic with the hook (``panic(_:file:line:column:)`` and friends).
    ///
    /// The frames a panic leaves are never returned to, so nothing they own
    /// is ever released. This path owns nothing across the jump: the payload
    /// and location are taken over (`consuming`) into the in-flight box,
    /// which the catch frame releases, and everything the hook needs lives
    /// in ``runHook(_:)``, which returns before the jump.
    @inline(never)
    package static func begin(payload: consuming any Sendable, location: consuming SourceLocation) -> Never {
        // The survival check scans the skipped frames from here up.
        cunwind_mark_panic_entry()
        if let mustAbort = PanicCount.increase(runsHook: true) {
            abort(mustAbort, payload: consume payload, location: consume location)
        }
        let panic = runHook(Unmanaged.passRetained(InFlightPanic(payload: consume payload, location: consume location, threadName: ThreadIdentity.currentName, task: TaskIdentity.current)))
        PanicCount.finishedHook()
        leaveFrame(panic)
    }

    /// ``begin(payload:location:)`` for a payload that is text (`panic`,
    /// `fatal`, traps): the same steps, without a dynamic cast to find the
    /// message.
    @inline(never)
    package static func begin(message: consuming String, location: consuming SourceLocation) -> Never {
        cunwind_mark_panic_entry()
        if let mustAbort = PanicCount.increase(runsHook: true) {
            abort(mustAbort, payload: consume message, location: consume location)
        }
        let panic = runHook(InFlightPanic.forText(consume message, location: consume location))
        PanicCount.finishedHook()
        leaveFrame(panic)
    }

    /// A panic that must abort before its hook: while panicking, or in a
    /// cleanup for a panic in flight.
    private static func abort(_ reason: PanicCount.MustAbort, payload: consuming any Sendable, location: consuming SourceLocation) -> Never {
        switch reason {
        case .panicWhilePanicking: abortWhilePanicking(payload: consume payload, location: consume location)
        case .panicInCleanup: PanicInCleanup.abort(payload: consume payload, location: consume location)
        }
    }

    /// Calls the hook with the panic's ``PanicInfo`` (or records its report
    /// in the thread's ``ReportCapture``); everything made for it is
    /// released when this returns. The info holds the panic with the
    /// reference `panic` carries for the catch frame, handed back when the
    /// hook returns: no reference count changes, unless the hook keeps a copy.
    @inline(never)
    private static func runHook(_ panic: Unmanaged<InFlightPanic>) -> Unmanaged<InFlightPanic> {
        let info = PanicInfo(panic: panic.takeRetainedValue(), canUnwind: PanicStrategy.compiled == .unwind)
        if let capture = ReportCapture.current {
            capture.record(info)
        } else {
            HookRegistry.run(info)
        }
        return info.handBackPanic()
    }

    /// Starts a panic for a Swift runtime trap (called on the trapping
    /// thread by PanicRuntime's trap interception, outside the signal handler):
    /// the message and location are read from the stack at the trap.
    @inline(never)
    package static func beginTrap() -> Never {
        // Checked before the diagnosis, so that a trap inside a hook aborts
        // without symbolizing anything.
        if panicCount > 0 && !PanicInCleanup.isRunningCleanups {
            abortWhilePanicking(payload: "Fatal error: Swift runtime failure", location: SourceLocation(file: "<trap>", line: 0, column: 0))
        }
        let (message, location) = TrapDiagnosis.diagnose()
        begin(message: consume message, location: consume location)
    }

    /// Sends a caught panic on without running the hook (`resumeUnwind`).
    /// Resuming while this thread is already panicking aborts.
    @inline(never)
    package static func resume(_ panic: consuming InFlightPanic) -> Never {
        cunwind_mark_panic_entry()
        if PanicCount.increase(runsHook: false) != nil {
            abortWhilePanicking(payload: panic.payload, location: panic.location)
        }
        leaveFrame(Unmanaged.passRetained(consume panic))
    }

    /// The last step of a panic (Rust's `__rust_start_panic`). `panic` is
    /// retained once, for the catch frame.
    private static func leaveFrame(_ panic: Unmanaged<InFlightPanic>) -> Never {
        #if PanicAbort
        cunwind_abort()
        #else
        // Cleanups first (withUnwindCleanup), innermost first; a panic in
        // one of them is a panic while panicking, and aborts.
        var landing = cunwind_has_catch_frame()
        var stdoutLocks = 0, taskLocalPops = 0
        if landing {
            // Safe to go on after the jump? (docs/GUARANTEES.md, "Surviving a caught panic")
            switch SurvivalCheck.examine() {
            case .land(let locks, let pops): (stdoutLocks, taskLocalPops) = (locks, pops)
            case .uncatchable(let note): exitUncatchable(note: note)
            case .anotherTasksFrame: landing = false
            }
        }
        cunwind_run_unwind_cleanups(landing)
        if landing {
            if stdoutLocks > 0 { _ = cunwind_stdout_unlock(Int32(stdoutLocks)) }
            // The bindings of the skipped `TaskLocal.withValue` frames.
            if taskLocalPops > 0 { _ = cunwind_task_local_pop(Int32(taskLocalPops)) }
            // The skipped frames are dead now that their cleanups have run.
            cunwind_stale_words_erase()
            cunwind_unwind(panic.toOpaque())
        }
        // A tool that catches traps (Nimble's throwAssertion) sees this panic as it would see `fatalError`.
        if cunwind_trap_goes_to_another_tool() { handOnAsTrap(panic) }
        exitUncaught()
        #endif
    }

    /// Ends an uncaught panic as a trap, for another tool's SIGILL handler
    /// (installed over ours, or the one ours was installed over): the panic
    /// is over for this thread, which that tool usually ends. Handed back to
    /// ours (a tool that calls the handler it replaced), it exits 101.
    private static func handOnAsTrap(_ panic: Unmanaged<InFlightPanic>) -> Never {
        panic.release()
        PanicCount.decrease()
        fflush(nil)
        cunwind_hand_trap_on(101)
    }

    /// A panic nothing on this thread catches ends the process as Rust's
    /// `main` does: stdout flushed, status 101.
    package static func exitUncaught() -> Never {
        fflush(nil)
        exit(101)
    }

    /// A panic whose catch frame cannot be landed in safely (``SurvivalCheck``):
    /// one line after the report saying why, stdout flushed, status 101. No
    /// cleanup and no `atExit` action runs, and `_exit` skips the C exit
    /// handlers: any of them could wait on what the skipped frames hold.
    private static func exitUncatchable(note: String) -> Never {
        // A report captured for a test (ReportCapture) would be lost with the
        // process: print it, then the note.
        if let captured = ReportCapture.current?.text, !captured.isEmpty {
            StandardError.writeReport(captured)
        }
        StandardError.write("\(note)\n")
        fflush(nil)
        _exit(101)
    }

    /// A panic while panicking: no hook (it may be what panicked), three lines
    /// on stderr, SIGABRT. The message is shown only when it is text, so no
    /// user code runs here.
    static func abortWhilePanicking(payload: consuming any Sendable, location: consuming SourceLocation) -> Never {
        let message = PanicPayload.text(of: payload).map(ReportText.inert) ?? ""
        let report = "panicked at \(ReportText.inert(location.description)):\n\(message)\nthread panicked while processing panic. aborting.\n"
        // Nothing owned is left for after the abort (the compiler warns about
        // end-of-scope releases that a `Never` call makes unreachable).
        _ = consume payload
        _ = consume location
        StandardError.write(report)
        cunwind_abort()
    }
}
