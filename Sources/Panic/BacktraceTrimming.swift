/// Which frames a short backtrace shows, decided by the symbols' mangled
/// names (exact: Swift mangling prefixes each identifier with its length).
enum BacktraceTrimming {
    /// The functions a panic enters through: the first frame shown is the caller of the last of them.
    static let panicEntries = ["$s5Panic5panic", "$s5Panic5fatal", "$s5Panic9PanickingO"]
    /// The frames of a capture itself, dropped from the top when no panic entry is on the stack.
    static let captureFrames = ["cunwind_capture_backtrace", "$s5Panic9BacktraceV7capture"]
    /// The bottom marker: frames from it down are not shown.
    static let bottomMarker = "$s5Panic19beginShortBacktrace"

    static func matches(_ mangled: String?, _ prefixes: [String]) -> Bool {
        guard let mangled else { return false }
        return prefixes.contains { mangled.hasPrefix($0) }
    }

    /// The items between the panic entry (or the capture) and the marker,
    /// given each item's mangled name.
    static func shortRange<Items: RandomAccessCollection>(
        of items: Items, mangledName: (Items.Element) -> String?
    ) -> Range<Items.Index> {
        let start: Items.Index
        if let entry = items.lastIndex(where: { matches(mangledName($0), panicEntries) }) {
            start = items.index(after: entry)
        } else if let capture = items.lastIndex(where: { matches(mangledName($0), captureFrames) }) {
            start = items.index(after: capture)
        } else {
            start = items.startIndex
        }
        let end = items[start...].firstIndex { matches(mangledName($0), [bottomMarker]) } ?? items.endIndex
        return start..<end
    }

    /// The package's own plumbing and compiler thunks: folded into
    /// `[... omitted N frames ...]` in short style.
    static func isPlumbing(_ symbol: Backtrace.Symbol) -> Bool {
        let name = symbol.name
        if name.hasPrefix("reabstraction thunk") || name.hasPrefix("thunk for ") || name.hasPrefix("partial apply for ") {
            return true
        }
        guard let mangled = symbol.mangledName else { return false }
        if mangled == "cunwind_catch" { return true }
        // The closure catchUnwind hands to its catch frame (catchUnwind itself is shown).
        return mangled.hasPrefix("$s7Runtime11catchUnwind") && name.hasPrefix("closure #")
    }
}
