import Testing

/// The lines of a report after the leading blank line, with the thread id
/// replaced by `TID` so they can be compared exactly.
func reportLines(_ stderr: String) -> [String] {
    stderr.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        var line = String(line)
        if line.hasPrefix("thread '"), let open = line.range(of: "' ("), let close = line.range(of: ") panicked at ") {
            line.replaceSubrange(open.upperBound..<close.lowerBound, with: "TID")
        }
        return line
    }
}

let note = "note: run with `PANIC_BACKTRACE=1` environment variable to display a backtrace"
let doublePanicLine = "thread panicked while processing panic. aborting."

@Suite("A process that panics")
struct ProcessPanicTests {
    @Test("the Swift crash backtracer is on in the child (so the one-report checks can fail)")
    func backtracerIsOn() throws {
        let outcome = try Fixture.run("raw-abort")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("a panic in a hook aborts with three lines")
    func panicInHook() throws {
        let outcome = try Fixture.run("panic-in-hook")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(reportLines(outcome.stderr) == [
            "panicked at PanicFixture/Scenarios.swift:\(ScenarioLines.hookPanics):",
            "the hook panicked",
            doublePanicLine,
            "",
        ], "\(outcome)")
    }

    @Test("setHook from inside a hook is a panic while panicking")
    func setHookInHook() throws {
        let outcome = try Fixture.run("set-hook-in-hook")
        #expect(outcome.signal == 6, "\(outcome)")
        let lines = reportLines(outcome.stderr)
        #expect(lines.count == 4, "\(outcome)")
        #expect(lines.first?.hasPrefix("panicked at Panic/HookRegistry.swift:") == true, "\(outcome)")
        #expect(lines.dropFirst().first == "cannot modify the panic hook from a panicking thread")
        #expect(lines.dropFirst(2).first == doublePanicLine)
        #expect(!outcome.stderr.contains("Program crashed"))
    }

    #if !PanicAbort
    @Test("an uncaught panic: the report, stdout flushed, exit 101")
    func uncaught() throws {
        let outcome = try Fixture.run("uncaught")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stdout == "buffered line before the panic\n")
        #expect(reportLines(outcome.stderr) == [
            "",
            "thread 'main' (TID) panicked at PanicFixture/Scenarios.swift:\(ScenarioLines.uncaught):",
            "boom",
            note,
            "",
        ], "\(outcome)")
    }

    @Test("the thread id in the report is the child's (the main thread's id is its pid)")
    func threadID() throws {
        let outcome = try Fixture.run("uncaught")
        #expect(outcome.stderr.contains("thread 'main' ("), "\(outcome)")
        let id = outcome.stderr.split(separator: "(")[1].split(separator: ")")[0]
        #expect(Int(id) != nil && Int(id)! > 0)
    }

    @Test("fatal, the default message, an empty message")
    func fatalAndDefaults() throws {
        let fatal = try Fixture.run("uncaught-fatal")
        #expect(fatal.exitStatus == 101)
        #expect(reportLines(fatal.stderr).dropFirst(2).first == "fatal says no", "\(fatal)")
        let empty = try Fixture.run("uncaught-fatal-empty")
        #expect(empty.exitStatus == 101)
        #expect(reportLines(empty.stderr).dropFirst(2).first == "", "\(empty)")
        let explicit = try Fixture.run("default-message")
        #expect(reportLines(explicit.stderr).dropFirst(2).first == "explicit panic", "\(explicit)")
    }

    @Test("the backtrace note is printed for the first panic only")
    func noteOnce() throws {
        let outcome = try Fixture.run("two-panics")
        #expect(outcome.exitStatus == 101)
        #expect(outcome.reportCount == 2, "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: note).count == 2, "\(outcome)")
        #expect(outcome.stderr.hasSuffix("second\n"), "\(outcome)")
    }

    @Test("payloads that are not strings name their type")
    func nonStringPayloads() throws {
        let custom = try Fixture.run("non-string-payload")
        #expect(custom.exitStatus == 101)
        #expect(custom.stderr.contains("\n<non-string payload of type PanicFixture.Code>\n"), "\(custom)")
        let int = try Fixture.run("int-payload")
        #expect(int.stderr.contains("\n<non-string payload of type Swift.Int>\n"), "\(int)")
        let staticString = try Fixture.run("static-string-payload")
        #expect(staticString.stderr.contains("\nstatic\n"), "\(staticString)")
    }

    @Test("a 1 MiB message is reported whole")
    func hugeMessage() throws {
        let outcome = try Fixture.run("huge-message")
        #expect(outcome.exitStatus == 101)
        #expect(outcome.stderr.contains(String(repeating: "x", count: 1 << 20) + "END\n"), "exit \(String(describing: outcome.exitStatus)), \(outcome.stderr.utf8.count) bytes")
    }

    @Test("NUL bytes, escape sequences and invalid UTF-8 are printed inert")
    func hostileMessage() throws {
        let outcome = try Fixture.run("hostile-message")
        #expect(outcome.exitStatus == 101)
        #expect(outcome.stderr.contains("nul:\\0|esc:\\u{1B}[31mred|bell:\\u{7}|invalid:A\u{FFFD}\u{FFFD}B|tab:\t|end\n"), "\(outcome)")
        #expect(!outcome.stderr.utf8.contains(0x1B))
        #expect(!outcome.stderr.utf8.contains(0))
    }

    @Test("resumeUnwind with no catch frame left exits 101 after one report")
    func resumeUncaught() throws {
        let outcome = try Fixture.run("resume-uncaught")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"))
    }

    @Test("a custom hook replaces the report")
    func customHook() throws {
        let outcome = try Fixture.run("hook-replaced")
        #expect(outcome.exitStatus == 101)
        #expect(outcome.stderr == "custom hook: via custom hook at PanicFixture/Scenarios.swift:\(ScenarioLines.customHook) canUnwind=true thread=main\n", "\(outcome)")
    }

    @Test("a panic on a thread without a catch frame ends the process; the thread is <unnamed>")
    func plainThread() throws {
        let outcome = try Fixture.run("unnamed-thread")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stderr.contains("\nthread '<unnamed>' ("), "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"))
    }

    @Test("a caught panic lets the process exit 0 with counts back at zero")
    func caught() throws {
        let outcome = try Fixture.run("caught-then-exit-0")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.contains("caught: caught one at PanicFixture/Scenarios.swift:"))
        #expect(outcome.stdout.contains("count after: 0 0 false"))
        #expect(outcome.reportCount == 1)
    }
    #else
    @Test("PanicAbort: a panic is one report, then SIGABRT; no second report from the Swift backtracer")
    func abortStrategy() throws {
        let outcome = try Fixture.run("uncaught")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(reportLines(outcome.stderr) == [
            "",
            "thread 'main' (TID) panicked at PanicFixture/Scenarios.swift:\(ScenarioLines.uncaught):",
            "boom",
            note,
            "",
        ], "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
        #expect(!outcome.stderr.contains("Backtracing"), "\(outcome)")
    }

    @Test("PanicAbort: catchUnwind catches nothing")
    func abortCatchesNothing() throws {
        let outcome = try Fixture.run("catch-in-abort-build")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(!outcome.stdout.contains("returned"), "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("PanicAbort: the hook is told the panic cannot unwind")
    func abortHook() throws {
        let outcome = try Fixture.run("hook-replaced")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("custom hook: via custom hook at "), "\(outcome)")
        #expect(outcome.stderr.contains("canUnwind=false"), "\(outcome)")
    }
    #endif
}
