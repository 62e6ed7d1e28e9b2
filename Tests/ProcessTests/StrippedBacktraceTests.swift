import Foundation
import Testing

/// The GNU build id of an ELF file, read with `readelf -n` (binutils).
func buildID(of path: String) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["readelf", "-n", path]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text.components(separatedBy: "Build ID: ").dropFirst().first?.split(separator: "\n").first.map(String.init)
}

@Suite("Backtraces of stripped binaries (issue 13.9)")
struct StrippedBacktraceTests {
    @Test("short: nothing folds; every frame of the stripped image is `PanicFixture+0x…`, its build id once")
    func short() throws {
        let stripped = try StrippedFixture.make(["--strip-all"])
        defer { StrippedFixture.remove(stripped) }
        let id = try #require(try buildID(of: stripped.path))
        let outcome = try Fixture.run("backtrace-chain", executablePath: stripped.path, environment: ["PANIC_BACKTRACE": "1"])
        let names = frameNames(outcome.stderr)
        let own = names.filter { $0.hasPrefix("PanicFixture+0x") }
        // The capture, the panic path, the three steps, the scenario, main: all there, none folded.
        #expect(own.count >= 10, "\(outcome)")
        #expect(!outcome.stderr.contains("[... omitted"), "\(outcome)")
        #expect(!names.contains("<unknown>"), "\(outcome)")
        let first = names.first ?? ""
        #expect(first.hasPrefix("PanicFixture+0x") && first.hasSuffix(" (build-id \(id))"), "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "(build-id ").count == 2, "\(outcome)")
        // libc's frames keep their names.
        #expect(names.contains { $0.hasPrefix("__libc_start") }, "\(outcome)")
        #expect(outcome.stderr.hasSuffix(shortNote + "\n"), "\(outcome)")
    }

    @Test("full: `address - PanicFixture+0x…`, the offset the address less the load bias")
    func full() throws {
        let stripped = try StrippedFixture.make(["--strip-all"])
        defer { StrippedFixture.remove(stripped) }
        let outcome = try Fixture.run("backtrace-chain", executablePath: stripped.path, environment: ["PANIC_BACKTRACE": "full"])
        let names = frameNames(outcome.stderr)
        let own = names.filter { $0.contains(" - PanicFixture+0x") }
        #expect(own.count >= 10, "\(outcome)")
        // Every offset differs from its address by the same bias (one image, one load address).
        let biases = Set(own.compactMap { line -> UInt? in
            let parts = line.split(separator: " ")
            guard let address = UInt(parts[0].dropFirst(2), radix: 16),
                  let offset = parts[2].components(separatedBy: "+0x").last.flatMap({ UInt($0, radix: 16) }) else { return nil }
            return address &- offset
        })
        #expect(biases.count == 1 && biases.first.map { $0 % 4096 == 0 } == true, "\(biases)\n\(outcome)")
    }
}
