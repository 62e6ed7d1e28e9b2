import CUnwind
import Panic

/// Runs `main` as Rust's runtime runs a Rust program's `main`, then ends the
/// process (`lang_start`). Call it once, from the main thread, as the first
/// and only statement of `main.swift` (or use ``PanicMain`` with `@main`):
///
/// ```swift
/// import PanicRuntime
/// start { try serve() }
/// ```
///
/// In order:
/// 0. File descriptors 0–2 that are closed are opened on `/dev/null`
///    (as Rust's runtime does), so the program's files never take them.
/// 1. SIGPIPE is ignored (or as `sigpipe` says): a write to a closed pipe
///    fails with `EPIPE` instead of killing the process.
/// 2. Stack overflows are reported: the main thread gets an alternate signal
///    stack, and a hit in its guard region prints
///    `thread 'main' (<tid>) has overflowed its stack` and
///    `fatal runtime error: stack overflow, aborting`, then SIGABRT.
/// 3. Swift's traps (index out of range, nil unwrap, overflow,
///    `precondition`, `fatalError`) become panics: ``TrapInterception``.
///    Call `TrapInterception.disable()` first thing in `main` to keep
///    Swift's default, a crash.
/// 4. The main thread is named `main` in panic reports.
/// 5. `main` runs inside `catchUnwind` and `beginShortBacktrace(_:)`.
/// 6. The cleanup runs once: stdout flushed, ``atExit(_:)`` actions run.
/// 7. The process exits: 0 when `main` returns; 1 after printing
///    `Error: <String(describing: error)>` to stderr when it throws; 101
///    after the panic report when it panics (SIGABRT under `PanicAbort`).
///
/// Panics in Swift concurrency: a `catchUnwind` only catches panics raised
/// by the code it runs on its own thread and in its own task. A panic inside
/// an async task (a `Task`, an `async let`, a task group's child, also one
/// started with `Task.immediate` inside a `catchUnwind`) is never caught
/// across the task boundary or a suspension point: it is reported, stdout is
/// flushed, the at-exit actions run and the process exits with status 101.
/// A `catchUnwind` written inside an async function, around synchronous
/// code, is judged by the same survival rule as anywhere else.
public func start(sigpipe: SigPipe = .ignore, _ main: () throws -> Void) -> Never {
    start(sigpipe: sigpipe) { () throws -> ExitCode in
        try main()
        return .success
    }
}

/// Runs `main` as the `Void` form does and exits with the status
/// it returns (the low 8 bits reach the parent); 1 when it throws, 101 when it panics.
///
/// Write the number with `return` (`start { return 7 }`) or give the closure
/// its type (`start { () -> Int32 in 7 }`): a closure that is a bare literal,
/// `start { 7 }`, is taken as the `Void` form (this overload is the less
/// preferred one, so that closures of several statements need no type).
@_disfavoredOverload
public func start(sigpipe: SigPipe = .ignore, _ main: () throws -> Int32) -> Never {
    start(sigpipe: sigpipe) { ExitCode(try main()) }
}

/// Runs `main` as the `Void` form does and exits with the status its result
/// reports (``Termination/report()``, itself run inside the `catchUnwind`);
/// 1 when `main` throws, 101 when it or `report()` panics.
public func start<T: Termination>(sigpipe: SigPipe = .ignore, _ main: () throws -> T) -> Never {
    ProgramStart.prepare(sigpipe: sigpipe)
    let status = ProgramStart.run(main)
    // After a panic the status is 101 whatever becomes of the last flush.
    if status == ProgramStart.uncaughtPanicStatus { cunwind_sigpipe_block_on_thread() }
    ProcessCleanup.runOnce()
    exit(status)
}

/// The steps of `start`, apart so that tests can run them one by one.
package enum ProgramStart {
    /// Steps 0 to 4: fds 0–2, SIGPIPE, the overflow handler, trap interception, the main thread's name.
    package static func prepare(sigpipe: SigPipe) {
        StandardDescriptors.sanitize()
        sigpipe.apply()
        TrapInterception.enable()
        // The main thread needs no recorded name: reports call it `main`.
        if cunwind_thread_is_main() {
            StackOverflowReporting.prepareMainThread()
        }
    }

    /// Step 5: runs `main` and returns the exit status it stands for, having
    /// printed `Error: …` for a thrown error.
    package static func run<T: Termination>(_ main: () throws -> T) -> Int32 {
        let outcome = catchUnwind { () -> Int32 in
            do {
                return try beginShortBacktrace(main).report().rawValue
            } catch {
                StandardError.writeReport(errorReport(error))
                return ExitCode.failure.rawValue
            }
        }
        switch outcome {
        case .success(let status): return status
        case .failure: return uncaughtPanicStatus
        }
    }

    /// The status of a process whose `main` panicked.
    package static let uncaughtPanicStatus: Int32 = 101

    /// What `start` prints for an error thrown by `main` (Rust prints `Error: {err:?}`).
    package static func errorReport(_ error: any Error) -> String {
        "Error: \(ReportText.inert(String(describing: error)))\n"
    }
}
