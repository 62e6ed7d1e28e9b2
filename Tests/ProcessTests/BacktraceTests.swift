import Testing

/// The frame lines (`   N: name`) of a report, in order.
func frameNames(_ stderr: String) -> [String] {
    stderr.split(separator: "\n").compactMap { line in
        let text = String(line)
        guard let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy({ $0 == " " || $0.isNumber }),
              text[..<colon].contains(where: \.isNumber) else { return nil }
        return String(text[text.index(colon, offsetBy: 2)...])
    }
}

let shortNote = "note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace."

@Suite("Backtraces in panic reports")
struct BacktraceReportTests {
    /// The chain every scenario panics through, innermost first
    /// (innerStep is inlined into middleStep in release builds).
    let chain = ["PanicFixture.innerStep()", "PanicFixture.middleStep()", "PanicFixture.outerStep()"]

    @Test("short: the caller of panic first, down to beginShortBacktrace, with file:line")
    func short() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "1"])
        let names = frameNames(outcome.stderr)
        #expect(Array(names.prefix(3)) == chain, "\(outcome)")
        // Below outerStep only the closure handed to beginShortBacktrace (and, in release, its thunk); nothing of main or libc.
        #expect(names.dropFirst(3).allSatisfy { $0.hasPrefix("closure #") }, "\(outcome)")
        #expect((4...5).contains(names.count), "\(outcome)")
        #expect(names.allSatisfy { !$0.contains("Panic.") && !$0.contains("__libc_start") && !$0.contains("cunwind") }, "\(outcome)")
        #expect(outcome.stderr.contains("stack backtrace:\n   0: PanicFixture.innerStep()\n             at ./Tests/Fixtures/PanicFixture/Scenarios.swift:\(ScenarioLines.line(of: "func innerStep")):"), "\(outcome)")
        #expect(outcome.stderr.contains("   1: PanicFixture.middleStep()\n             at ./Tests/Fixtures/PanicFixture/Scenarios.swift:\(ScenarioLines.line(of: "func middleStep")):"), "\(outcome)")
        #expect(outcome.stderr.hasSuffix(shortNote + "\n"), "\(outcome)")
        #expect(!outcome.stderr.contains("PANIC_BACKTRACE=1"))
    }

    @Test("full: every frame with addresses, the machinery and libc included")
    func full() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "full"])
        let names = frameNames(outcome.stderr)
        #expect(names.first?.contains(" - ") == true && names.first?.contains("0x") == true, "\(outcome)")
        #expect(names.contains { $0.contains("Panic.Panicking.begin") }, "\(outcome)")
        #expect(names.contains { $0.contains("PanicFixture.innerStep() -> Swift.Int") }, "\(outcome)")
        #expect(names.contains { $0.contains("Panic.beginShortBacktrace") }, "\(outcome)")
        #expect(names.contains { $0.contains("__libc_start_main") }, "\(outcome)")
        #expect(outcome.stderr.contains("at /"), "\(outcome)")
        #expect(!outcome.stderr.contains("note:"), "\(outcome)")
    }

    @Test("without a marker, short shows everything above the panic")
    func noMarker() throws {
        let outcome = try Fixture.run("backtrace-no-marker", environment: ["PANIC_BACKTRACE": "short"])
        let names = frameNames(outcome.stderr)
        #expect(Array(names.prefix(3)) == chain, "\(outcome)")
        #expect(names.contains("PanicFixture_main"), "\(outcome)")
        #expect(names.contains { $0.hasPrefix("__libc_start_main") }, "\(outcome)")
    }

    @Test("a hook's own Backtrace.capture() is trimmed the same way")
    func hookCapture() throws {
        let outcome = try Fixture.run("backtrace-hook-capture")
        #expect(outcome.stderr.hasPrefix("hook trace:\nstack backtrace:\n"), "\(outcome)")
        #expect(Array(frameNames(outcome.stderr).prefix(3)) == chain, "\(outcome)")
        #expect(frameNames(outcome.stderr).dropFirst(3).allSatisfy { $0.hasPrefix("closure #") }, "\(outcome)")
    }

    @Test("a capture outside any panic starts at its caller")
    func captureWithoutPanic() throws {
        let outcome = try Fixture.run("backtrace-capture-no-panic")
        #expect(outcome.exitStatus == 0)
        let names = frameNames(outcome.stdout)
        #expect(names.first == "PanicFixture.captureHere()", "\(outcome)")
        #expect(names.count == 2, "\(outcome)")
    }

    @Test("a trace on another thread ends at the thread's start")
    func otherThread() throws {
        let outcome = try Fixture.run("backtrace-thread", environment: ["PANIC_BACKTRACE": "1"])
        #if PanicAbort
        #expect(outcome.signal == 6, "\(outcome)")
        #else
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #endif
        #expect(outcome.stderr.contains("thread '<unnamed>' ("), "\(outcome)")
        let names = frameNames(outcome.stderr)
        #expect(Array(names.prefix(3)) == chain, "\(outcome)")
        #expect(names.contains("start_thread"), "\(outcome)")
        #expect(!names.contains { $0.contains("main") && $0.contains("libc") }, "\(outcome)")
    }

    @Test("PANIC_BACKTRACE values, hostile ones included, never crash and pick the right style", arguments: [
        ("0", "off"), ("full", "full"), ("1", "short"), ("short", "short"), ("", "short"), ("FULL", "short"),
        ("yes", "short"), ("\u{1B}[2J", "short"), (String(repeating: "z", count: 60_000), "short"), ("ünïcödé", "short"),
    ])
    func environmentValues(value: String, style: String) throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": value])
        #if PanicAbort
        #expect(outcome.signal == 6, "\(outcome)")
        #else
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #endif
        switch style {
        case "off":
            #expect(!outcome.stderr.contains("stack backtrace:"), "\(outcome)")
            #expect(outcome.stderr.contains("note: run with `PANIC_BACKTRACE=1`"), "\(outcome)")
        case "full":
            #expect(outcome.stderr.contains("stack backtrace:\n   0:"), "\(outcome)")
            #expect(!outcome.stderr.contains("note:"), "\(outcome)")
        default:
            #expect(frameNames(outcome.stderr).first == chain.first, "\(outcome)")
            #expect(outcome.stderr.contains(shortNote), "\(outcome)")
        }
    }

    @Test("no colour when stderr is not a terminal")
    func noColourInPipes() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "1"])
        #expect(!outcome.stderr.utf8.contains(0x1B))
    }
}
