import Foundation
import Testing

/// libdw (with libelf and its compression libraries) and libunwind are loaded
/// on first use, not at process start; without libdw a report still gives
/// every frame's place. `PANIC_LIBDW` names the library to load instead of
/// `libdw.so.1`: a missing file stands for a machine without libdw1.
@Suite("Libraries loaded on first use")
struct LazyLibraryTests {
    /// The objects the dynamic linker loaded, from its `LD_DEBUG=files` trace on stderr.
    static func loadedObjects(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "file=") else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
    }

    /// An uncaught panic's end: status 101, or SIGABRT under the PanicAbort trait.
    static func endedByPanic(_ outcome: Fixture.Outcome) -> Bool {
        #if PanicAbort
        outcome.signal == 6
        #else
        outcome.exitStatus == 101
        #endif
    }

    @Test("a program under start that does not panic loads neither libdw, libelf nor libunwind")
    func notLoadedWithoutPanic() throws {
        let outcome = try Fixture.start("void")
        #expect(outcome.exitStatus == 0 && outcome.stdout == "main ran\n", "\(outcome)")
        let traced = try Fixture.run("void", executable: "StartFixture", environment: ["LD_DEBUG": "files"])
        let objects = Self.loadedObjects(traced.stderr)
        #expect(objects.contains { $0.hasPrefix("libswiftCore") }, "the trace must list what is loaded: \(traced)")
        for library in ["libdw.so.1", "libelf.so.1", "libunwind.so.8", "liblzma.so.5", "libz.so.1", "libbz2.so.1.0"] {
            #expect(!objects.contains(library), "\(library) loaded: \(objects)")
        }
    }

    @Test("a program that links PanicRuntime lists no library a plain hello world does not: no Synchronization, no Glibc overlay, no libm, libdispatch or ld.so")
    func noExtraSwiftLibraries() throws {
        // panic-demo imports PanicRuntime alone (the fixtures import more).
        let demo = Fixture.executable("panic-demo")
        let outcome = try Fixture.launch(URL(fileURLWithPath: "/usr/bin/readelf"), arguments: ["-d", demo.path])
        let needed = outcome.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            line.split(separator: "[").last?.split(separator: "]").first.map(String.init)
        }
        #expect(needed.contains("libswiftCore.so"), "\(outcome)")
        // What `swiftc hello.swift` lists (SwiftOnoneSupport in debug builds).
        // Every library listed here is searched, in this order, for every
        // symbol of every library at start-up: one more ahead of libc and
        // libstdc++ (libm through Glibc's module, libdispatch, ld.so through
        // `__libc_stack_end`) cost 1–2% of a hello world's start each.
        let plain: Set = [
            "libswiftSwiftOnoneSupport.so", "libswiftCore.so", "libswift_Concurrency.so",
            "libswift_StringProcessing.so", "libswift_RegexParser.so", "libc.so.6",
        ]
        for library in needed {
            #expect(plain.contains(library), "\(library) needed: \(needed)")
        }
    }

    @Test("a panic with a backtrace loads libdw and libunwind then, and names its frames")
    func loadedForBacktrace() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "1", "LD_DEBUG": "files"])
        #expect(Self.endedByPanic(outcome), "\(outcome)")
        let objects = Self.loadedObjects(outcome.stderr)
        #expect(objects.contains("libdw.so.1") && objects.contains("libunwind.so.8"), "\(objects)")
        #expect(outcome.stderr.contains("   0: PanicFixture.innerStep()"), "\(outcome)")
    }

    @Test("without libdw: every frame as image+0xOFFSET, one note, status 101 (SIGABRT under PanicAbort); panic-symbolize names them offline")
    func missingLibdw() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "1", "PANIC_LIBDW": "/nonexistent/libdw.so.1"])
        #expect(Self.endedByPanic(outcome), "\(outcome)")
        #expect(outcome.stderr.contains(") panicked at PanicFixture/Scenarios.swift:"), "\(outcome)")
        let names = frameNames(outcome.stderr)
        #expect(names.count >= 5, "\(outcome)")
        let placed = /^[A-Za-z0-9_.+-]+\+0x[0-9a-f]+$/
        #expect(names.allSatisfy { $0.wholeMatch(of: placed) != nil }, "\(outcome)")
        #expect(names.first?.hasPrefix("PanicFixture+0x") == true, "\(outcome)")
        #expect(outcome.lastStderrLine == "note: /nonexistent/libdw.so.1 not found: frames are shown as addresses", "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "not found").count == 2, "\(outcome)")

        let resolved = try panicSymbolize([Fixture.executable("PanicFixture").path], input: Data(outcome.stderr.utf8))
        let text = String(decoding: resolved.stdout, as: UTF8.self)
        #expect(text.contains("PanicFixture.middleStep()") && text.contains("PanicFixture.outerStep()"), "\(text)\n\(resolved.stderr)")
    }

    @Test("without libdw, full style: addresses and places, the same note")
    func missingLibdwFull() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "full", "PANIC_LIBDW": "/nonexistent/libdw.so.1"])
        #expect(Self.endedByPanic(outcome), "\(outcome)")
        let names = frameNames(outcome.stderr)
        #expect(names.first?.contains(" - PanicFixture+0x") == true, "\(outcome)")
        #expect(names.contains { $0.contains(" - libc.so.6+0x") }, "\(outcome)")
        #expect(outcome.lastStderrLine == "note: /nonexistent/libdw.so.1 not found: frames are shown as addresses", "\(outcome)")
    }

    @Test("PANIC_LIBDW naming a library that is not libdw counts as missing")
    func wrongLibrary() throws {
        let outcome = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "1", "PANIC_LIBDW": "libm.so.6"])
        #expect(Self.endedByPanic(outcome), "\(outcome)")
        #expect(frameNames(outcome.stderr).first?.hasPrefix("PanicFixture+0x") == true, "\(outcome)")
        #expect(outcome.lastStderrLine == "note: libm.so.6 not found: frames are shown as addresses", "\(outcome)")
    }

    @Test("PANIC_LIBDW empty means libdw.so.1; without libdw a panic is not caught (its skipped frames cannot be checked), with one note saying so")
    func emptyOverride() throws {
        let named = try Fixture.run("backtrace-chain", environment: ["PANIC_BACKTRACE": "1", "PANIC_LIBDW": ""])
        #expect(named.stderr.contains("   0: PanicFixture.innerStep()") && !named.stderr.contains("not found"), "\(named)")
        let quiet = try Fixture.run("caught-then-exit-0", environment: ["PANIC_LIBDW": "/nonexistent/libdw.so.1"])
        #expect(!quiet.stderr.contains("not found"), "\(quiet)")
        #if !PanicAbort
        #expect(quiet.exitStatus == 101, "\(quiet)")
        #expect(quiet.lastStderrLine == "note: the frames the panic would skip could not be checked: /nonexistent/libdw.so.1 (elfutils' libdw) is not loaded; it cannot be caught", "\(quiet)")
        #endif
    }
}
