// libFuzzer target: every input goes through
//   1. `BacktraceStyle.parse(environmentValue:)`;
//   2. `defaultHook(_:)` (fd 2 pointed at a file), with the input as message,
//      thread name and file: the report must hold no control byte other than
//      newline and tab, and must equal an expected rendering written here
//      independently of `ReportText.inert`;
//   3. `Backtrace(addresses:).formatted(style:color:)` with junk addresses
//      and addresses near real symbols;
//   4. `catchUnwind { panic(message) }` with a silent hook.
// A failed check calls `abort()`, which libFuzzer reports as a crash.
import Glibc
import PanicRuntime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data!, count: size))
    Fuzz.setUpOnce()
    Fuzz.checkParse(bytes)
    Fuzz.checkReport(bytes)
    Fuzz.checkBacktrace(bytes)
    Fuzz.checkCatch(bytes)
    return 0
}

enum Fuzz {
    nonisolated(unsafe) static var isSetUp = false
    /// The default hook prints the `PANIC_BACKTRACE` note on its first report only.
    nonisolated(unsafe) static var noteExpected = true
    /// An unlinked file that stands in for fd 2 during `defaultHook`.
    nonisolated(unsafe) static var captureFD: CInt = -1

    static func setUpOnce() {
        guard !isSetUp else { return }
        isSetUp = true
        selfTest()
        setBacktraceStyle(.off)
        setHook { _ in }
        var template = Array("/tmp/panic-fuzz-XXXXXX".utf8CString)
        captureFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        check(captureFD >= 0, "mkstemp failed")
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    static func fail(_ what: String, _ input: [UInt8]) -> Never {
        let text = "\nFUZZ CHECK FAILED: \(what)\ninput bytes: \(input)\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
        abort()
    }

    static func check(_ condition: Bool, _ what: @autoclosure () -> String, _ input: [UInt8] = []) {
        if !condition { fail(what(), input) }
    }

    // MARK: 1. PANIC_BACKTRACE

    static func checkParse(_ bytes: [UInt8]) {
        let value = String(decoding: bytes, as: UTF8.self)
        let style = BacktraceStyle.parse(environmentValue: value)
        let expected: BacktraceStyle = bytes == Array("0".utf8) ? .off : bytes == Array("full".utf8) ? .full : .short
        check(style == expected, "parse(\(value.debugDescription)) gave \(style), expected \(expected)", bytes)
        check(BacktraceStyle.parse(environmentValue: nil) == .off, "parse(nil) is not off", bytes)
    }

    // MARK: 2. The default hook's report

    static func checkReport(_ bytes: [UInt8]) {
        let third = bytes.count / 3
        let name = String(decoding: bytes[..<third], as: UTF8.self)
        let file = String(decoding: bytes[third..<(2 * third)], as: UTF8.self)
        let message = String(decoding: bytes, as: UTF8.self)
        let line = UInt(bytes.first ?? 0) * 1000 + UInt(bytes.count)
        let column = UInt(bytes.last ?? 0)
        let named = bytes.count % 2 == 0
        let info = PanicInfo(
            payload: message, location: SourceLocation(file: file, line: line, column: column),
            threadName: named ? name : nil, canUnwind: true)

        let report = captureStandardError { defaultHook(info) }

        checkInert(report, "default hook report", bytes)
        var expected = Array("\nthread '".utf8)
        expected += named ? Expected.inert(Array(name.utf8)) : Array("<unnamed>".utf8)
        expected += Array("' (\(threadID)) panicked at ".utf8)
        // A location without a line (line 0) prints its file alone.
        expected += Expected.inert(Array(file.utf8)) + Array((line == 0 ? ":\n" : ":\(line):\(column):\n").utf8)
        expected += Expected.inert(Array(message.utf8)) + [0x0A]
        if noteExpected {
            expected += Array("note: run with `PANIC_BACKTRACE=1` environment variable to display a backtrace\n".utf8)
            noteExpected = false
        }
        if report != expected {
            fail("report differs\n got:      \(String(decoding: report, as: UTF8.self).debugDescription)\n"
                + " expected: \(String(decoding: expected, as: UTF8.self).debugDescription)", bytes)
        }
    }

    /// The kernel's id of this thread (Glibc's module has no `gettid`):
    /// `/proc/thread-self` links to `<pid>/task/<tid>`.
    static let threadID: Int32 = {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        check(length > 0, "readlink /proc/thread-self failed")
        let link = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let tid = link.split(separator: "/").last.flatMap({ Int32($0) }) else { fail("no tid in \(link)", []) }
        return tid
    }()

    /// Runs `body` with fd 2 pointed at the capture file; returns what it wrote.
    static func captureStandardError(_ body: () -> Void) -> [UInt8] {
        check(ftruncate(captureFD, 0) == 0 && lseek(captureFD, 0, SEEK_SET) == 0, "cannot reset the capture file")
        let saved = dup(2)
        check(saved >= 0 && dup2(captureFD, 2) == 2, "cannot redirect fd 2")
        body()
        check(dup2(saved, 2) == 2, "cannot restore fd 2")
        close(saved)
        let length = Int(lseek(captureFD, 0, SEEK_CUR))
        var out = [UInt8](repeating: 0, count: length)
        let read = out.withUnsafeMutableBytes { pread(captureFD, $0.baseAddress, length, 0) }
        check(read == length, "short read of the capture file")
        return out
    }

    /// No C0 control other than newline and tab, no DEL, no C1 control
    /// (U+0080–U+009F, encoded C2 80–C2 9F), and valid UTF-8.
    static func checkInert(_ text: [UInt8], _ what: String, _ input: [UInt8]) {
        if let problem = inertViolation(text) { fail("\(what): \(problem)", input) }
    }

    static func inertViolation(_ text: [UInt8]) -> String? {
        for (index, byte) in text.enumerated() {
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F {
                return "control byte \(byte) at \(index)"
            }
            if byte == 0xC2, index + 1 < text.count, (0x80...0x9F).contains(text[index + 1]) {
                return "C1 control at \(index)"
            }
        }
        return String(validating: text, as: UTF8.self) == nil ? "not valid UTF-8" : nil
    }

    /// The checker itself must be able to fail: each of these must be flagged.
    static func selfTest() {
        for bad in ["a\u{1B}[2J", "\u{0}", "x\u{7F}", "\u{9B}31m", "\r", "\u{85}"] {
            check(inertViolation(Array(bad.utf8)) != nil, "checker accepted \(bad.debugDescription)")
        }
        check(inertViolation([0x61, 0xFF]) != nil, "checker accepted invalid UTF-8")
        check(inertViolation(Array("ok\n\tü \\u{1B}".utf8)) == nil, "checker rejected inert text")
        check(Expected.inert(Array("\u{0}\u{1B}\u{7F}\u{9B}\n".utf8)) == Array("\\0\\u{1B}\\u{7F}\\u{9B}\n".utf8),
              "expected rendering is wrong")
    }

    // MARK: 3. Backtrace formatting

    static let realSymbols: [UInt] = ["LLVMFuzzerTestOneInput", "malloc", "write", "swift_retain", "main"].compactMap {
        (name: String) -> UInt? in dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { UInt(bitPattern: $0) }
    }

    static func checkBacktrace(_ bytes: [UInt8]) {
        // Up to 4 addresses: 8 input bytes each; the low byte of each word
        // picks between junk as it is and an offset into a real function.
        var addresses: [UInt] = []
        var index = 0
        while index + 8 <= bytes.count && addresses.count < 4 {
            var word: UInt = 0
            for byte in bytes[index..<(index + 8)] { word = word << 8 | UInt(byte) }
            if word & 1 == 1, !realSymbols.isEmpty {
                word = realSymbols[Int((word >> 1) % UInt(realSymbols.count))] &+ (word >> 8) % 256
            }
            addresses.append(word)
            index += 8
        }
        let trace = Backtrace(addresses: addresses)

        let full = trace.formatted(style: .full)
        checkInert(Array(full.utf8), "full backtrace", bytes)
        check(full.hasPrefix("stack backtrace:\n"), "full backtrace has no header", bytes)
        // Every address appears, innermost first, as ` 0x<hex> - `.
        var rest = Substring(full)
        for address in addresses {
            let needle = " 0x" + Expected.hex(address) + " - "
            guard let found = rest.firstRange(of: needle) else {
                fail("full backtrace lacks \(needle) in order:\n\(full)", bytes)
            }
            rest = rest[found.upperBound...]
        }

        let short = trace.formatted(style: .short)
        checkInert(Array(short.utf8), "short backtrace", bytes)
        check(short.hasPrefix("stack backtrace:\n") && short.hasSuffix("for a verbose backtrace.\n"),
              "short backtrace framing:\n\(short)", bytes)
        check(trace.formatted(style: .off).isEmpty, "off backtrace is not empty", bytes)

        // With colour, only the formatter's own SGR sequences may appear.
        var colored = trace.formatted(style: .full, color: true)
        for sgr in ["\u{1B}[1m", "\u{1B}[36m", "\u{1B}[0m"] { colored = colored.replacing(sgr, with: "") }
        check(colored == full, "coloured backtrace differs from the plain one beyond SGR", bytes)
    }

    // MARK: 4. catchUnwind

    static func checkCatch(_ bytes: [UInt8]) {
        let message = String(decoding: bytes, as: UTF8.self)
        let result = catchUnwind { () -> Int in panic(message) }
        guard case .failure(let panicked) = result else { fail("catchUnwind returned success", bytes) }
        check(panicked.message == message, "caught message differs", bytes)
        check(panicked.location.file == #fileID, "caught location \(panicked.location)", bytes)
        check(!isPanicking && panicCount == 0, "counts not back to zero", bytes)
    }
}

/// The report text as it should be, computed on UTF-8 bytes (the library
/// works on Unicode scalars): C0 controls other than newline and tab, DEL and
/// C1 controls become `\u{XX}` with uppercase hex, NUL becomes `\0`.
enum Expected {
    static let digits = Array("0123456789ABCDEF".utf8)
    static let lowerDigits = Array("0123456789abcdef".utf8)

    static func inert(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0 {
                out += [0x5C, 0x30]  // \0
            } else if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F {
                out += escape(UInt32(byte))
            } else if byte == 0xC2, index + 1 < input.count, (0x80...0x9F).contains(input[index + 1]) {
                out += escape(UInt32(input[index + 1]))
                index += 1
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// `\u{1B}`: no leading zeros, uppercase.
    static func escape(_ value: UInt32) -> [UInt8] {
        let hexDigits: [UInt8] = value >= 16 ? [digits[Int(value >> 4)], digits[Int(value & 15)]] : [digits[Int(value)]]
        return Array("\\u{".utf8) + hexDigits + [0x7D]
    }

    /// Lowercase hex without leading zeros, as the full style prints addresses.
    static func hex(_ value: UInt) -> String {
        if value == 0 { return "0" }
        var out: [UInt8] = []
        var rest = value
        while rest > 0 { out.insert(lowerDigits[Int(rest & 15)], at: 0); rest >>= 4 }
        return String(decoding: out, as: UTF8.self)
    }
}
