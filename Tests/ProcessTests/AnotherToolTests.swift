import Testing

#if !PanicAbort
/// Another tool's SIGILL handler beside ours, in a child (PanicFixture, AnotherToolScenarios.swift).
@Suite("another tool's SIGILL handler")
struct AnotherToolTests {
    @Test("a tool over ours that calls ours: an uncaught panic still exits 101 after one report")
    func toolOverOursPanic() throws {
        let outcome = try Fixture.run("tool-over-ours-panic")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stdout == "the tool saw SIGILL\n", "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("a tool over ours that calls ours: an uncaught trap still exits 101 after one report")
    func toolOverOursTrap() throws {
        let outcome = try Fixture.run("tool-over-ours-trap")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("Fatal error: Index out of range\n"), "\(outcome)")
        #expect(outcome.stdout == "the tool saw SIGILL\nthe tool saw SIGILL\n", "\(outcome)")
    }

    @Test("a tool there before ours is handed an uncaught panic as a trap, as fatalError's")
    func toolUnderOursPanic() throws {
        let outcome = try Fixture.run("tool-under-ours-panic")
        #expect(outcome.signal == 4, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stdout == "the tool saw SIGILL\n", "\(outcome)")
    }
}
#endif
