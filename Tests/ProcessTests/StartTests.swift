import Testing

/// The report of an uncaught panic raised at `call` in StartFixture's Scenarios.swift.
private func panicReport(thread: String, call: String, message: String) -> [String] {
    ["", "thread '\(thread)' (TID) panicked at \(StartScenarioLines.location(of: call)):", message, note, ""]
}

@Suite("start: exit status")
struct StartExitStatusTests {
    @Test("main returning nothing exits 0, stdout flushed")
    func void() throws {
        let outcome = try Fixture.start("void")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "main ran\n", "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
    }

    @Test("an Int32 is the exit status (typed closure, or `return`)")
    func int32() throws {
        let explicit = try Fixture.start("int32")
        #expect(explicit.exitStatus == 7, "\(explicit)")
        let literal = try Fixture.start("int32-return")
        #expect(literal.exitStatus == 42, "\(literal)")
    }

    @Test("an ExitCode is the exit status")
    func exitCode() throws {
        let three = try Fixture.start("exit-code")
        #expect(three.exitStatus == 3, "\(three)")
        let failure = try Fixture.start("exit-code-failure")
        #expect(failure.exitStatus == 1, "\(failure)")
    }

    @Test("a custom Termination reports its own status")
    func termination() throws {
        let outcome = try Fixture.start("termination")
        #expect(outcome.exitStatus == 4, "\(outcome)")
        #expect(outcome.stderr == "verdict: rejected\n", "\(outcome)")
    }

    @Test("a thrown error prints `Error: <description>` and exits 1")
    func thrown() throws {
        let described = try Fixture.start("throws")
        #expect(described.exitStatus == 1, "\(described)")
        #expect(described.stderr == "Error: disk full at /var\n", "\(described)")
        let plain = try Fixture.start("throws-plain")
        #expect(plain.exitStatus == 1, "\(plain)")
        #expect(plain.stderr == "Error: PlainError(code: 5)\n", "\(plain)")
    }

    @Test("PanicMain: the static main() runs run() through start")
    func panicMain() throws {
        let void = try Fixture.start("panic-main-void")
        #expect(void.exitStatus == 0, "\(void)")
        #expect(void.stdout == "VoidMain ran\n", "\(void)")
        let int32 = try Fixture.start("panic-main-int32")
        #expect(int32.exitStatus == 9, "\(int32)")
        let exitCode = try Fixture.start("panic-main-exit-code")
        #expect(exitCode.exitStatus == 5, "\(exitCode)")
        let thrown = try Fixture.start("panic-main-throws")
        #expect(thrown.exitStatus == 1, "\(thrown)")
        #expect(thrown.stderr == "Error: disk full at /srv\n", "\(thrown)")
        let sigpipe = try Fixture.start("panic-main-sigpipe")
        #expect(sigpipe.signal == SIGPIPE_NUMBER, "\(sigpipe)")
        #expect(!sigpipe.stdout.contains("not reached"), "\(sigpipe)")
    }

    @Test("at-exit actions run once, last registered first, after main's output")
    func atExit() throws {
        let outcome = try Fixture.start("at-exit")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "main done\nsecond registered\nfirst registered\n", "\(outcome)")
    }

    @Test("at-exit actions run at exit() without start")
    func atExitWithoutStart() throws {
        let outcome = try Fixture.start("at-exit-on-exit")
        #expect(outcome.exitStatus == 3, "\(outcome)")
        #expect(outcome.stdout == "cleanup ran\n", "\(outcome)")
    }

    #if !PanicAbort
    @Test("a panic in main: the report naming 'main', stdout flushed, exit 101")
    func panics() throws {
        let outcome = try Fixture.start("panics")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stdout == "buffered before the panic\n", "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == panicReport(thread: "main", call: "panic(\"main gave up\")", message: "main gave up"), "\(outcome)")
    }

    @Test("a panic in Termination.report() exits 101")
    func panicInReport() throws {
        let outcome = try Fixture.start("panic-in-report")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("\nreport failed\n"), "\(outcome)")
    }

    @Test("at-exit actions run once after a panic in main")
    func atExitAfterPanic() throws {
        let outcome = try Fixture.start("at-exit-after-panic")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stdout == "cleanup ran\n", "\(outcome)")
    }

    @Test("a panicking at-exit action is reported; the others still run; the status stays")
    func panickingAction() throws {
        let outcome = try Fixture.start("at-exit-panicking-action")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "other action ran\n", "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("\nthe action failed\n"), "\(outcome)")
    }
    #else
    @Test("PanicAbort: a panic in main is one report, then SIGABRT; no at-exit actions")
    func panicsAbort() throws {
        let outcome = try Fixture.start("panics")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == panicReport(thread: "main", call: "panic(\"main gave up\")", message: "main gave up"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
        let cleanup = try Fixture.start("at-exit-after-panic")
        #expect(cleanup.signal == 6, "\(cleanup)")
        #expect(cleanup.stdout == "", "\(cleanup)")
    }
    #endif
}

/// SIGPIPE's number on Linux.
let SIGPIPE_NUMBER: Int32 = 13

@Suite("start: SIGPIPE")
struct StartSigPipeTests {
    @Test("ignored by default: a write to a closed pipe fails with EPIPE and the process goes on")
    func ignored() throws {
        let outcome = try Fixture.start("sigpipe-ignore")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "EPIPE\n", "\(outcome)")
    }

    @Test("ignored by default, but not for stdout: a write to stdout whose reader is gone ends the process (SIGPIPE)")
    func closedStdout() throws {
        let outcome = try Fixture.startWithStdoutClosed("stdout-closed")
        #expect(outcome.signal == SIGPIPE_NUMBER, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
    }

    @Test(".terminate: killed by SIGPIPE")
    func terminate() throws {
        let outcome = try Fixture.start("sigpipe-terminate")
        #expect(outcome.signal == SIGPIPE_NUMBER, "\(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
    }

    @Test(".inherit: the disposition the process had is kept")
    func inherit() throws {
        let ignored = try Fixture.start("sigpipe-inherit-ignored")
        #expect(ignored.exitStatus == 0, "\(ignored)")
        #expect(ignored.stdout == "EPIPE\n", "\(ignored)")
        let killed = try Fixture.start("sigpipe-inherit-default")
        #expect(killed.signal == SIGPIPE_NUMBER, "\(killed)")
        #expect(killed.stdout == "", "\(killed)")
    }
}

@Suite("start: stack overflow and other faults")
struct StackOverflowTests {
    @Test("overflow on the main thread: two lines, SIGABRT, no second report")
    func mainThread() throws {
        let outcome = try Fixture.start("overflow-main")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == overflowReport(thread: "main"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("overflow on a spawned thread names it: given, long, or <unknown> (Rust 1.95's word for it)")
    func spawnedThread() throws {
        let named = try Fixture.start("overflow-spawned")
        #expect(named.signal == 6, "\(named)")
        #expect(normalisedLines(named.stderr) == overflowReport(thread: "deep-worker"), "\(named)")
        #expect(!named.stdout.contains("not reached"))
        let long = try Fixture.start("overflow-spawned-long-name")
        #expect(long.signal == 6, "\(long)")
        #expect(normalisedLines(long.stderr) == overflowReport(thread: "a worker whose name is longer than fifteen bytes"), "\(long)")
        let unnamed = try Fixture.start("overflow-spawned-unnamed")
        #expect(unnamed.signal == 6, "\(unnamed)")
        #expect(normalisedLines(unnamed.stderr) == overflowReport(thread: "<unknown>"), "\(unnamed)")
    }

    @Test("the report's thread id is the overflowing thread's, not the process's")
    func threadID() throws {
        let outcome = try Fixture.start("overflow-spawned")
        let id = outcome.stderr.split(separator: "(").dropFirst().first?.split(separator: ")").first
        #expect(id.flatMap { Int($0) } != nil, "\(outcome)")
        let main = try Fixture.start("overflow-main")
        #expect(main.stderr.contains("thread 'main' ("), "\(main)")
    }

    @Test("after 50 spawned threads came and went, the main thread's overflow is still reported")
    func afterThreads() throws {
        let outcome = try Fixture.start("overflow-after-spawned-threads")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == overflowReport(thread: "main"), "\(outcome)")
    }

    @Test("control: without start, an overflow is not reported this way")
    func withoutStart() throws {
        let outcome = try Fixture.start("overflow-without-start")
        #expect(outcome.signal == 11, "\(outcome)")
        #expect(!outcome.stderr.contains("has overflowed its stack"), "\(outcome)")
    }

    @Test("control: a fault outside the guard still gets the Swift runtime's crash report")
    func otherFault() throws {
        let outcome = try Fixture.start("segv-bad-address")
        #expect(outcome.signal == 11, "\(outcome)")
        #expect(outcome.stderr.contains("Program crashed"), "\(outcome)")
        #expect(!outcome.stderr.contains("has overflowed its stack"), "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"))
    }

    // With the Swift backtracer on, a raised SIGSEGV is reported and then
    // swallowed by the backtracer itself (it returns, as for a fault that
    // would happen again): so this runs with it off, the default action behind.
    @Test("a SIGSEGV sent with raise() is not swallowed by the handler")
    func raisedSignal() throws {
        let outcome = try Fixture.run("segv-raised", executable: "StartFixture", environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(outcome.signal == 11, "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"), "\(outcome)")
        #expect(!outcome.stderr.contains("has overflowed its stack"), "\(outcome)")
    }
}

@Suite("spawn and async tasks in a process")
struct SpawnProcessTests {
    #if !PanicAbort
    @Test("a panic in a spawned thread is reported with its name and comes back from join")
    func joinedPanic() throws {
        let outcome = try Fixture.start("spawn-join")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "joined a panic: worker failed\nsecond: success(42)\n", "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == panicReport(thread: "worker-1", call: "panic(\"worker failed\")", message: "worker failed"), "\(outcome)")
    }

    @Test("an un-joined thread's panic is reported and the process goes on")
    func unjoinedPanic() throws {
        let outcome = try Fixture.start("spawn-unjoined")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "main goes on\n", "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == panicReport(thread: "lost", call: "panic(\"nobody joins\")", message: "nobody joins"), "\(outcome)")
    }

    @Test("a panic in an async task: reported, at-exit actions run, exit 101")
    func taskPanic() throws {
        let outcome = try Fixture.start("task-panics")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains(") panicked at \(StartScenarioLines.location(of: "panic(\"in a task\")")):\nin a task\n"), "\(outcome)")
        #expect(outcome.stdout == "cleanup ran\n", "\(outcome)")
    }

    @Test("a task started inside a catchUnwind (Task.immediate) is not caught by it: exit 101")
    func immediateTask() throws {
        let outcome = try Fixture.start("immediate-task-in-catch")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(!outcome.stdout.contains("caught the task's panic"), "\(outcome)")
    }
    #else
    @Test("PanicAbort: a panic in a spawned thread or a task is one report, then SIGABRT")
    func abortInThreads() throws {
        for scenario in ["spawn-join", "spawn-unjoined", "task-panics", "catch-in-task"] {
            let outcome = try Fixture.start(scenario)
            #expect(outcome.signal == 6, "\(scenario): \(outcome)")
            #expect(outcome.reportCount == 1, "\(scenario): \(outcome)")
            #expect(!outcome.stderr.contains("Program crashed"), "\(scenario): \(outcome)")
        }
        let joined = try Fixture.start("spawn-join")
        #expect(normalisedLines(joined.stderr) == panicReport(thread: "worker-1", call: "panic(\"worker failed\")", message: "worker failed"), "\(joined)")
        #expect(joined.stdout == "", "\(joined)")
    }
    #endif
}
