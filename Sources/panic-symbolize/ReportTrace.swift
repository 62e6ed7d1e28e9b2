/// A `stack backtrace:` block of a panic report, read back from its text.
struct ReportTrace {
    /// One line of the block.
    enum Line: Equatable {
        /// `   3: name` (short) or `   3:     0x5555… - name` (full).
        case frame(address: UInt?, text: String)
        /// `             at file:line:column`, under the frame it belongs to.
        case location(String)
        /// `      [... omitted 2 frames ...]`.
        case omitted(Int)
    }

    static let header = "stack backtrace:"
    static let shortNote = "note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace."

    var lines: [Line] = []
    /// True when the block ended with the short style's note (or had no addresses).
    var isShort = false
    /// How many input lines the block took, the header and the note included.
    var inputLineCount = 0

    /// Reads the block whose header is `lines[start]`; nil when no frame follows it.
    /// A line that is not UTF-8 (nil) ends the block.
    static func parse(_ lines: [String?], from start: Int) -> ReportTrace? {
        guard start < lines.count, lines[start].map(plain) == header else { return nil }
        var trace = ReportTrace()
        var index = start + 1
        var sawAddress = false
        var sawNote = false
        while index < lines.count, let raw = lines[index] {
            let line = plain(raw)
            if let frame = frame(line) {
                if frame.address != nil { sawAddress = true }
                trace.lines.append(.frame(address: frame.address, text: frame.text))
            } else if let location = location(line), case .frame = trace.lines.last {
                trace.lines.append(.location(location))
            } else if let count = omitted(line) {
                trace.lines.append(.omitted(count))
            } else {
                if line == shortNote { sawNote = true; index += 1 }
                break
            }
            index += 1
        }
        guard trace.lines.contains(where: { if case .frame = $0 { true } else { false } }) else { return nil }
        trace.isShort = sawNote || !sawAddress
        trace.inputLineCount = index - start
        return trace
    }

    /// `(address, text)` of a frame line.
    static func frame(_ line: String) -> (address: UInt?, text: String)? {
        let body = line.drop { $0 == " " }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 7, body.dropFirst(digits.count).hasPrefix(": ") else { return nil }
        let rest = body.dropFirst(digits.count + 2)
        let afterSpaces = rest.drop { $0 == " " }
        if afterSpaces.hasPrefix("0x") {
            let hex = afterSpaces.dropFirst(2).prefix { $0.isHexDigit }
            let tail = afterSpaces.dropFirst(2 + hex.count)
            if !hex.isEmpty, hex.count <= 16, tail.hasPrefix(" - "), let address = UInt(hex, radix: 16) {
                return (address, String(tail.dropFirst(3)))
            }
        }
        guard !rest.isEmpty else { return nil }
        return (nil, String(rest))
    }

    /// The text after `at ` of a location line.
    static func location(_ line: String) -> String? {
        let body = line.drop { $0 == " " }
        guard body.count < line.count, body.hasPrefix("at "), body.count > 3 else { return nil }
        return String(body.dropFirst(3))
    }

    /// N of `[... omitted N frames ...]`.
    static func omitted(_ line: String) -> Int? {
        let body = line.drop { $0 == " " }
        guard body.hasPrefix("[... omitted "), body.hasSuffix(" ...]") else { return nil }
        let words = body.split(separator: " ")
        // A real trace has at most Backtrace.maximumDepth frames; a huge count is not one.
        guard words.count == 5, let count = Int(words[2]), count > 0, count <= 100_000 else { return nil }
        return count
    }

    /// A frame known only by its place: `app+0x1a2b3`, with ` (build-id 5f…)` on an image's first frame.
    struct Place: Equatable {
        let image: String
        let offset: UInt
        let buildID: String?
    }

    /// The place a frame's text names, or nil for a named frame.
    static func place(_ text: String) -> Place? {
        var text = Substring(text)
        var buildID: String?
        if text.hasSuffix(")"), let open = text.range(of: " (build-id ", options: .backwards) {
            let id = text[open.upperBound..<text.index(before: text.endIndex)]
            guard id.count >= 4, id.count <= 128, id.allSatisfy({ $0.isHexDigit }) else { return nil }
            buildID = id.lowercased()
            text = text[..<open.lowerBound]
        }
        guard let plus = text.range(of: "+0x", options: .backwards) else { return nil }
        let image = text[..<plus.lowerBound]
        let hex = text[plus.upperBound...]
        guard !image.isEmpty, !hex.isEmpty, hex.count <= 16, hex.allSatisfy({ $0.isHexDigit }),
              let offset = UInt(hex, radix: 16) else { return nil }
        return Place(image: String(image), offset: offset, buildID: buildID)
    }

    /// `line` without terminal colour sequences (ESC [ … letter) and a trailing CR.
    static func plain(_ line: String) -> String {
        var text = Substring(line)
        if text.hasSuffix("\r") { text = text.dropLast() }
        guard text.contains("\u{1B}") else { return String(text) }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\u{1B}", text[text.index(after: index)...].hasPrefix("[") {
                var end = text.index(index, offsetBy: 2)
                while end < text.endIndex, !text[end].isLetter { end = text.index(after: end) }
                index = end < text.endIndex ? text.index(after: end) : end
                continue
            }
            out.append(character)
            index = text.index(after: index)
        }
        return out
    }
}

extension StringProtocol {
    func range(of needle: String, options: BackwardsOption) -> Range<Index>? {
        var found: Range<Index>?
        var search = startIndex
        while let range = self[search...].firstRange(of: needle) {
            found = range
            search = index(after: range.lowerBound)
        }
        return found
    }
}

/// The only option of ``StringProtocol/range(of:options:)``: search from the end.
enum BackwardsOption { case backwards }
