import Foundation
import Testing
import Panic

/// The compile unit of an address is found from the units' own ranges when
/// there is no `.debug_aranges` (clang emits none, nor does swiftc): a unit
/// whose functions are in separate sections has `DW_AT_ranges` (DWARF 4's
/// `.debug_ranges`, DWARF 5's `.debug_rnglists`), another `DW_AT_low_pc` and
/// `DW_AT_high_pc`. The units are read lazily, in order, up to the one that
/// holds the address: each lookup below must still land in the right unit,
/// whether it was read already or not.
@Suite("DWARF: compile units found by their own ranges, lazily")
struct DwarfUnitRangesTests {
    static let sources = [
        // Three functions, each in its own section: the unit gets DW_AT_ranges.
        "ranges.c": """
            int helper_one(int x) { return x * 3 + 1; }
            int helper_two(int x) { return helper_one(x) ^ 7; }
            int entry_point(int x) { return helper_two(x) + helper_one(x + 1); }
            """,
        // One function in .text: the unit gets DW_AT_low_pc and DW_AT_high_pc.
        "plain.c": """
            int other_unit(int x) { return x - 5; }
            """,
    ]

    /// A shared library of both units, built by clang with `dwarf` (4 or 5).
    static func library(dwarf: Int) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dwarf-ranges-\(getpid())-\(dwarf)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var objects: [String] = []
        for (name, text) in sources.sorted(by: { $0.key > $1.key }) {
            let source = directory.appendingPathComponent(name)
            try text.write(to: source, atomically: true, encoding: .utf8)
            let object = source.deletingPathExtension().appendingPathExtension("o").path
            let sections = name == "ranges.c" ? ["-ffunction-sections"] : []
            try run("clang", ["-gdwarf-\(dwarf)", "-O1", "-fno-inline", "-fPIC"] + sections + ["-c", source.path, "-o", object])
            objects.append(object)
        }
        let library = directory.appendingPathComponent("libranges.so")
        try run("clang", ["-shared", "-Wl,--build-id"] + objects + ["-o", library.path])
        return library
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Each defined function's offset in the file, from `nm`.
    static func offsets(of library: URL) throws -> [String: UInt] {
        var offsets: [String: UInt] = [:]
        for line in try run("nm", ["--defined-only", library.path]).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, fields[1] == "T", let value = UInt(fields[0], radix: 16) { offsets[String(fields[2])] = value }
        }
        return offsets
    }

    @Test("each function's file and line, in an order that reads the units back and forth", arguments: [4, 5])
    func functionsResolve(dwarf: Int) throws {
        let library = try Self.library(dwarf: dwarf)
        defer { try? FileManager.default.removeItem(at: library.deletingLastPathComponent()) }
        let sections = try Self.run("readelf", ["-S", "-W", library.path])
        try #require(!sections.contains(".debug_aranges"), "the fixture must have no .debug_aranges")
        let offsets = try Self.offsets(of: library)
        let image = try OfflineImage(path: library.path)
        // The last unit first (every unit read), then the first (read already), and so on.
        let expected: [(String, String, Int)] = [
            ("other_unit", "plain.c", 1), ("entry_point", "ranges.c", 3), ("helper_one", "ranges.c", 1),
            ("helper_two", "ranges.c", 2), ("other_unit", "plain.c", 1),
        ]
        for (function, file, line) in expected {
            let offset = try #require(offsets[function], "\(function) not in the library")
            // A "return address" two bytes into the function: looked up one byte earlier.
            let symbol = try #require(image.symbols(atOffset: offset + 2).last)
            #expect(symbol.name == function)
            #expect(symbol.file?.hasSuffix("/" + file) == true, "\(function): \(symbol.file ?? "no file")")
            #expect(symbol.line == line, "\(function): line \(symbol.line)")
        }
        // A fresh image, the first unit's address first: the walk stops there, then goes on for the last.
        let fresh = try OfflineImage(path: library.path)
        for function in ["helper_two", "other_unit", "entry_point"] {
            let offset = try #require(offsets[function])
            let symbol = try #require(fresh.symbols(atOffset: offset + 2).last)
            #expect(symbol.file != nil && symbol.line > 0, "\(function) has no line in a fresh image")
        }
    }
}
