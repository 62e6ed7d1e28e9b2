import Testing
import Panic

@Suite("Report text")
struct ReportFormatTests {
    let location = SourceLocation(file: "App/main.swift", line: 12, column: 5)

    @Test("SourceLocation prints file:line:column")
    func locationDescription() {
        #expect(location.description == "App/main.swift:12:5")
        #expect(SourceLocation(file: "a.swift" as StaticString, line: 1, column: 0).description == "a.swift:1:0")
    }

    @Test("a String or StaticString payload is the message; anything else names its type")
    func payloadText() {
        #expect(PanicPayload.text(of: "hello") == "hello")
        #expect(PanicPayload.text(of: "static" as StaticString) == "static")
        #expect(PanicPayload.text(of: 42) == nil)
        #expect(PanicPayload.reportText(of: 42) == "<non-string payload of type Swift.Int>")
        #expect(PanicPayload.reportText(of: [1, 2]) == "<non-string payload of type Swift.Array<Swift.Int>>")
        struct Local: Sendable {}
        #expect(PanicPayload.reportText(of: Local()).hasPrefix("<non-string payload of type PanicTests."))
    }

    @Test("PanicInfo carries the payload, message and location")
    func panicInfo() {
        let info = PanicInfo(payload: "boom", location: location, threadName: nil, canUnwind: true)
        #expect(info.message == "boom")
        #expect(info.description == "panicked at App/main.swift:12:5:\nboom")
        let other = PanicInfo(payload: 7, location: location, threadName: "w", canUnwind: false)
        #expect(other.message == nil)
        #expect(other.payload as? Int == 7)
    }

    @Test("the report: blank line, thread line, message; unnamed threads are <unnamed>")
    func reportLayout() {
        let named = PanicInfo(payload: "index 7 is out of range", location: location, threadName: "worker", canUnwind: true)
        let text = PanicReport.text(for: named, style: .short)
        let header = "\nthread 'worker' (\(ThreadIdentity.currentID)) panicked at App/main.swift:12:5:\nindex 7 is out of range\n"
        #expect(text.hasPrefix(header + "stack backtrace:\n"), "\(text)")
        #expect(text.hasSuffix("note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace.\n"))
        let unnamed = PanicInfo(payload: 1.5, location: location, threadName: nil, canUnwind: true)
        #expect(PanicReport.text(for: unnamed, style: .full).hasPrefix("\nthread '<unnamed>' ("))
        #expect(PanicReport.text(for: unnamed, style: .full).contains("\n<non-string payload of type Swift.Double>\n"))
    }

    @Test("a panic while panicking prints a full backtrace")
    func doublePanicStyle() {
        #expect(PanicReport.style(forPanicCount: 2) == .full)
        #expect(PanicReport.style(forPanicCount: 3) == .full)
    }

    @Test("control characters in messages are printed inert; newlines and tabs stay")
    func inertText() {
        #expect(ReportText.inert("plain text, ünïcödé £") == "plain text, ünïcödé £")
        #expect(ReportText.inert("a\nb\tc") == "a\nb\tc")
        #expect(ReportText.inert("nul\u{0}") == "nul\\0")
        #expect(ReportText.inert("\u{1B}[31mred\u{1B}[0m") == "\\u{1B}[31mred\\u{1B}[0m")
        #expect(ReportText.inert("del\u{7F} c1\u{9B}") == "del\\u{7F} c1\\u{9B}")
        #expect(ReportText.inert("\r\u{8}") == "\\u{D}\\u{8}")
    }

    @Test("invalid UTF-8 and huge messages are reported whole")
    func hostileMessages() {
        let invalid = String(decoding: [0x41, 0xFF, 0xC0, 0x42] as [UInt8], as: UTF8.self)
        #expect(ReportText.inert(invalid) == invalid)
        let huge = String(repeating: "y", count: 1 << 20)
        let info = PanicInfo(payload: huge, location: location, threadName: "t", canUnwind: true)
        #expect(PanicReport.text(for: info, style: .short).utf8.count > 1 << 20)
    }

    @Test("PANIC_BACKTRACE values: unset and 0 are off, full is full, anything else is short",
          arguments: [
            (String?.none, BacktraceStyle.off), ("0", .off), ("full", .full), ("1", .short), ("short", .short),
            ("", .short), ("FULL", .short), ("00", .short), (" 0", .short), ("yes please", .short),
            ("\u{0}", .short), ("\u{1B}[2J", .short), (String(repeating: "9", count: 100_000), .short),
          ])
    func backtraceStyleParsing(value: String?, expected: BacktraceStyle) {
        #expect(BacktraceStyle.parse(environmentValue: value) == expected)
    }

    @Test("the strategy of this build")
    func strategy() {
        #if PanicAbort
        #expect(PanicStrategy.compiled == .abort)
        #else
        #expect(PanicStrategy.compiled == .unwind)
        #endif
    }
}
