import Testing

@Suite("Swift traps become panics")
struct TrapTests {
    #if !PanicAbort
    @Test("threads trapping at once each get their own message")
    func concurrentTraps() throws {
        let outcome = try Fixture.run("trap-concurrent")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.contains("caught 1200; wrong messages 0"), "\(outcome)")
    }

    @Test("threads failing at the same fatalError line at once each get their own message")
    func concurrentSameLine() throws {
        let outcome = try Fixture.run("trap-concurrent-same-line")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.contains("caught 600; foreign messages 0; wrong locations 0; swapped 0\n"), "\(outcome)")
    }

    @Test("thousands of traps in a row, the process healthy and its memory flat")
    func manyTraps() throws {
        let outcome = try Fixture.run("trap-loop", environment: ["ROUNDS": "4000"])
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.contains("caught 4000 of 4000; numbers [1, 2, 3]"), "\(outcome)")
        // Before the runtime's fatal-error record was taken over, 4000 debug traps reached 600 MB.
        let rss = outcome.stdout.split(separator: " ").last.flatMap { _ in
            outcome.stdout.components(separatedBy: "max RSS ").last?.split(separator: " ").first.flatMap { Int($0) }
        }
        #expect((rss ?? .max) < 100_000, "max RSS \(String(describing: rss)) KiB\n\(outcome)")
    }

    @Test("a caught trap: the report in the panic format, then the same array is read again")
    func caughtThenHealthy() throws {
        let outcome = try Fixture.run("trap-index")
        #expect(outcome.stdout.contains("result: failure(panicked at PanicFixture/Scenarios.swift:"), "\(outcome)")
        #expect(outcome.stdout.contains(": Fatal error: Index out of range)\nagain: 2\n"), "\(outcome)")
        // The last read traps with nothing to catch it: one more report, exit 101.
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 2, "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("an uncaught trap exits 101 after one report in the panic format")
    func uncaught() throws {
        let outcome = try Fixture.run("trap-uncaught")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("panicked at PanicFixture/Scenarios.swift:\(ScenarioLines.line(of: "say(\"value \\(value!)\")")):"), "\(outcome)")
        #expect(outcome.stderr.contains("\nFatal error: Unexpectedly found nil while unwrapping an Optional value\n"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("disabled, a trap kills the process as before (the Swift backtracer reports it)")
    func disabled() throws {
        let outcome = try Fixture.run("trap-disabled")
        #expect(outcome.signal == 4, "\(outcome)")
        #expect(outcome.stderr.contains("Program crashed: Illegal instruction"), "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"))
    }

    @Test("a panic with nothing to catch it runs the cleanups, then exits 101")
    func cleanupBeforeExit() throws {
        let outcome = try Fixture.run("cleanup-uncaught")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stdout == "cleanup before exit\n", "\(outcome)")
    }

    @Test("200,000 caught panics grow resident memory by under 8 MiB")
    func memory() throws {
        let outcome = try Fixture.run("panic-memory")
        #expect(outcome.stdout.contains("caught 200000 of 200000"), "\(outcome)")
        let growth = outcome.stdout.components(separatedBy: "growth ").last?.split(separator: " ").first.flatMap { Int($0) }
        #expect(growth != nil && growth! < 8 * 1024, "\(outcome)")
    }

    @Test("the swift-log hook logs the panic at critical, then the report follows")
    func loggingHook() throws {
        let outcome = try Fixture.run("logging-hook")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.contains(" critical fixture: panic.backtrace=stack backtrace:"), "\(outcome)")
        #expect(outcome.stdout.contains("panic.location=PanicFixture/Scenarios.swift:"), "\(outcome)")
        #expect(outcome.stdout.contains("panic.thread=main [PanicLogging] panicked: logged panic"), "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
    }
    #else
    @Test("PanicAbort: a trap is reported once in the panic format, then SIGABRT")
    func abortTrap() throws {
        let outcome = try Fixture.run("trap-uncaught")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("\nFatal error: Unexpectedly found nil while unwrapping an Optional value\n"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("PanicAbort: cleanups do not run; the process aborts")
    func abortSkipsCleanup() throws {
        let outcome = try Fixture.run("cleanup-uncaught")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
    }
    #endif

    @Test("a panic inside a cleanup while a panic passes aborts with the double-panic message")
    func cleanupPanics() throws {
        let outcome = try Fixture.run("cleanup-panics")
        #expect(outcome.signal == 6, "\(outcome)")
        #if !PanicAbort
        #expect(normalisedLines(outcome.stderr).suffix(4) == ["thread 'main' (TID) panicked at PanicFixture/Scenarios.swift:\(ScenarioLines.location(of: "panic(\"the cleanup panicked\")")):", "panic in a destructor during cleanup", "thread caused non-unwinding panic. aborting.", ""], "\(outcome)")
        #endif
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }
}
