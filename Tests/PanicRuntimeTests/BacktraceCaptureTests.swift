import Testing
import PanicRuntime

// Each does something after its call, so that -O cannot make it a tail call
// (which would take its frame off the stack).
@inline(never) func captureTwoDeep() -> Backtrace { let trace = captureOneDeep(); keep(trace); return trace }
@inline(never) func captureOneDeep() -> Backtrace { let trace = Backtrace.capture(); keep(trace); return trace }
@inline(never) func keep(_ value: Backtrace) { if value.frames.isEmpty { print("no frames") } }

@Suite("Backtrace capture")
struct BacktraceCaptureTests {
    @Test("frames come innermost first with names, image and (in debug) file:line")
    func namesAndOrder() throws {
        let trace = captureTwoDeep()
        #expect(trace.frames.count > 3)
        let symbols = trace.symbolized().flatMap(\.symbols)
        let names = symbols.map(\.name)
        let one = try #require(names.firstIndex { $0.hasPrefix("PanicRuntimeTests.captureOneDeep()") }, "\(names)")
        let two = try #require(names.firstIndex { $0.hasPrefix("PanicRuntimeTests.captureTwoDeep()") }, "\(names)")
        #expect(one < two)
        let frame = symbols[one]
        #expect(frame.mangledName?.hasPrefix("$s17PanicRuntimeTests14captureOneDeep") == true)
        #expect(frame.image?.hasSuffix(".xctest") == true, "\(String(describing: frame.image))")
        #if DEBUG
        #expect(frame.file?.hasSuffix("Tests/PanicRuntimeTests/BacktraceCaptureTests.swift") == true)
        #expect(frame.line == 7)
        #endif
    }

    @Test("short formatting starts at the caller of capture()")
    func shortStartsAtCaller() {
        let text = captureTwoDeep().formatted(style: .short)
        #expect(text.hasPrefix("stack backtrace:\n   0: PanicRuntimeTests.captureOneDeep()\n"), "\(text)")
        #expect(text.contains("   1: PanicRuntimeTests.captureTwoDeep()\n"), "\(text)")
    }

    @Test("a trace captured on another thread shows that thread's frames")
    func otherThread() {
        let trace = onNewThread { captureTwoDeep() }
        let names = trace.symbolized().flatMap(\.symbols).map(\.name)
        #expect(names.contains { $0.hasPrefix("PanicRuntimeTests.captureOneDeep()") }, "\(names)")
        #expect(names.contains("start_thread"), "\(names)")
        #expect(!names.contains { $0.contains("Testing.") }, "\(names)")
    }

    @Test("symbolizing twice gives the same answer (from the cache)")
    func cached() {
        let trace = captureTwoDeep()
        let first = trace.symbolized().map { $0.symbols.map(\.name) }
        let second = trace.symbolized().map { $0.symbols.map(\.name) }
        #expect(first == second)
    }

    @Test("addresses that belong to nothing resolve to <unknown>")
    func unknownAddresses() {
        let trace = Backtrace(addresses: [0, 1, 0xdead_0000_0000])
        let frames = trace.symbolized()
        #expect(frames.count == 3)
        #expect(frames.allSatisfy { $0.symbols.map(\.name) == ["<unknown>"] })
        #expect(trace.formatted(style: .full).contains("<unknown>"))
    }
}
