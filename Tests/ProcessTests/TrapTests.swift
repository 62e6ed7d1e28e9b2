import Testing

@Suite("Swift traps become panics")
struct TrapTests {
    #if !PanicAbort
    @Test("each trap kind is caught with the runtime's message and the user's line; the process goes on")
    func everyKind() throws {
        let outcome = try Fixture.run("trap-loop", environment: ["ROUNDS": "4", "VERBOSE": "1"])
        #expect(outcome.exitStatus == 0, "\(outcome)")
        let hookLines = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("hook: ") }.map(String.init)
        #expect(hookLines.count == 4, "\(outcome)")
        let messages = [
            "Fatal error: Index out of range",
            "Fatal error: Unexpectedly found nil while unwrapping an Optional value",
            "Fatal error: arithmetic overflow",
            "Precondition failed: round 3",
        ]
        for line in hookLines {
            #expect(line.hasPrefix("hook: "), "\(line)")
            #expect(line.contains(" at PanicFixture/Scenarios.swift:"), "\(line)")
        }
        #expect(hookLines[0].hasPrefix("hook: \(messages[0]) at "), "\(outcome)")
        #expect(hookLines[1].hasPrefix("hook: \(messages[1]) at "), "\(outcome)")
        #expect(hookLines[2].hasPrefix("hook: \(messages[2]) at "), "\(outcome)")
        // -O drops precondition messages: the check's name is all there is.
        #expect(hookLines[3].hasPrefix("hook: \(messages[3]) at ") || hookLines[3].hasPrefix("hook: Fatal error: precondition failure at "), "\(outcome)")
        #expect(outcome.stdout.contains("caught 4 of 4; numbers [1, 2, 3]"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("threads trapping at once each get their own message")
    func concurrentTraps() throws {
        let outcome = try Fixture.run("trap-concurrent")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.contains("caught 1200; wrong messages 0"), "\(outcome)")
    }

    @Test("the location is the user's line and column")
    func location() throws {
        let outcome = try Fixture.run("trap-loop", environment: ["ROUNDS": "1", "VERBOSE": "1"])
        let line = ScenarioLines.line(of: "case 0: return numbers[numbers.count + round % 3]")
        #expect(outcome.stdout.contains(" at PanicFixture/Scenarios.swift:\(line):"), "\(outcome)")
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

    @Test("cleanups run innermost first when a panic passes, and after return and throw")
    func cleanupOrder() throws {
        let outcome = try Fixture.run("cleanup-order")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.split(separator: "\n").map(String.init) == [
            "body", "cleanup inner", "cleanup middle", "cleanup outer",
            "caught: failure(panicked at PanicFixture/Scenarios.swift:\(ScenarioLines.location(of: "panic(\"through three scopes\")")): through three scopes)",
            "cleanup after return", "returned 7",
            "cleanup after throw", "threw Oops()",
            "cleanup inside the frame", "after the inner catch", "cleanup outside the frame",
        ], "\(outcome)")
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
