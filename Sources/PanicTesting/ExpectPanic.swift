import Panic
import PanicRuntime
import Testing

/// Expects `body` to panic, as Rust's `#[should_panic(expected = "…")]` does
/// for a whole test, but for one check, in-process: returns the panic, or
/// records a test issue at `sourceLocation` and returns nil.
///
/// ```swift
/// @Test func emptyCartCannotCheckOut() {
///     expectPanic(containing: "cart is empty") { _ = Cart().checkOut() }
///     expectPanic(containing: "Index out of range") { _ = [1, 2, 3][3] }
/// }
/// ```
///
/// Catches `panic`, `fatal`, and the Swift runtime's traps (`precondition`,
/// `fatalError`, index out of range, nil unwrap, arithmetic overflow): each
/// call enables `TrapInterception` (PanicRuntime) for the process, and it
/// stays enabled; again when another tool (Nimble's `throwAssertion`) put
/// its own SIGILL handler over ours.
///
/// An issue is recorded when `body` returns without panicking, when it
/// throws (the error is the issue), or when the panic's message does not
/// contain `expected` (the issue shows the expected text, the message that
/// came, where the panic was raised, and the panic's report). A panic whose
/// message does not match is still returned.
///
/// The panic is caught on this thread, in this task, only: each test running
/// in parallel catches its own. Its report is not printed and the installed
/// panic hook is not called for it, so an expected panic adds nothing to the
/// test output (in a debug build, the standard library still prints its own
/// `Fatal error: …` line before a trap). A panic in another thread or task
/// that `body` starts is not caught: it is reported as usual and, with
/// nothing to catch it, ends the test run with status 101.
///
/// In a build with the `PanicAbort` trait a panic cannot be caught: the
/// issue says so and `body` is not run.
///
/// - Parameters:
///   - expected: text the panic's message must contain; nil accepts any panic.
///     A payload that is not text has the message
///     `<non-string payload of type T>`.
///   - sourceLocation: where an issue is reported; the caller's line by default.
///   - body: the code that must panic.
/// - Returns: the panic `body` raised, or nil when it raised none.
@discardableResult
public func expectPanic(
    containing expected: String? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> Panicked? {
    let wanted = expected.map { "a panic containing \(quoted($0))" } ?? "a panic"
    guard panicStrategy == .unwind else {
        Issue.record(
            "Expected \(wanted), but this build has the PanicAbort trait: a panic would end the process, so the body was not run",
            sourceLocation: sourceLocation
        )
        return nil
    }
    TrapInterception.enable()
    let capture = ReportCapture()
    // The capture is opened outside the catch frame, so the jump lands inside it.
    let outcome = capture.capturing {
        catchUnwind { Result { try body() } }
    }
    switch outcome {
    case .success(.success):
        Issue.record("Expected \(wanted), but the body returned without panicking", sourceLocation: sourceLocation)
        return nil
    case .success(.failure(let error)):
        Issue.record(error, "Expected \(wanted), but the body threw an error", sourceLocation: sourceLocation)
        return nil
    case .failure(let panicked):
        let message = PanicPayload.reportText(of: panicked.payload)
        if let expected, !message.contains(expected) {
            Issue.record(
                """
                Expected \(wanted), but the body panicked with \(quoted(message)) at \(panicked.location)
                The panic's report:
                \(capture.text.trimmingNewlines)
                """,
                sourceLocation: sourceLocation
            )
        }
        return panicked
    }
}

/// `text` in double quotes, with quotes, backslashes and control characters
/// escaped, so the issue shows exactly what was compared.
private func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case _ where scalar.properties.generalCategory == .control:
            result += "\\u{\(String(scalar.value, radix: 16))}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

extension String {
    /// Without the report's leading blank line and its last newline.
    var trimmingNewlines: Substring {
        let start = firstIndex { $0 != "\n" } ?? endIndex
        let end = lastIndex { $0 != "\n" }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
