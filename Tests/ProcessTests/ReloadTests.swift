import Foundation
import Testing

@Suite("Symbols after dlclose and a dlopen at the same address (issue 13.8)")
struct ReloadTests {
    /// Builds `lib<name>.so` defining `<name>_function`, the only function, so both libraries lay out alike.
    static func library(_ name: String, in directory: URL) throws -> String {
        let source = directory.appendingPathComponent("\(name).c")
        try "__attribute__((noinline)) int \(name)_function(int x) { return x * 3 + 1; }\n".write(to: source, atomically: true, encoding: .utf8)
        let library = directory.appendingPathComponent("lib\(name).so").path
        try ForeignFrameTests.run("/usr/bin/env", ["cc", "-shared", "-fPIC", "-O1", "-o", library, source.path])
        return library
    }

    @Test("the second library's names, not the first's; the first trap after the module list was read again is diagnosed (it crashed)")
    func reload() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try Fixture.run("symbols-after-reload", environment: [
            "LIB_A": try Self.library("alpha", in: directory), "LIB_B": try Self.library("beta", in: directory),
        ])
        #expect(outcome.exitStatus == 0, "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("warm-up: swift_retain in libswiftCore.so"), "\(outcome)")
        #expect(lines.contains("first: alpha_function in libalpha.so"), "\(outcome)")
        // Read again after the load, the module list also holds libdw's own mappings of the files it read:
        // lookups by address still find the libraries where the loader put them.
        #expect(lines.contains("after a load: qsort in libc.so.6"), "\(outcome)")
        #expect(lines.contains("after a load: swift_retain in libswiftCore.so"), "\(outcome)")
        // Without this the check below proves nothing: the loader put beta where alpha was.
        #expect(lines.contains("same address: true"), "\(outcome)")
        #expect(lines.contains("second: beta_function in libbeta.so"), "\(outcome)")
        #if !PanicAbort
        let trap = "trap: Fatal error: Index out of range at PanicFixture/ReloadScenarios.swift:"
        #expect(lines.filter { $0.hasPrefix(trap) }.count == 2, "\(outcome)")
        #endif
    }
}
