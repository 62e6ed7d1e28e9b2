import CUnwind

/// The message the Swift runtime recorded for its last fatal error.
///
/// Before trapping, the standard library reports `file:line: Fatal error:
/// message` through `swift_reportError`, which also appends it to a
/// process-wide string kept for crash reporters (`kFatalErrorMessage`, a
/// local symbol of libswiftCore) and never frees the previous string. A
/// process that survives its traps would leak ever longer copies of every
/// message so far (memory growing with the square of the trap count). The
/// trap path takes the string over at each trap, reads the reports from it
/// (each trapping thread claims its own), and frees it 32 traps later, once
/// no reporter can still be reading it.
package enum RuntimeFatalMessage {
    /// One line of the runtime's record: `Swift/Array.swift:692: Fatal error: …`.
    struct Report: Equatable {
        /// `file:line` of the report, when it has one.
        let location: String?
        /// From `Fatal error`, `Precondition failed` or `Assertion failed` on.
        let message: String
    }

    private struct State {
        var located = false
        var slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        /// Strings taken at earlier traps, freed 32 traps later: a reporter
        /// on another thread that read the pointer just before it was taken
        /// may still be copying from it for a moment.
        var retired: [UnsafeMutableRawPointer] = []
        /// Reports taken over but not yet claimed by their trap (several
        /// threads may trap at once; each claims its own).
        var unclaimed: [Report] = []
    }

    private static let state = PanicLock(State())

    /// Claims the runtime's report of the trap being diagnosed: `own`, the
    /// message this thread reported (``ownReport()``; exact), when there is
    /// one; else, from the shared record, in order of certainty: the one written at `location` (a nil unwrap, `fatalError`
    /// and `precondition` name the user's line) with the message `expected`
    /// (what the stack says failed); one with that message (an index check
    /// names the standard library's line); one written at `location`; the
    /// only one, when just one came in.
    /// Returns its message (`Fatal error: Index out of range`), or nil.
    /// Takes the runtime's record over, so it does not grow.
    package static func claim(location: SourceLocation, expected: String?, own: String?) -> String? {
        state.withLock { state in
            takeOver(&state)
            if let own {
                // Its copy in the record is claimed, so no other trap takes it.
                if let index = state.unclaimed.firstIndex(where: { $0.message == own }) { state.unclaimed.remove(at: index) }
                return own
            }
            let place = "\(location.file):\(location.line)"
            let index = state.unclaimed.firstIndex { $0.location == place && $0.message == expected }
                ?? state.unclaimed.firstIndex { $0.message == expected }
                ?? state.unclaimed.firstIndex { $0.location == place }
                ?? (state.unclaimed.count == 1 ? 0 : nil)
            guard let index else { return nil }
            return state.unclaimed.remove(at: index).message
        }
    }

    /// The message of the fatal error this thread reported last, taken from
    /// CUnwind's per-thread copy (filled by the runtime's debugger hook),
    /// or nil when it reported none.
    package static func ownReport() -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 1024) { buffer in
            guard cunwind_runtime_report_take(buffer.baseAddress, UInt(buffer.count)) else { return nil }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Claims the newest report whose message contains one of `phrases`
    /// (a runtime failure that ends in `abort()`); returns its message. This
    /// thread's own copy is taken too (and preferred), so that it cannot be
    /// mistaken later for the message of a trap that reported nothing.
    package static func claimNewest(containing phrases: [String]) -> String? {
        let own = ownReport()
        let shared: String? = state.withLock { state in
            takeOver(&state)
            guard let index = state.unclaimed.lastIndex(where: { report in phrases.contains { report.message.contains($0) } }) else { return nil }
            return state.unclaimed.remove(at: index).message
        }
        if let own, phrases.contains(where: { own.contains($0) }) { return own }
        return shared
    }

    /// Moves the runtime's record into `unclaimed` and clears it.
    private static func takeOver(_ state: inout State) {
        if !state.located {
            state.located = true
            // libswiftCore is the image holding swift_reportError, which writes the record.
            state.slot = dlsym(nil, "swift_reportError").flatMap {
                Symbolizer.shared.localSymbolAddress("_ZL18kFatalErrorMessage", inImageHolding: $0)
            }?.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        }
        guard let slot = state.slot else { return }
        let taken = cunwind_take_pointer(UnsafeMutableRawPointer(slot).assumingMemoryBound(to: UnsafeMutableRawPointer?.self))
        if let taken {
            state.retired.append(taken)
            if state.retired.count > 32 { free(state.retired.removeFirst()) }
            state.unclaimed += reports(in: String(cString: taken.assumingMemoryBound(to: CChar.self)))
        }
        // Reports nobody claims (a trap that was not intercepted) do not pile up.
        if state.unclaimed.count > 64 { state.unclaimed.removeFirst(state.unclaimed.count - 64) }
    }

    /// The reports in the runtime's record, oldest first.
    static func reports(in text: String) -> [Report] {
        text.split(separator: "\n").compactMap { line -> Report? in
            guard !line.isEmpty else { return nil }
            for kind in ["Fatal error", "Precondition failed", "Assertion failed"] {
                if let found = line.firstRange(of: kind) {
                    var prefix = line[..<found.lowerBound]
                    if prefix.hasSuffix(": ") { prefix = prefix.dropLast(2) }
                    return Report(location: prefix.isEmpty ? nil : String(prefix), message: String(line[found.lowerBound...]))
                }
            }
            return Report(location: nil, message: String(line))
        }
    }
}
