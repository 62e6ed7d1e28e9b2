import Testing

/// `PANIC_BACKTRACE` turns on the backtrace in the panic report.
struct BacktraceTests {
    @Test func shortBacktraceShowsTheUsersFrames() throws {
        let outcome = try Tool.run(["pick", "--index", "5", "tea"], environment: ["PANIC_BACKTRACE": "1"])
        #expect(outcome.status == 101, "\(outcome)")
        let stderr = outcome.stderr
        #expect(stderr.contains("stack backtrace:\n   0: panic_cli.Picker.lookUp(_:)\n"), "\(outcome)")
        #expect(stderr.contains("panic_cli.Picker.word(at:)"), "\(outcome)")
        #expect(stderr.contains("panic_cli.Pick.run()"), "\(outcome)")
        #expect(stderr.contains("at ./Sources/panic-cli/Pick.swift:"), "\(outcome)")
        #expect(stderr.hasSuffix("note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace.\n"), "\(outcome)")
        // Short: nothing below `start`'s marker.
        #expect(!stderr.contains("PanicRuntime.start"), "\(outcome)")
        #expect(!stderr.contains("note: run with `PANIC_BACKTRACE=1`"), "\(outcome)")
    }

    @Test func fullBacktraceShowsEveryFrame() throws {
        let outcome = try Tool.run(["pick", "--index", "5", "tea"], environment: ["PANIC_BACKTRACE": "full"])
        #expect(outcome.status == 101, "\(outcome)")
        #expect(outcome.stderr.contains("stack backtrace:"), "\(outcome)")
        #expect(outcome.stderr.contains("panic_cli.Picker.lookUp("), "\(outcome)")
        #expect(!outcome.stderr.contains("Some details are omitted"), "\(outcome)")
    }
}
