import Foundation
import Testing

/// The three lines of a panic while panicking, for a panic at `call`.
func doublePanic(at call: String, message: String) -> [String] {
    ["panicked at \(ReliabilityLines.location(of: call)):", message, doublePanicLine, ""]
}

/// The numbers after each word of a `word N word N` line.
func fields(_ line: String) -> [String: String] {
    let words = line.split(separator: " ").map(String.init)
    var result: [String: String] = [:]
    var index = 0
    while index + 1 < words.count {
        result[words[index]] = words[index + 1]
        index += 2
    }
    return result
}

@Suite("Reliability: load")
struct LoadTests {
    #if !PanicAbort
    /// The child catches 8 × 20,000 panics while its main thread swaps hooks;
    /// every report the default hook printed is checked line by line.
    @Test("8 threads × 20,000 caught panics while hooks are swapped: all caught, every report whole, counts at zero")
    func loadWithHookSwaps() throws {
        let threads = 8, panics = 20_000
        let outcome = try Fixture.run("load")
        #expect(outcome.exitStatus == 0, "\(outcome.exitStatus.map(String.init) ?? "-") \(outcome.signal.map(String.init) ?? "-") \(outcome.stdout)")
        let result = fields(outcome.stdout.trimmingCharacters(in: .newlines))
        #expect(result["caught"] == "\(threads * panics)", "\(outcome.stdout)")
        #expect(result["bad-counts"] == "0", "\(outcome.stdout)")
        #expect(result["failed-joins"] == "0", "\(outcome.stdout)")
        #expect(result["global"] == "0", "\(outcome.stdout)")
        #expect(result["local"] == "0", "\(outcome.stdout)")
        #expect(result["swaps-at-least-2"] == "true", "\(outcome.stdout)")
        let counted = try #require(result["counted"].flatMap { Int($0) }, "\(outcome.stdout)")
        let printedByHook = try #require(result["printed"].flatMap { Int($0) }, "\(outcome.stdout)")

        // stderr: blocks of exactly ["", thread line, message] (+ the note, once).
        let location = ReliabilityLines.location(of: "panic(\"load \\(index)")
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        var seen = Set<String>()
        var notes = 0
        var malformed: [String] = []
        var index = 0
        while index < lines.count - 1 {
            guard lines[index].isEmpty, index + 2 < lines.count else {
                malformed.append("at line \(index): \(lines[index])")
                break
            }
            let head = lines[index + 1], message = lines[index + 2]
            // thread 'load-K' (TID) panicked at <location>:
            var wellFormed = false
            if head.hasPrefix("thread 'load-"), head.hasSuffix(") panicked at \(location):"),
               let quote = head.dropFirst(8).firstIndex(of: "'") {
                let thread = head[head.index(head.startIndex, offsetBy: 13)..<quote]
                let tid = head[head.index(quote, offsetBy: 3)...].prefix { $0.isNumber }
                wellFormed = head[quote...].hasPrefix("' (") && !tid.isEmpty
                    && message.hasPrefix("load \(thread) #") && Int(message.dropFirst("load \(thread) #".count)) != nil
            }
            if !wellFormed || !seen.insert(String(message)).inserted {
                malformed.append("at line \(index): \(head) / \(message)")
                if malformed.count > 5 { break }
            }
            index += 3
            if index < lines.count, lines[index] == Substring(note) {
                notes += 1
                index += 1
            }
        }
        #expect(index == lines.count - 1 && lines.last == "", "stderr does not end after a whole report")
        #expect(malformed.isEmpty, "\(malformed)")
        let reports = seen.count
        // The first printed report, and only it, ends with the note.
        #expect(notes == (reports > 0 ? 1 : 0), "notes \(notes), reports \(reports)")
        // Every panic was seen by exactly one hook, whichever was in force
        // (how many each saw depends on scheduling: a release build's workers
        // may all run between two swaps).
        #expect(reports + counted == threads * panics, "reports \(reports) counted \(counted)")
        #expect(reports >= printedByHook)
    }
    #endif
}

@Suite("Reliability: faults")
struct FaultTests {
    @Test("a hook that panics inside catchUnwind aborts with three lines; nothing is caught")
    func hookPanicsInsideCatch() throws {
        let outcome = try Fixture.run("hook-panics-inside-catch")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(reportLines(outcome.stderr) == doublePanic(at: "panic(\"the hook panicked inside catchUnwind\")", message: "the hook panicked inside catchUnwind"), "\(outcome)")
        #expect(!outcome.stdout.contains("returned"), "\(outcome)")
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }

    @Test("a hook that panics on a spawned thread aborts the process; join never returns")
    func hookPanicsOnSpawnedThread() throws {
        let outcome = try Fixture.run("hook-panics-on-spawned-thread")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(reportLines(outcome.stderr) == doublePanic(at: "panic(\"the hook panicked on a thread\")", message: "the hook panicked on a thread"), "\(outcome)")
        #expect(!outcome.stdout.contains("joined"), "\(outcome)")
    }

    #if !PanicAbort
    @Test("a cleanup that panics while an uncaught panic passes, as in Rust: its report with a full backtrace, then the non-unwinding panic, SIGABRT")
    func cleanupPanicsUncaught() throws {
        let outcome = try Fixture.run("cleanup-panics-uncaught")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(Array(reportLines(outcome.stderr).prefix(8)) == [
            "",
            "thread 'main' (TID) panicked at \(ReliabilityLines.location(of: "panic(\"passing panic\")")):",
            "passing panic",
            note,
            "",
            "thread 'main' (TID) panicked at \(ReliabilityLines.location(of: "panic(\"the cleanup panicked while a panic passed\")")):",
            "the cleanup panicked while a panic passed",
            "stack backtrace:",
        ], "\(outcome)")
        #expect(reportLines(outcome.stderr).suffix(4) == [
            "thread 'main' (TID) panicked at \(ReliabilityLines.location(of: "panic(\"the cleanup panicked while a panic passed\")")):",
            "panic in a destructor during cleanup",
            "thread caused non-unwinding panic. aborting.",
            "",
        ], "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"))
    }

    @Test("the default hook never runs a payload's description: a payload whose description panics is reported by type and caught")
    func descriptionNotCalledByDefaultHook() throws {
        let outcome = try Fixture.run("description-panics-default-hook")
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "caught a TreacherousPayload; count 0\n", "\(outcome)")
        #expect(reportLines(outcome.stderr).dropFirst(2).first == "<non-string payload of type PanicFixture.TreacherousPayload>", "\(outcome)")
    }
    #endif

    @Test("a hook that calls a payload's panicking description aborts with three lines")
    func descriptionPanicsInHook() throws {
        let outcome = try Fixture.run("description-panics-in-hook")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(reportLines(outcome.stderr) == doublePanic(at: "panic(\"description panicked\")", message: "description panicked"), "\(outcome)")
        #expect(!outcome.stdout.contains("hook sees") && !outcome.stdout.contains("returned"), "\(outcome)")
    }

    @Test("a hook that overflows the stack on the main thread: the overflow report, SIGABRT, no hang")
    func overflowInHook() throws {
        let outcome = try Fixture.run("overflow-in-hook")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == overflowReport(thread: "main"), "\(outcome)")
        #expect(!outcome.stdout.contains("not reached"))
    }

    @Test("a hook that overflows the stack on a spawned thread names the thread")
    func overflowInHookSpawned() throws {
        let outcome = try Fixture.run("overflow-in-hook-spawned")
        #expect(outcome.signal == 6, "\(outcome)")
        #expect(normalisedLines(outcome.stderr) == overflowReport(thread: "deep-hook"), "\(outcome)")
    }

    #if !PanicAbort
    @Test("a panic with little stack left: caught with its full backtrace, or an overflow report; never a crash or a hang",
          arguments: [1_048_576, 65_536, 16_384, 16_128, 15_872, 15_616, 4_096])
    func panicNearOverflow(margin: Int) throws {
        let outcome = try Fixture.run("panic-near-overflow", environment: ["MARGIN": "\(margin)", "PANIC_BACKTRACE": "full"])
        // With 1 MiB left the report and the landing fit (debug and release).
        if margin >= 1 << 20 || outcome.exitStatus == 0 {
            #expect(outcome.stdout == "caught near the guard\n", "\(outcome)")
            #expect(outcome.reportCount == 1 && outcome.stderr.contains("stack backtrace:"), "\(outcome)")
        } else {
            // With 15.5 to 16 KiB left (release), the overflow used to happen
            // inside libunwind while it blocks every signal (binding
            // dl_iterate_phdr lazily): the kernel then kills with SIGSEGV and
            // no report. The capture now reports the overflow itself when
            // less than 64 KiB are left (CUnwind/Loader/BacktraceCapture.c).
            #expect(outcome.signal == 6, "\(outcome)")
            #expect(normalisedLines(outcome.stderr).suffix(3) == ["thread 'main' (TID) has overflowed its stack", "fatal runtime error: stack overflow, aborting", ""], "\(outcome)")
        }
        #expect(!outcome.stderr.contains("Program crashed"), "\(outcome)")
    }
    #endif
}

@Suite("Reliability: a C library between the panic and its catchUnwind")
struct ForeignFrameTests {
    /// Builds the callback library with cc (`int call_back(int (*)(int), int)`,
    /// recursing `depth` times through a static function first), strips it,
    /// and returns its path.
    static func buildLibrary(unwindTables: Bool) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swift-panic-callback-\(getpid())-\(unwindTables)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("callback.c")
        try """
        typedef int (*callback)(int);
        __attribute__((noinline)) static int step(callback function, int depth) {
            if (depth == 0) return function(depth);
            return step(function, depth - 1) + 1;
        }
        int call_back(callback function, int depth) { return step(function, depth) + 1; }
        """.write(to: source, atomically: true, encoding: .utf8)
        let library = directory.appendingPathComponent("libcallback.so").path
        var flags = ["-shared", "-fPIC", "-O1", "-fno-optimize-sibling-calls"]
        if !unwindTables { flags += ["-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-fomit-frame-pointer"] }
        try run("/usr/bin/env", ["cc"] + flags + ["-o", library, source.path])
        try run("/usr/bin/env", ["strip", "--strip-all", library])
        return library
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        struct ToolFailed: Error { let command: [String] }
        guard process.terminationStatus == 0 else { throw ToolFailed(command: arguments) }
    }

    #if !PanicAbort
    @Test("a panic in a @convention(c) callback under a stripped .so: the full backtrace runs through the library; not caught, since its frames cannot be identified")
    func strippedLibrary() throws {
        let library = try Self.buildLibrary(unwindTables: true)
        let outcome = try Fixture.run("stripped-callback", environment: ["CALLBACK_LIB": library, "PANIC_BACKTRACE": "full"])
        // The survival rule: a skipped frame nobody can name may hold anything (state 2).
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.lastStderrLine.hasPrefix("note: the panic would skip a frame that cannot be identified (0x"), "\(outcome)")
        #expect(outcome.lastStderrLine.hasSuffix(" in libcallback.so); it cannot be caught"), "\(outcome)")
        #expect(!outcome.stdout.contains("caught from a C callback"), "\(outcome)")
        #expect(outcome.reportCount == 1, "\(outcome)")
        let trace = outcome.stderr.components(separatedBy: "stack backtrace:\n").last ?? ""
        let frames = trace.split(separator: "\n").filter { $0.contains(" - ") }
        // The library's frames: its exported function by its dynamic symbol,
        // the stripped static one by its place, `libcallback.so+0x…` (4 frames of it: depth 3..0),
        // the library's build id on the first.
        #expect(frames.filter { $0.contains(" - libcallback.so+0x") }.count == 4, "\(outcome)")
        #expect(frames.filter { $0.contains(" - libcallback.so+0x") && $0.hasSuffix(")") && $0.contains(" (build-id ") }.count == 1, "\(outcome)")
        let callBack = frames.firstIndex { $0.hasSuffix(" - call_back") }
        #expect(callBack != nil, "\(outcome)")
        // The unwinder went on past the library into the scenario and down to main.
        if let callBack {
            #expect(frames[callBack...].contains { $0.contains("ReliabilityScenarios") }, "\(outcome)")
            #expect(frames[callBack...].contains { $0.contains(" - __libc_start") }, "\(outcome)")
        }
    }

    @Test("a stripped .so without unwind tables: the report printed; not caught, since the skipped frames cannot be walked")
    func libraryWithoutUnwindTables() throws {
        let library = try Self.buildLibrary(unwindTables: false)
        let outcome = try Fixture.run("stripped-callback", environment: ["CALLBACK_LIB": library, "PANIC_BACKTRACE": "full"])
        #expect(outcome.exitStatus == 101, "\(outcome)")
        // Either libunwind loses its way in the library, or it guesses past it and finds a frame nobody can name.
        let walkFailed = outcome.lastStderrLine == "note: the frames the panic would skip could not be walked (a frame without unwind information, or libunwind missing); it cannot be caught"
        let unnamed = outcome.lastStderrLine.hasPrefix("note: the panic would skip a frame that cannot be identified (0x")
        #expect(walkFailed || unnamed, "\(outcome)")
        #expect(outcome.reportCount == 1 && outcome.stderr.contains("stack backtrace:\n   0: ") && outcome.stderr.contains(" - libcallback.so+0x"), "\(outcome)")
    }
    #endif
}

@Suite("Reliability: stderr broken while reporting")
struct BrokenStandardErrorTests {
    #if !PanicAbort
    @Test("an uncaught panic under start with stderr closed or a broken pipe: the report is lost, the status is 101",
          arguments: ["closed", "broken-pipe"])
    func uncaughtUnderStart(mode: String) throws {
        let outcome = try Fixture.run("stderr-broken-uncaught", environment: ["STDERR_MODE": mode, "START": "1"])
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
    }

    @Test("an uncaught panic without start, stderr closed: the status is 101")
    func uncaughtClosedWithoutStart() throws {
        let outcome = try Fixture.run("stderr-broken-uncaught", environment: ["STDERR_MODE": "closed"])
        #expect(outcome.exitStatus == 101, "\(outcome)")
    }

    // Without `start` SIGPIPE keeps its default action: a report written to a
    // broken stderr used to kill the process with SIGPIPE (status 141) instead
    // of exiting 101. Reports are now written with SIGPIPE blocked on the
    // thread (cunwind_write_report).
    @Test("an uncaught panic without start, stderr a broken pipe, SIGPIPE at its default: the status is 101")
    func uncaughtBrokenPipeWithoutStart() throws {
        let outcome = try Fixture.run("stderr-broken-uncaught", environment: ["STDERR_MODE": "broken-pipe"])
        #expect(outcome.exitStatus == 101, "\(outcome)")
    }

    @Test("caught panics, on the main thread and a spawned one, with stderr broken: the process goes on",
          arguments: ["closed", "broken-pipe"])
    func caught(mode: String) throws {
        let outcome = try Fixture.run("stderr-broken-caught", environment: ["STDERR_MODE": mode])
        #expect(outcome.exitStatus == 0, "\(outcome)")
        #expect(outcome.stdout == "caught nobody reads this; joined nobody reads this either; count 0 0\n", "\(outcome)")
    }
    #endif
}
