/// Which frames a short backtrace shows, decided by the symbols' mangled
/// names (exact: Swift mangling prefixes each identifier with its length).
package enum BacktraceTrimming {
    /// The functions a panic enters through: the first frame shown is the caller of the last of them.
    static let panicEntries = ["$s5Panic5panic", "$s5Panic5fatal", "$s5Panic9PanickingO", "cunwind_trap_trampoline"]
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
        var start: Items.Index
        if let entry = items.lastIndex(where: { matches(mangledName($0), panicEntries) }) {
            start = items.index(after: entry)
        } else if let capture = items.lastIndex(where: { matches(mangledName($0), captureFrames) }) {
            start = items.index(after: capture)
        } else {
            start = items.startIndex
        }
        // A trap in a debug build stops inside the standard library, and a
        // release build names the check as an inlined frame: neither is the user's code.
        while start < items.endIndex, let name = mangledName(items[start]),
              isStandardLibrarySymbol(name) || name.hasPrefix("Swift runtime failure: ") {
            start = items.index(after: start)
        }
        let end = items[start...].firstIndex { matches(mangledName($0), [bottomMarker]) } ?? items.endIndex
        return start..<end
    }

    /// A standard library symbol: `$ss…` (module Swift) or `$sSa…` (a member
    /// of a standard type such as Array, `$sSa15_checkSubscript…`), but not
    /// `$sSa3AppE…` (an extension of it declared in module App).
    package static func isStandardLibrarySymbol(_ mangled: String) -> Bool {
        if mangled.hasPrefix("$ss") { return true }
        guard mangled.hasPrefix("$sS") else { return false }
        let rest = Array(mangled.utf8.dropFirst(4))
        var index = 0
        var length = 0
        while index < rest.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(rest[index]) {
            length = length * 10 + Int(rest[index] - UInt8(ascii: "0"))
            index += 1
        }
        // `<length><identifier>E`: the identifier was a module, the extension's.
        let after = index + length
        return !(index > 0 && after < rest.count && rest[after] == UInt8(ascii: "E"))
    }

    /// The package's own plumbing and compiler thunks: folded into
    /// `[... omitted N frames ...]` in short style.
    static func isPlumbing(_ symbol: Backtrace.Symbol) -> Bool {
        let name = symbol.name
        if name.hasPrefix("reabstraction thunk") || name.hasPrefix("thunk for ") || name.hasPrefix("partial apply for ")
            || name.hasPrefix("partial apply forwarder for ") || name.hasPrefix("@objc closure #") {
            return true
        }
        guard let mangled = symbol.mangledName else { return false }
        if mangled.hasPrefix("cunwind_") { return true }
        // Closures inside PanicRuntime (catchUnwind's, start's, spawn's); the functions themselves are shown.
        return mangled.hasPrefix("$s12PanicRuntime") && name.hasPrefix("closure #")
    }
}
