/// Makes text safe to print in a report.
package enum ReportText {
    /// `text` with every control character except newline and tab written as
    /// a Swift escape (`\u{1B}`, `\0`), so that a message cannot move the
    /// cursor, recolour the terminal or hide part of the report.
    /// Text without control characters is returned as it is, without copying.
    package static func inert(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09:
                result.unicodeScalars.append(scalar)
            case 0x00:
                result += "\\0"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
