import Foundation
import Testing

/// Runs the panic-symbolize executable (built beside the test bundle) with `input` on stdin.
func panicSymbolize(_ arguments: [String], input: Data) throws -> (status: Int32, stdout: Data, stderr: String) {
    let process = Process()
    process.executableURL = Fixture.executable("panic-symbolize")
    process.arguments = arguments
    let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    process.standardInput = inPipe
    process.standardOutput = outPipe
    process.standardError = errPipe
    try process.run()
    DispatchQueue.global().async {
        try? inPipe.fileHandleForWriting.write(contentsOf: input)
        try? inPipe.fileHandleForWriting.close()
    }
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    #expect(process.terminationReason == .exit, "panic-symbolize died of signal \(process.terminationStatus)")
    return (process.terminationStatus, outData, String(decoding: errData, as: UTF8.self))
}

/// A report with its thread id and frame addresses blanked, which differ from run to run.
func comparable(_ report: String) -> String {
    report.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        var line = String(line)
        if let open = line.range(of: "' ("), let close = line.range(of: ") panicked at ") {
            line.replaceSubrange(open.upperBound..<close.lowerBound, with: "N")
        }
        if let dash = line.range(of: " - "), line.contains(": "), line.contains("0x") {
            let head = line[..<dash.lowerBound]
            if let colon = head.firstIndex(of: ":") { line = String(line[...colon]) + " ADDR" + line[dash.lowerBound...] }
        }
        return line
    }.joined(separator: "\n")
}

/// The fixture stripped, its debug information kept apart as `objcopy --only-keep-debug` does.
struct StrippedBuild {
    let directory: URL
    let binary: URL
    let debugFile: URL
    let buildID: String

    init() throws {
        binary = try StrippedFixture.make(["--strip-all"])
        directory = binary.deletingLastPathComponent()
        // Not beside the binary, where the live symbolizer would find it (libdwfl tries `<binary>.debug`).
        debugFile = directory.appendingPathComponent("kept/PanicFixture.debug")
        try FileManager.default.createDirectory(at: debugFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ForeignFrameTests.run("/usr/bin/env", ["objcopy", "--only-keep-debug", Fixture.executable("PanicFixture").path, debugFile.path])
        buildID = try #require(try ProcessTests.buildID(of: binary.path))
    }

    /// A debug directory holding the debug file at `.build-id/xx/rest.debug`.
    func debugDirectory() throws -> URL {
        let root = directory.appendingPathComponent("debug")
        let folder = root.appendingPathComponent(".build-id/\(buildID.prefix(2))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: debugFile, to: folder.appendingPathComponent("\(buildID.dropFirst(2)).debug"))
        return root
    }

    func remove() { StrippedFixture.remove(binary) }
}

@Suite("panic-symbolize: a stripped binary's report resolved offline")
struct PanicSymbolizeTests {
    /// The unstripped fixture's report, and the stripped one's symbolized with `arguments` (nil: the unstripped binary).
    func compare(_ scenario: String, style: String, environment: [String: String] = [:], arguments: ((StrippedBuild) throws -> [String])? = nil)
        throws -> (expected: String, symbolized: String, stripped: String, warnings: String) {
        let build = try StrippedBuild()
        defer { build.remove() }
        var env = environment
        env["PANIC_BACKTRACE"] = style
        let reference = try Fixture.run(scenario, environment: env)
        let stripped = try Fixture.run(scenario, executablePath: build.binary.path, environment: env)
        let result = try panicSymbolize(try arguments?(build) ?? [Fixture.executable("PanicFixture").path], input: Data(stripped.stderr.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        return (comparable(reference.stderr), comparable(String(decoding: result.stdout, as: UTF8.self)), stripped.stderr, result.stderr)
    }

    @Test("short: the symbolized report has the unstripped run's frames, names, lines and trimming")
    func short() throws {
        let run = try compare("backtrace-chain", style: "1")
        #expect(run.stripped.contains("PanicFixture+0x") && !run.stripped.contains("innerStep"), "\(run.stripped)")
        #expect(run.symbolized == run.expected, "expected:\n\(run.expected)\nsymbolized:\n\(run.symbolized)\nstripped:\n\(run.stripped)")
        #expect(frameNames(run.symbolized).first == "PanicFixture.innerStep()")
        #expect(run.warnings.isEmpty, "\(run.warnings)")
    }

    @Test("full: every frame, inlined ones included, with full names and absolute paths")
    func full() throws {
        let run = try compare("backtrace-chain", style: "full")
        #expect(run.symbolized == run.expected, "expected:\n\(run.expected)\nsymbolized:\n\(run.symbolized)")
        #expect(run.symbolized.contains("Panic.Panicking.begin("), "\(run.symbolized)")
    }

    @Test("a separate debug file given with --debug-file, matched by build id")
    func debugFile() throws {
        let run = try compare("backtrace-chain", style: "1") { ["--debug-file", $0.debugFile.path] }
        #expect(run.symbolized == run.expected, "expected:\n\(run.expected)\nsymbolized:\n\(run.symbolized)")
    }

    @Test("the debug file found by build id under a .build-id directory")
    func buildIDDirectory() throws {
        let run = try compare("backtrace-chain", style: "full") { ["--debug-dir", try $0.debugDirectory().path] }
        #expect(run.symbolized == run.expected, "expected:\n\(run.expected)\nsymbolized:\n\(run.symbolized)")
    }

    @Test("a trap's report: the user's line and the check's name in the header, the standard library's frames skipped",
          arguments: ["index", "nil", "overflow", "divide"])
    func trap(kind: String) throws {
        let run = try compare("trap-returned-closure-uncaught", style: "1", environment: ["KIND": kind])
        #expect(run.stripped.contains(") panicked at <unknown>:\n"), "\(run.stripped)")
        #expect(run.symbolized == run.expected, "expected:\n\(run.expected)\nsymbolized:\n\(run.symbolized)\nstripped:\n\(run.stripped)")
        #expect(run.symbolized.contains(") panicked at \(TrapLocationLines.place(of: "case \"\(kind)\""))"), "\(run.symbolized)")
        #expect(frameNames(run.symbolized).first?.hasPrefix("closure #") == true, "\(run.symbolized)")
    }

    @Test("full style: a trap's header completed too")
    func trapFull() throws {
        let run = try compare("trap-returned-closure-uncaught", style: "full", environment: ["KIND": "overflow"])
        #expect(run.symbolized == run.expected, "expected:\n\(run.expected)\nsymbolized:\n\(run.symbolized)")
        #expect(run.symbolized.contains("\nFatal error: arithmetic overflow\n"), "\(run.symbolized)")
    }

    @Test("without a file for the image: frames kept as they were, a warning naming what to pass")
    func noFile() throws {
        let run = try compare("backtrace-chain", style: "1") { _ in [] }
        #expect(run.symbolized == comparable(run.stripped), "\(run.symbolized)")
        #expect(run.warnings.contains("no file for image PanicFixture (build-id "), "\(run.warnings)")
        #expect(run.warnings.contains("/usr/lib/debug/.build-id/"), "\(run.warnings)")
    }

    @Test("the stripped binary itself: frames kept, a warning that it names nothing; with --debug-dir, resolved")
    func strippedGiven() throws {
        let alone = try compare("backtrace-chain", style: "1") { [$0.binary.path] }
        #expect(alone.symbolized == comparable(alone.stripped), "\(alone.symbolized)")
        #expect(alone.warnings.contains("names nothing at some offsets of PanicFixture"), "\(alone.warnings)")
        let withDirectory = try compare("backtrace-chain", style: "1") { [$0.binary.path, "--debug-dir", try $0.debugDirectory().path] }
        #expect(withDirectory.symbolized == withDirectory.expected, "\(withDirectory.symbolized)")
    }

    @Test("a file of another build is not used")
    func otherBuild() throws {
        let build = try StrippedBuild()
        defer { build.remove() }
        // StartFixture renamed PanicFixture: the right name, another build id.
        let impostor = build.directory.appendingPathComponent("other/PanicFixture")
        try FileManager.default.createDirectory(at: impostor.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixture.executable("StartFixture"), to: impostor)
        let stripped = try Fixture.run("backtrace-chain", executablePath: build.binary.path, environment: ["PANIC_BACKTRACE": "1"])
        let result = try panicSymbolize([impostor.path], input: Data(stripped.stderr.utf8))
        #expect(result.status == 0)
        #expect(String(decoding: result.stdout, as: UTF8.self) == stripped.stderr)
        #expect(result.stderr.contains("is another build of PanicFixture"), "\(result.stderr)")
    }

    @Test("text that is not a trace passes through byte for byte: prose, binary junk, invalid UTF-8, NULs")
    func passThrough() throws {
        var junk = Data("hello\nstack backtrace:\nnot a frame\n\u{1B}[31mred\n".utf8)
        var generator = SystemRandomNumberGenerator()
        junk += Data((0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        junk += Data([0xFF, 0xFE, 0x00, 0x0A, 0xC3])
        let result = try panicSymbolize([], input: junk)
        #expect(result.status == 0)
        #expect(result.stdout == junk)
    }

    @Test("hostile traces never crash it", arguments: [
        "stack backtrace:\n   0: PanicFixture+0xffffffffffffffff\n",
        "stack backtrace:\n   0: PanicFixture+0x0 (build-id 00)\n   1: +0x12\n   2: PanicFixture+0x\n",
        "stack backtrace:\n   0: PanicFixture+0x99999999999999999999\n   1: a+0x1 (build-id ../../../../etc/passwd)\n",
        "stack backtrace:\n   0: PanicFixture+0x10 (build-id \(String(repeating: "ab", count: 60)))\n             at :::\n      [... omitted 999999999 frames ...]\n",
        "stack backtrace:\n   0: f\n      [... omitted 100000 frames ...]\n      [... omitted 999999 frames ...]\n",
        "stack backtrace:\n   0:     0xzz - PanicFixture+0x10\n   1:     0x10 - \n\(String(repeating: "   7: x+0x1\n", count: 5000))",
        "stack backtrace:\n" + String(repeating: "9", count: 100_000) + ": f\n",
    ])
    func hostileTraces(input: String) throws {
        let result = try panicSymbolize([Fixture.executable("PanicFixture").path], input: Data(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }

    @Test("files that cannot be read: a clear error and status 1; a bad option: usage and status 2")
    func badFiles() throws {
        let missing = try panicSymbolize(["/nonexistent/app"], input: Data())
        #expect(missing.status == 1 && missing.stderr.hasPrefix("panic-symbolize: cannot open /nonexistent/app: No such file or directory"), "\(missing.stderr)")
        let directory = try panicSymbolize(["--debug-file", "/tmp"], input: Data())
        #expect(directory.status == 1 && directory.stderr.contains("/tmp is not a regular file"), "\(directory.stderr)")
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("not-elf-\(UUID().uuidString)")
        try Data("just text\n".utf8).write(to: text)
        defer { try? FileManager.default.removeItem(at: text) }
        let notELF = try panicSymbolize([text.path], input: Data())
        #expect(notELF.status == 1 && notELF.stderr.contains("is not an ELF file"), "\(notELF.stderr)")
        let option = try panicSymbolize(["--frobnicate"], input: Data())
        #expect(option.status == 2 && option.stderr.contains("unknown option --frobnicate") && option.stderr.contains("usage: panic-symbolize"), "\(option.stderr)")
        let noValue = try panicSymbolize(["--debug-file"], input: Data())
        #expect(noValue.status == 2 && noValue.stderr.contains("--debug-file needs a value"), "\(noValue.stderr)")
    }
}
