import Testing

/// 0 for success, 1 for a thrown error, 101 for a panic or a trap, with one
/// report each and no crash report from the Swift runtime.
struct ExitStatusTests {
    @Test func successIsZero() throws {
        let outcome = try Tool.run(["lines", "--count", "3"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "line 1\nline 2\nline 3\n")
        #expect(outcome.stderr.isEmpty, "\(outcome)")
    }

    @Test func thrownErrorIsOne() throws {
        let outcome = try Tool.run(["count", "/nonexistent/file"])
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.stderr == "Error: cannot open /nonexistent/file: No such file or directory\n", "\(outcome)")
    }

    @Test func explicitPanicIsOneHundredOne() throws {
        let outcome = try Tool.run(["pick"])
        #expect(outcome.status == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("thread 'main' (") && outcome.stderr.contains(") panicked at panic_cli/Pick.swift:"), "\(outcome)")
        #expect(outcome.stderr.contains("\nnothing to pick from\n"), "\(outcome)")
        #expect(outcome.stderr.contains("note: run with `PANIC_BACKTRACE=1` environment variable to display a backtrace"))
    }

    @Test(arguments: [
        (["pick", "--index", "5", "tea", "coffee"], "Fatal error: Index out of range", "panic_cli/Pick.swift:"),
        (["sum", "9223372036854775807", "1"], "Fatal error: arithmetic overflow", "panic_cli/Sum.swift:"),
    ])
    func trapIsOneHundredOne(arguments: [String], message: String, location: String) throws {
        let outcome = try Tool.run(arguments)
        #expect(outcome.status == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("thread 'main' ("), "\(outcome)")
        #expect(outcome.stderr.contains(" panicked at \(location)"), "\(outcome)")
        #expect(outcome.stderr.contains("\n\(message)\n"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test func usageErrorsKeepArgumentParsersStatus() throws {
        let bad = try Tool.run(["sum", "abc"])
        #expect(bad.status == 64, "\(bad)")
        #expect(bad.stderr.contains("Usage: panic-cli sum"), "\(bad)")

        let help = try Tool.run(["--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("SUBCOMMANDS:"), "\(help)")
    }
}
