import CUnwind
import Panic

/// Runs an async `main` as ``start(sigpipe:_:)-(_,()->Void)`` runs a synchronous
/// one, then ends the process:
///
/// ```swift
/// import PanicRuntime
/// start { try await serve() }
/// ```
///
/// The same steps, in the same order: SIGPIPE, the stack-overflow report on
/// the main thread, trap interception, the main thread named `main`, the
/// cleanup once, and the exit status (0; 1 after `Error: …` for a thrown
/// error; 101 after the report for a panic).
///
/// `main` runs on the main actor, on the process's main thread, which
/// drains the main queue until `main` returns (Swift's own async entry
/// point, `dispatch_main`, would end the main thread and run the main actor
/// elsewhere). A panic in `main` or in any task it starts, outside a
/// ``catchUnwindAsync(_:)``, prints one report and exits with status 101.
public func start(sigpipe: SigPipe = .ignore, _ main: @escaping @MainActor () async throws -> Void) -> Never {
    start(sigpipe: sigpipe) { @MainActor () async throws -> ExitCode in
        try await main()
        return .success
    }
}

/// Runs an async `main` and exits with the status it returns (the low 8
/// bits); 1 when it throws, 101 when it panics. See the `Void` form.
@_disfavoredOverload
public func start(sigpipe: SigPipe = .ignore, _ main: @escaping @MainActor () async throws -> Int32) -> Never {
    start(sigpipe: sigpipe) { @MainActor () async throws -> ExitCode in ExitCode(try await main()) }
}

/// Runs an async `main` and exits with the status its result reports
/// (``Termination/report()``); 1 when it throws, 101 when it or `report()`
/// panics. See the `Void` form.
public func start<T: Termination>(sigpipe: SigPipe = .ignore, _ main: @escaping @MainActor () async throws -> T) -> Never {
    ProgramStart.prepare(sigpipe: sigpipe)
    let status = AsyncProgramStart.run(main)
    ProcessCleanup.runOnce()
    exit(status)
}

/// The async `main`'s part of `start`.
package enum AsyncProgramStart {
    /// The status of the finished `main`, or `Int64.min` while it runs.
    private static let status = PanicAtomic<Int64>(.min)

    /// Runs `main` as a main-actor task and drains the main queue on this
    /// (the main) thread until it is done; returns its exit status.
    package static func run<T: Termination>(_ main: @escaping @MainActor () async throws -> T) -> Int32 {
        guard cunwind_main_queue_available() else {
            StandardError.writeReport("error: start: libdispatch's main-queue hooks were not found; an async main cannot run\n")
            return ExitCode.failure.rawValue
        }
        // The handle first: the main queue wakes it only once it exists.
        let wakeUp = cunwind_main_queue_handle()
        Task { @MainActor in
            let code: Int32
            do {
                code = try await main().report().rawValue
            } catch {
                StandardError.writeReport(ProgramStart.errorReport(error))
                code = ExitCode.failure.rawValue
            }
            status.store(Int64(code), ordering: .releasing)
        }
        while true {
            beginShortBacktrace { cunwind_main_queue_drain() }
            let code = status.load(ordering: .acquiring)
            if code != .min { return Int32(truncatingIfNeeded: code) }
            var ready = pollfd(fd: wakeUp, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, -1) > 0 {
                var count: UInt64 = 0
                _ = read(wakeUp, &count, MemoryLayout<UInt64>.size)
            }
        }
    }
}
