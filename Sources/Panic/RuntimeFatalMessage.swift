import CUnwind
import Glibc
import Synchronization

/// The message the Swift runtime recorded for its last fatal error.
///
/// Before trapping, the standard library reports `file:line: Fatal error:
/// message` through `swift_reportError`, which also appends it to a
/// process-wide string kept for crash reporters (`kFatalErrorMessage`, a
/// local symbol of libswiftCore) and never frees the previous string. A
/// process that survives its traps would leak ever longer copies of every
/// message so far (memory growing with the square of the trap count). The
/// trap path takes the string over after each trap: it reads the message
/// from it and frees it one trap later, once no reporter can still be
/// reading it.
package enum RuntimeFatalMessage {
    private struct State {
        var located = false
        var slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        /// The string taken at the previous trap, freed at this one.
        var retired: UnsafeMutableRawPointer?
    }

    private static let state = Mutex(State())

    /// The last message the runtime reported since the previous call
    /// (`Fatal error: Index out of range`, without its `file:line: ` prefix),
    /// or nil. Clears the runtime's record.
    package static func take() -> String? {
        state.withLock { state in
            if !state.located {
                state.located = true
                state.slot = Symbolizer.shared.localSymbolAddress("_ZL18kFatalErrorMessage", inImage: "libswiftCore.so")?
                    .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            }
            guard let slot = state.slot else { return nil }
            if let retired = state.retired { free(retired) }
            let taken = cunwind_take_pointer(UnsafeMutableRawPointer(slot).assumingMemoryBound(to: UnsafeMutableRawPointer?.self))
            state.retired = taken
            guard let taken else { return nil }
            return lastMessage(in: String(cString: taken.assumingMemoryBound(to: CChar.self)))
        }
    }

    /// `Fatal error: message` from the last line of `text`, which reads
    /// `Swift/Array.swift:692: Fatal error: message` (the prefix is dropped).
    package static func lastMessage(in text: String) -> String? {
        guard let line = text.split(separator: "\n").last(where: { !$0.isEmpty }) else { return nil }
        for kind in ["Fatal error", "Precondition failed", "Assertion failed"] {
            var index = line.startIndex
            while index < line.endIndex {
                if line[index...].hasPrefix(kind) { return String(line[index...]) }
                index = line.index(after: index)
            }
        }
        return String(line)
    }
}
