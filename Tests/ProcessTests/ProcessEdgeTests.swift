import Foundation
import Testing

extension Fixture {
    /// Runs `script` with bash, `$0` being the StartFixture executable, and the
    /// environment of ``run(_:executable:environment:)``; the outcome is the
    /// shell's (so a script ending in `exec "$0" …` gives the fixture's).
    /// Bound by `timeout`: a child that never ends is killed (SIGKILL: the test
    /// runner's children inherit a mask that blocks SIGTERM) after 60 s.
    static func startInShell(_ script: String) throws -> Outcome {
        try Fixture.launch(URL(fileURLWithPath: "/usr/bin/timeout"),
                           arguments: ["-s", "KILL", "60", "/bin/bash", "-c", script, executable("StartFixture").path])
    }
}

@Suite("start: standard file descriptors")
struct StandardDescriptorTests {
    @Test("fds 0 and 2 closed at start are opened on /dev/null: the program's file is fd 3 and stays empty")
    func closedAtStart() throws {
        let outcome = try Fixture.startInShell(#"exec "$0" closed-standard-fds 0<&- 2>&-"#)
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "file fd 3\nfd 0 /dev/null, fd 2 /dev/null\nthe file holds 0 bytes\n", "\(outcome)")
    }
}

@Suite("start: SIGPIPE in children and on stdout")
struct BrokenPipeTests {
    @Test("a child process starts with SIGPIPE at its default: `yes | head -1` ends quietly")
    func childPipeline() throws {
        let outcome = try Fixture.start("child-pipeline")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "y\nchild status 0\n", "\(outcome)")
        #expect(!outcome.stderr.contains("Broken pipe"), "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
    }

    @Test("`program | head -1` with an endless print loop ends promptly, killed by SIGPIPE")
    func endlessPrint() throws {
        let outcome = try Fixture.startInShell(#""$0" endless-print | head -1; exit ${PIPESTATUS[0]}"#)
        // 128 + SIGPIPE from bash; 124 would be timeout's.
        #expect(outcome.exitStatus == 128 + SIGPIPE_NUMBER, "\(outcome)")
        #expect(outcome.stdout == "line 0\n", "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
    }

    @Test("a bounded print loop into a closed pipe does not exit 0 having lost its output")
    func boundedPrint() throws {
        let outcome = try Fixture.startWithStdoutClosed("bounded-print")
        #expect(outcome.signal == SIGPIPE_NUMBER, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
    }

    #if !PanicAbort
    @Test("a panic whose last flush meets a broken stdout still exits 101")
    func panicWithBrokenStdout() throws {
        let outcome = try Fixture.startWithStdoutClosed("print-then-panic-broken-stdout")
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stderr.contains("\nmain gave up\n"), "\(outcome)")
    }
    #endif
}

@Suite("stdout kept when a panic aborts")
struct StdoutOnAbortTests {
    /// The line every `print-then-…` scenario prints first.
    static let printed = "printed before the end\n"

    @Test("a stack overflow after print: the line reaches the pipe")
    func overflow() throws {
        let outcome = try Fixture.start("print-then-overflow")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stdout == Self.printed, "\(outcome)")
    }

    @Test("a panic in the hook after print: the line reaches the pipe")
    func panicWhilePanicking() throws {
        let outcome = try Fixture.start("print-then-hook-panic")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stdout == Self.printed, "\(outcome)")
    }

    @Test("a panic in a cleanup while a panic passes, after print: the line reaches the pipe")
    func panicInCleanup() throws {
        let outcome = try Fixture.start("print-then-cleanup-panic")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stdout == Self.printed, "\(outcome)")
    }

    #if PanicAbort
    static let panicScenarios = ["print-then-panic", "print-then-trap", "print-then-thread-panic"]
    #else
    static let panicScenarios = ["print-then-panic", "print-then-trap"]
    #endif

    @Test("a panic, a trap (and under PanicAbort a thread's panic) after print: the line reaches the pipe",
          arguments: panicScenarios)
    func panics(scenario: String) throws {
        let outcome = try Fixture.start(scenario)
        #if PanicAbort
        #expect(outcome.signal == 6, "\(outcome)")
        #else
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #endif
        #expect(outcome.stdout == Self.printed, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
    }
}

#if !PanicAbort
@Suite("a panic in a cleanup while a panic passes (Rust's panic in a destructor during cleanup)")
struct PanicInCleanupTests {
    @Test("the hook sees the first panic, the cleanup's (count 2) and the non-unwinding one; then one line and SIGABRT")
    func hookSeesAll() throws {
        let outcome = try Fixture.start("cleanup-panic-hook")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.stdout == """
            hook: first, canUnwind true, count 1
            hook: the cleanup panicked, canUnwind true, count 2
            hook: panic in a destructor during cleanup, canUnwind false, count 2

            """, "\(outcome)")
        #expect(outcome.stderr == "thread caused non-unwinding panic. aborting.\n", "\(outcome)")
    }

    @Test("the default hook: the first report, the cleanup's with a full backtrace, the third without one, Rust's last line")
    func defaultHook() throws {
        let outcome = try Fixture.start("cleanup-panic-default-hook")
        #expect(outcome.signal == 6, "\(outcome)")
        let lines = normalisedLines(outcome.stderr)
        #expect(Array(lines.prefix(4)) == ["", lines[1], "first", note], "\(outcome)")
        #expect(lines[1].hasPrefix("thread 'main' (TID) panicked at StartFixture/ProcessEdgeScenarios.swift:"), "\(outcome)")
        #expect(Array(lines[4...7]) == ["", lines[5], "the cleanup panicked", "stack backtrace:"], "\(outcome)")
        #expect(lines.contains { $0.contains(" - cunwind_run_unwind_cleanups") }, "a full backtrace: \(outcome)")
        #expect(Array(lines.suffix(4)) == [lines[5], "panic in a destructor during cleanup", "thread caused non-unwinding panic. aborting.", ""], "\(outcome)")
        #expect(lines.suffix(5).first == "", "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }
}
#endif

@Suite("runtime failures that end in abort() are panics")
struct RuntimeFailureTests {
    static let messages = [
        "cast": "Could not cast value of type 'Swift.Int' (ADDR) to 'Swift.String' (ADDR).",
        "unowned": "Fatal error: Attempted to read an unowned reference but object ADDR was already destroyed",
        "exclusivity": "Fatal access conflict detected.",
    ]

    /// `text` with every `0x…` address written `ADDR`.
    static func withoutAddresses(_ text: String) -> String {
        text.replacing(/0x[0-9a-f]+/, with: "ADDR")
    }

    @Test("as!, unowned inside catchUnwind: caught twice with the runtime's message and the user's file, uncaught: 101; exclusivity: not caught (a modification is unfinished), 101",
          arguments: ["cast", "unowned", "exclusivity"])
    func caught(failure: String) throws {
        let outcome = try Fixture.run("runtime-failure", executable: "StartFixture", environment: ["FAILURE": failure])
        let message = try #require(Self.messages[failure])
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
        #if PanicAbort
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
        #else
        #expect(outcome.exitStatus == 101, "\(outcome)")
        if failure == "exclusivity" {
            // The access it conflicts with is an unfinished modification: the
            // value may be torn, so the panic is not caught (docs/GUARANTEES.md,
            // "Surviving a caught panic").
            #expect(outcome.reportCount == 1, "\(outcome)")
            #expect(outcome.stdout == "", "\(outcome)")
            #expect(outcome.stderr.hasSuffix(", which may be left torn; it cannot be caught\n"), "\(outcome)")
        } else {
            #expect(outcome.reportCount == 3, "\(outcome)")
            #expect(Self.withoutAddresses(outcome.stdout) == """
                attempt 1: caught \(message) at StartFixture/ProcessEdgeScenarios.swift
                attempt 2: caught \(message) at StartFixture/ProcessEdgeScenarios.swift

                """, "\(outcome)")
        }
        #endif
        // The exclusivity check's own call has a line-0 row in the line
        // table: the nearest earlier row's line is the statement's.
        let place = ") panicked at StartFixture/ProcessEdgeScenarios.swift:"
        #expect(Self.withoutAddresses(outcome.stderr).contains(place), "\(outcome)")
        #expect(Self.withoutAddresses(outcome.stderr).contains(":\n\(message)\n"), "\(outcome)")
    }

    #if !PanicAbort
    @Test("any other abort() (here after a caught cast failure) is not a panic: the Swift runtime's crash report, SIGABRT")
    func plainAbort() throws {
        let outcome = try Fixture.run("plain-abort-in-catch", executable: "StartFixture")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        #expect(outcome.stderr.contains("Program crashed: Aborted"), "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"), "\(outcome)")
    }
    #endif
}

@Suite("catchUnwind nested deep")
struct NestedCatchTests {
    // Debug build, 8 MiB main stack: each level of a plain
    // `catchUnwind { nest(depth - 1) }` took 816 bytes (the limit was about
    // 10,250 levels); catchUnwind's own frame is now smaller (768 bytes a
    // level, limit about 10,900). Release builds take far less.
    @Test("10,500 levels of catchUnwind fit an 8 MiB stack, and the panic at the bottom comes back")
    func tenThousandDeep() throws {
        let outcome = try Fixture.startInShell(#"ulimit -s 8192 && NEST_DEPTH=10500 exec "$0" nested-catch"#)
        #if PanicAbort
        #expect(outcome.signal == 6, "\(outcome)")
        #else
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("caught true\nbytes per level "), "\(outcome)")
        #endif
    }
}
