import Panic

/// The header of a trap's report from a stripped binary, completed once its
/// trace is resolved: `panicked at <unknown>:` gets the user's location, and
/// the fallback message `Fatal error: Swift runtime failure` the check's name.
enum ReportHeader {
    static let unknownSuffix = " panicked at <unknown>:"
    static let fallbackMessage = "Fatal error: Swift runtime failure"

    /// `thread 'main' (123) panicked at <unknown>:`, or a task's header
    /// (`task 'name' on … (123)`, `an async task on a pool thread (123)`).
    static func isUnknownLocation(_ line: String) -> Bool {
        (line.hasPrefix("thread '") || line.hasPrefix("task '") || line.hasPrefix("an async task "))
            && line.hasSuffix(unknownSuffix)
    }

    /// Rewrites the header line at `header` and the message line at
    /// `message` of `output` (lines with their newline) with what the
    /// resolved trace says, where the report had nothing better.
    static func complete(_ output: inout [[UInt8]], header: Int, message: Int, with trap: TraceSymbolizer.TrapFacts) {
        if header < output.count, trap.location != TrapDiagnosis.unknownLocation,
           let line = String(validating: output[header], as: UTF8.self), line.hasSuffix(unknownSuffix + "\n") {
            let head = line.dropLast(unknownSuffix.count + 1)
            output[header] = Array((head + " panicked at \(trap.location):\n").utf8)
        }
        if message < output.count, trap.message != fallbackMessage, output[message] == Array((fallbackMessage + "\n").utf8) {
            output[message] = Array((trap.message + "\n").utf8)
        }
    }
}
