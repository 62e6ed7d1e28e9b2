import CUnwind

/// Reports on stderr: one `write` each, never interleaved with another
/// thread's report.
package enum StandardError {
    private static let lock = PanicLock<Void>(())

    /// True when stderr is a terminal and `NO_COLOR` is unset or empty: reports may use colour.
    package static var isColorTerminal: Bool {
        guard isatty(2) == 1 else { return false }
        guard let noColor = getenv("NO_COLOR") else { return true }
        return noColor.pointee == 0
    }

    /// Writes `text` to file descriptor 2 in one call (more only when the
    /// kernel takes it in parts), holding the report lock. A closed or broken
    /// stderr loses the text; nothing fails.
    package static func writeReport(_ text: String) {
        lock.withLock { _ in write(text) }
    }

    /// Writes `text` to file descriptor 2 without taking the report lock:
    /// for the last words of a thread that may already hold it.
    package static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = cunwind_write_report(2, bytes.baseAddress, UInt(bytes.count))
        }
    }
}
