import Testing

/// The report of an uncaught panic raised at `call` in StartFixture's AsyncScenarios.swift.
private func asyncPanicReport(thread: String, call: String, message: String) -> [String] {
    ["", "thread '\(thread)' (TID) panicked at \(AsyncScenarioLines.location(of: call)):", message, note, ""]
}

/// Where calls are in StartFixture's AsyncScenarios.swift.
enum AsyncScenarioLines {
    static let file = FixtureSource("StartFixture/AsyncScenarios.swift")
    static func location(of call: String) -> String { file.location(of: call) }
}

@Suite("start with an async main")
struct AsyncStartTests {
    @Test("async main: exits 0, runs on the main thread, stdout flushed")
    func void() throws {
        let outcome = try Fixture.start("async-void")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "async main ran on the main thread: true\n", "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
    }

    @Test("async main: an Int32, a Termination, a thrown error")
    func statuses() throws {
        let int32 = try Fixture.start("async-int32")
        #expect(int32.exitStatus == 7, "\(int32)")
        let verdict = try Fixture.start("async-termination")
        #expect(verdict.exitStatus == 4, "\(verdict)")
        #expect(verdict.stderr == "verdict: rejected\n", "\(verdict)")
        let thrown = try Fixture.start("async-throws")
        #expect(thrown.exitStatus == 1, "\(thrown)")
        #expect(thrown.stderr == "Error: disk full at /async\n", "\(thrown)")
    }

    #if !PanicAbort
    @Test("async main: a panic after a suspension prints one report on thread 'main', runs cleanup once, exits 101")
    func panics() throws {
        let outcome = try Fixture.start("async-panics")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == asyncPanicReport(
            thread: "main", call: "panic(\"async main gave up\")", message: "async main gave up"), "\(outcome)")
        #expect(outcome.stdout == "buffered before the panic\ncleanup ran\n", "\(outcome)")
    }

    @Test("async main: a trap is a panic (one report, 101), no crash report from the Swift runtime")
    func trap() throws {
        let outcome = try Fixture.start("async-trap")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stderr.contains("thread 'main' ("), "\(outcome)")
        #expect(outcome.stderr.contains("Index out of range"), "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "panicked at").count == 2, "\(outcome)")
        #expect(!outcome.stderr.contains("Crash"), "\(outcome)")
    }

    #else
    @Test("PanicAbort: a panic in async main is one report on thread 'main', then SIGABRT; no at-exit actions")
    func panicsAbort() throws {
        let outcome = try Fixture.start("async-panics")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == asyncPanicReport(
            thread: "main", call: "panic(\"async main gave up\")", message: "async main gave up"), "\(outcome)")
        #expect(!outcome.stdout.contains("cleanup ran"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }
    #endif

    @Test("async main: a stack overflow on the main thread is reported")
    func overflow() throws {
        let outcome = try Fixture.start("async-overflow")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == overflowReport(thread: "main"), "\(outcome)")
    }

    @Test("async main: SIGPIPE is ignored")
    func sigpipe() throws {
        let outcome = try Fixture.start("async-sigpipe")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "EPIPE\n", "\(outcome)")
    }

    #if !PanicAbort
    @Test("async main: a panic in a detached task ends the process with one report, cleanup ran")
    func taskPanics() throws {
        let outcome = try Fixture.start("async-task-panics")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "panicked at").count == 2, "\(outcome)")
        #expect(outcome.stderr.contains("in a detached task\n"), "\(outcome)")
        #expect(outcome.stdout == "cleanup ran\n", "\(outcome)")
    }

    @Test("PanicMain with an async run(): main thread, exit codes, a panic exits 101")
    func panicMain() throws {
        let void = try Fixture.start("async-panic-main-void")
        #expect(void.exitStatus == 0, "\(void)")
        #expect(void.stdout == "AsyncVoidMain ran on the main thread: true\n", "\(void)")
        let code = try Fixture.start("async-panic-main-exit-code")
        #expect(code.exitStatus == 6, "\(code)")
        let panics = try Fixture.start("async-panic-main-panics")
        #expect(panics.exitStatus == 101, "\(panics)")
        #expect(normalisedLines(panics.stderr) == asyncPanicReport(
            thread: "main", call: "panic(\"async run gave up\")", message: "async run gave up"), "\(panics)")
    }
    #endif
}

#if PanicAbort
@Suite("catchUnwindAsync under PanicAbort")
struct CatchUnwindAsyncAbortTests {
    @Test("nothing is caught: the first panic is one report, then SIGABRT")
    func abort() throws {
        let outcome = try Fixture.start("catch-async")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "panicked at").count == 2, "\(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }
}
#else
@Suite("catchUnwindAsync: what ends the process")
struct CatchUnwindAsyncProcessTests {
    @Test("caught in an async main: the process goes on, exits 0")
    func caught() throws {
        let outcome = try Fixture.start("catch-async")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "caught: caught after a sleep\n", "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "panicked at").count == 2, "\(outcome)")
    }

    @Test("a panic on an actor: the report, one line saying why, status 101, no hang")
    func onActor() throws {
        let outcome = try Fixture.start("catch-async-on-actor")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        // The report names no Dispatch thread: the body runs in an unnamed task on a pool thread.
        let lines = Array(normalisedLines(outcome.stderr).dropFirst(2))
        #expect(outcome.stderr.hasPrefix("\nan async task on a pool thread ("), "\(outcome)")
        #expect(outcome.stderr.contains(" panicked at \(AsyncScenarioLines.location(of: "panic(\"panic on an actor\")")):\n"), "\(outcome)")
        #expect(lines == ["panic on an actor", note,
            "note: the panic happened while isolated to an actor, which would stay locked forever; it cannot be caught", ""],
            "\(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
    }

    @Test("outside the boundary: a Task made by the body, another executor preference, MainActor.run; one report, 101")
    func outside() throws {
        let task = try Fixture.start("catch-async-task-inside")
        #expect(task.exitStatus == 101, "\(task)")
        #expect(task.stderr.contains("in a Task made by the body\n"), "\(task)")
        #expect(task.stderr.components(separatedBy: "panicked at").count == 2, "\(task)")
        let preference = try Fixture.start("catch-async-other-preference")
        #expect(preference.exitStatus == 101, "\(preference)")
        #expect(preference.stderr.contains("under another executor preference\n"), "\(preference)")
        #expect(preference.stderr.components(separatedBy: "panicked at").count == 2, "\(preference)")
        let mainActor = try Fixture.start("catch-async-main-actor")
        #expect(mainActor.exitStatus == 101, "\(mainActor)")
        #expect(mainActor.stderr.contains("thread 'main' ("), "\(mainActor)")
        #expect(mainActor.stderr.contains("on the main actor\n"), "\(mainActor)")
        #expect(mainActor.stderr.components(separatedBy: "panicked at").count == 2, "\(mainActor)")
    }
}
#endif
