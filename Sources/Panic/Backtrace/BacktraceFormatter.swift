import CUnwind

/// Writes symbolized frames in Rust's layout:
///
/// ```
/// stack backtrace:
///    0: App.Orders.find(id:)
///              at ./Sources/App/Orders.swift:41:13
///       [... omitted 2 frames ...]
///    1: App.main()
///              at ./Sources/App/main.swift:12:5
/// note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace.
/// ```
///
/// `short` shows the frames between the panic (or the capture) and
/// ``beginShortBacktrace(_:)``, with short names, paths relative to the
/// working directory, and the package's own plumbing (catch frames, thunks)
/// folded into `[... omitted N frames ...]`. `full` shows every frame with
/// its address, full names and absolute paths.
package struct BacktraceFormatter {
    let style: BacktraceStyle
    let color: Bool

    package init(style: BacktraceStyle, color: Bool) {
        self.style = style
        self.color = color
    }

    /// One line of the trace: a symbol at a frame's address, with its text.
    package struct Entry {
        let address: UInt
        let symbol: Backtrace.Symbol
        let text: RenderedSymbol
    }

    /// Formats frames resolved elsewhere (rendering each symbol now), as
    /// the runtime formats its own: in short style the frames are first
    /// trimmed by their functions' names (each frame's last symbol), then
    /// by every symbol's, inlined ones included.
    package func format(_ frames: [Backtrace.SymbolizedFrame]) -> String {
        var shown = frames[...]
        if style == .short {
            shown = frames[BacktraceTrimming.shortRange(of: frames) { $0.symbols.last?.mangledName }]
        }
        return format(entries: shown.flatMap { frame in
            frame.symbols.map { Entry(address: frame.address, symbol: $0, text: RenderedSymbol($0)) }
        })
    }

    /// Formats entries whose text is already rendered (the symbolizer's cache).
    package func format(entries: [Entry]) -> String {
        guard style != .off else { return "" }
        var out = "stack backtrace:\n"
        out.reserveCapacity(entries.count * 160)
        var number = 0
        var identified: Set<String> = []
        if style == .full {
            for entry in entries {
                write(entry, number: number, identified: &identified, into: &out)
                number += 1
            }
            return out
        }
        var omitted = 0
        var previous: String?
        for entry in entries[BacktraceTrimming.shortRange(of: entries, mangledName: \.symbol.mangledName)] {
            // Plumbing, and a second frame of the same function without a
            // line (a specialization's wrapper inlined into its caller). A
            // frame known only by its place is never folded: offline
            // symbolization needs every one.
            if BacktraceTrimming.isPlumbing(entry.symbol)
                || (entry.text.shortName == previous && entry.text.shortLocation == nil && entry.text.place == nil) {
                omitted += 1
                continue
            }
            previous = entry.text.shortName
            if omitted > 0 {
                out += "      [... omitted \(omitted) frame\(omitted == 1 ? "" : "s") ...]\n"
                omitted = 0
            }
            write(entry, number: number, identified: &identified, into: &out)
            number += 1
        }
        out += "note: Some details are omitted, run with `PANIC_BACKTRACE=full` for a verbose backtrace.\n"
        return out
    }

    /// Writes one frame. A frame known only by its place (`app+0x1a2b3`)
    /// carries its image's build id the first time the image appears
    /// (`identified` holds the images already shown with theirs).
    private func write(_ entry: Entry, number: Int, identified: inout Set<String>, into out: inout String) {
        let full = style == .full
        pad(String(number), to: 4, into: &out)
        out += ": "
        if full {
            pad("0x" + String(entry.address, radix: 16), to: 18, into: &out)
            out += " - "
        }
        paint(full ? entry.text.fullName : entry.text.shortName, bold: true, into: &out)
        if let place = entry.text.place, let buildID = place.buildID, identified.insert(place.image).inserted {
            out += " (build-id " + buildID + ")"
        }
        out += "\n"
        if let location = full ? entry.text.fullLocation : entry.text.shortLocation {
            out += full ? "                               at " : "             at "
            paint(location, bold: false, into: &out)
            out += "\n"
        }
    }

    private func paint(_ text: String, bold: Bool, into out: inout String) {
        guard color else { return out += text }
        out += bold ? "\u{1B}[1m" : "\u{1B}[36m"
        out += text
        out += "\u{1B}[0m"
    }

    private func pad(_ text: String, to width: Int, into out: inout String) {
        for _ in 0..<max(0, width - text.utf8.count) { out += " " }
        out += text
    }

    /// `./Sources/App/main.swift` for a file under the working directory, as Rust's short style prints.
    package static func relativePath(_ path: String) -> String {
        guard let directory = workingDirectory, path.hasPrefix(directory + "/") else { return path }
        return "." + path.dropFirst(directory.count)
    }

    private static let workingDirectory: String? = {
        guard let raw = getcwd(nil, 0) else { return nil }
        defer { free(raw) }
        let directory = String(cString: raw)
        return directory == "/" ? nil : directory
    }()
}

/// The printable text of a symbol, in both styles: made once per address
/// and kept by the symbolizer, so a warm backtrace is only concatenation.
package struct RenderedSymbol: Sendable {
    /// The short name (`App.Orders.find(id:)`), printed inert.
    let shortName: String
    /// The full demangled name, printed inert.
    let fullName: String
    /// `./relative/path.swift:line:column`, or nil without a line.
    let shortLocation: String?
    /// `/absolute/path.swift:line:column`, or nil without a line.
    let fullLocation: String?
    /// For a frame nothing names: its image and build id; the names are then `image+0xOFFSET`.
    let place: ImagePlace?

    /// A frame's place in its image, printed `app+0x1a2b3` where no symbol names it.
    struct ImagePlace: Sendable {
        /// The image's file name (`app`, `libfoo.so`).
        let image: String
        let buildID: String?
    }

    init(_ symbol: Backtrace.Symbol) {
        if symbol.isNameless, let image = symbol.image, let offset = symbol.imageOffset {
            let name = image.split(separator: "/").last.map(String.init) ?? image
            place = ImagePlace(image: ReportText.inert(name), buildID: symbol.buildID)
            fullName = ReportText.inert(name) + "+0x" + String(offset, radix: 16)
            shortName = fullName
        } else {
            place = nil
            fullName = ReportText.inert(symbol.name)
            shortName = ReportText.inert(SwiftNameShortener.shorten(symbol.name))
        }
        if let file = symbol.file, symbol.line > 0 {
            let suffix = ":\(symbol.line):\(symbol.column)"
            fullLocation = ReportText.inert(file + suffix)
            shortLocation = ReportText.inert(BacktraceFormatter.relativePath(file) + suffix)
        } else {
            fullLocation = nil
            shortLocation = nil
        }
    }
}
