import Foundation
import Testing

/// Where calls are in PanicFixture's TrapLocationScenarios.swift.
enum TrapLocationLines {
    static let file = FixtureSource("PanicFixture/TrapLocationScenarios.swift")
    /// `PanicFixture/TrapLocationScenarios.swift:line:` of the line holding `text`.
    static func place(of text: String) -> String { "\(file.fileID):\(file.line(of: text)):" }
}

@Suite("Trap locations name the user's line, never this package's (issue 13.1)")
struct TrapLocationTests {
    /// Each kind of trap in a closure that `makeTrap` returns and `catchUnwind` runs:
    /// the message, and the line of the trap in the fixture.
    static let kinds: [(kind: String, messages: [String], line: String)] = [
        ("index", ["Fatal error: Index out of range"], "case \"index\""),
        ("nil", ["Fatal error: Unexpectedly found nil while unwrapping an Optional value"], "case \"nil\""),
        ("overflow", ["Fatal error: arithmetic overflow"], "case \"overflow\""),
        ("divide", ["Fatal error: Division by zero"], "case \"divide\""),
        // -O drops a precondition's message: the check's name is all there is.
        ("precondition", ["Precondition failed: must be negative", "Fatal error: precondition failure"], "case \"precondition\""),
        ("remove-last", ["Fatal error: Can't remove last element from an empty collection"], "case \"remove-last\""),
        ("range", ["Fatal error: Range requires lowerBound <= upperBound"], "case \"range\""),
        ("int-uint", ["Fatal error: Not enough bits to represent the passed value"], "case \"int-uint\""),
        ("mutating-overflow", ["Fatal error: arithmetic overflow"], "mutating func bump"),
        ("mutating-panic", ["refused in a mutating method"], "mutating func refuse"),
        ("nested-closure", ["Fatal error: Index out of range"], "case \"nested-closure\""),
        ("local-function", ["Fatal error: Index out of range"], "func pick("),
    ]

    #if !PanicAbort
    @Test("caught: the hook sees the runtime's message at the user's line", arguments: kinds.map(\.kind))
    func caught(kind: String) throws {
        let expected = Self.kinds.first { $0.kind == kind }!
        let outcome = try Fixture.run("trap-returned-closure", environment: ["KIND": kind])
        #expect(outcome.exitStatus == 0, "\(outcome)")
        let hook = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("hook: ") }.map(String.init) ?? ""
        #expect(expected.messages.contains { hook.hasPrefix("hook: \($0) at ") }, "\(outcome)")
        #expect(hook.hasSuffix(" at " + TrapLocationLines.place(of: expected.line)) || hook.contains(" at " + TrapLocationLines.place(of: expected.line)), "\(outcome)")
        #expect(!hook.contains("PanicRuntime/") && !hook.contains("CatchFrame.c") && !hook.contains(" Panic/"), "\(outcome)")
    }
    #endif

    @Test("uncaught: the report says `panicked at` the user's line", arguments: ["index", "overflow", "divide"])
    func uncaught(kind: String) throws {
        let expected = Self.kinds.first { $0.kind == kind }!
        let outcome = try Fixture.run("trap-returned-closure-uncaught", environment: ["KIND": kind])
        #if PanicAbort
        #expect(outcome.signal == 6, "\(outcome)")
        #else
        #expect(outcome.exitStatus == 101, "\(outcome)")
        #endif
        #expect(outcome.stderr.contains("panicked at \(TrapLocationLines.place(of: expected.line))"), "\(outcome)")
        #expect(outcome.stderr.contains("\n\(expected.messages[0])\n"), "\(outcome)")
    }

    @Test("without debug info the location is <unknown>, never a frame further out; the runtime's message stays")
    func withoutDebugInfo() throws {
        let stripped = try StrippedFixture.make(["--strip-debug"])
        defer { StrippedFixture.remove(stripped) }
        let outcome = try Fixture.run("trap-returned-closure-uncaught", executablePath: stripped.path, environment: ["KIND": "index"])
        #expect(outcome.stderr.contains(") panicked at <unknown>:\n"), "\(outcome)")
        #if DEBUG
        // Debug builds: the standard library reported the failure before trapping.
        #expect(outcome.stderr.contains("\nFatal error: Index out of range\n"), "\(outcome)")
        #else
        #expect(outcome.stderr.contains("\nFatal error: "), "\(outcome)")
        #endif
        #expect(!outcome.stderr.contains("CatchFrame.c") && !outcome.stderr.contains("PanicRuntime/"), "\(outcome)")
    }
}

/// A copy of the PanicFixture executable, stripped with `strip` (binutils) and the given options.
enum StrippedFixture {
    /// Copies the fixture into a new temporary directory and strips the copy there.
    static func make(_ options: [String], name: String = "PanicFixture") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stripped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Fixture.executable("PanicFixture"), to: copy)
        try ForeignFrameTests.run("/usr/bin/env", ["strip"] + options + [copy.path])
        return copy
    }

    /// Removes the directory `make` created.
    static func remove(_ copy: URL) {
        try? FileManager.default.removeItem(at: copy.deletingLastPathComponent())
    }
}
