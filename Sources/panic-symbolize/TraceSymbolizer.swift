import Panic

/// Rewrites a trace of a report: frames known by their place are resolved
/// from the image's file, named frames are kept, and the whole is trimmed
/// and printed again as the runtime prints a trace of that style.
struct TraceSymbolizer {
    let files: ImageFiles

    /// What a trap's report header should have said, when the resolved
    /// trace shows a trap: the check's message and the user's location.
    struct TrapFacts {
        let message: String
        let location: SourceLocation
    }

    func symbolize(_ trace: ReportTrace) -> (text: String, trap: TrapFacts?) {
        var frames: [Backtrace.SymbolizedFrame] = []
        // The build id each image printed in this trace (on its first frame only).
        var buildIDs: [String: String] = [:]
        for case .frame(_, let text) in trace.lines {
            if let place = ReportTrace.place(text), let id = place.buildID, buildIDs[place.image] == nil { buildIDs[place.image] = id }
        }
        var index = 0
        while index < trace.lines.count {
            switch trace.lines[index] {
            case .omitted(let count):
                // Frames the runtime folded already: folded again, counted with their neighbours.
                for _ in 0..<count { frames.append(.init(address: 0, symbols: [Self.folded])) }
            case .location:
                break
            case .frame(let address, let text):
                var location: String?
                if index + 1 < trace.lines.count, case .location(let at) = trace.lines[index + 1] { location = at }
                if let place = ReportTrace.place(text) {
                    frames.append(.init(address: address ?? 0, symbols: resolve(place, buildID: buildIDs[place.image])))
                } else {
                    let symbol = Self.named(text, location: location)
                    // Full style prints a frame's inlined functions as lines with the same address.
                    if let address, let last = frames.last, last.address == address, last.symbols.allSatisfy({ $0.imageOffset == nil }) {
                        frames[frames.count - 1] = .init(address: address, symbols: last.symbols + [symbol])
                    } else {
                        frames.append(.init(address: address ?? 0, symbols: [symbol]))
                    }
                }
            }
            index += 1
        }
        let text = BacktraceFormatter(style: trace.isShort ? .short : .full, color: false).format(frames)
        return (text, Self.trapFacts(frames))
    }

    /// The runtime's diagnosis of a trap (TrapDiagnosis), made again on the
    /// resolved frames: a stripped binary's report could not name the check
    /// (`Fatal error: Swift runtime failure`) nor the user's line (`<unknown>`).
    static func trapFacts(_ frames: [Backtrace.SymbolizedFrame]) -> TrapFacts? {
        let symbols = frames.flatMap(\.symbols)
        guard let trampoline = symbols.lastIndex(where: { $0.mangledName == TrapDiagnosis.trampoline }) else { return nil }
        let stack = symbols[(trampoline + 1)...]
        return TrapFacts(message: TrapDiagnosis.message(stack), location: TrapDiagnosis.location(stack))
    }

    /// The symbols of a frame known by its place, or the place again when no file names it.
    private func resolve(_ place: ReportTrace.Place, buildID: String?) -> [Backtrace.Symbol] {
        let unresolved = [Backtrace.Symbol(
            name: "<unknown>", mangledName: nil, image: place.image, file: nil, line: 0, column: 0, isInlined: false,
            imageOffset: place.offset, buildID: buildID
        )]
        guard let file = files.file(image: place.image, buildID: buildID) else { return unresolved }
        let symbols = file.symbols(atOffset: place.offset)
        if symbols.allSatisfy({ $0.mangledName == nil && $0.name == "<unknown>" }) {
            files.warn("\(file.path) names nothing at some offsets of \(place.image) (stripped too?): pass the unstripped binary or its debug file")
            return unresolved
        }
        return symbols
    }

    /// A frame the report already named, with its `at` line parsed back.
    static func named(_ text: String, location: String?) -> Backtrace.Symbol {
        var file: String?
        var line = 0
        var column = 0
        if let location {
            let parts = location.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 3, let number = Int(parts[parts.count - 2]), let col = Int(parts[parts.count - 1]), number > 0 {
                file = parts.dropLast(2).joined(separator: ":")
                line = number
                column = col
            } else if parts.count >= 2, let number = Int(parts[parts.count - 1]), number > 0 {
                file = parts.dropLast().joined(separator: ":")
                line = number
            }
        }
        return Backtrace.Symbol(name: text, mangledName: trimmingName(text), image: nil, file: file, line: line, column: column, isInlined: false)
    }

    /// What short trimming needs to know of a named frame, which the report
    /// prints demangled: a C symbol is its own name; a standard library
    /// function (`Swift.…`) is marked as one (`$ss`), so that a trap's
    /// standard library frames are skipped as the runtime skips them.
    static func trimmingName(_ name: String) -> String? {
        if name.hasPrefix("Swift.") || name.contains(" in Swift.") || name.hasPrefix("(extension in Swift)")
            || name.contains(" of Swift.") {
            return "$ss"
        }
        if !name.contains(" "), !name.contains("("), !name.hasPrefix("<") { return name }
        return nil
    }

    /// Stands for a frame the report had folded into `[... omitted N frames ...]`: plumbing.
    static let folded = Backtrace.Symbol(
        name: "thunk for a frame the report omitted", mangledName: nil, image: nil, file: nil, line: 0, column: 0, isInlined: false
    )
}
