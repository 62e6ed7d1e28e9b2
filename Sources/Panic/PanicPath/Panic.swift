/// Panics with `message`: runs the panic hook (by default, a report on
/// stderr), then unwinds to the innermost `catchUnwind` on this thread, or
/// ends the process with status 101 when there is none, or with SIGABRT
/// under the `PanicAbort` trait.
///
/// The message is evaluated once, before the hook runs.
@inline(never)
public func panic(
    _ message: @autoclosure () -> String = "explicit panic",
    file: StaticString = #fileID,
    line: UInt = #line,
    column: UInt = #column
) -> Never {
    Panicking.begin(message: message(), location: SourceLocation(file: file, line: line, column: column))
}

/// Panics with any value as payload (Rust's `panic_any`): a `catchUnwind`
/// receives it in `Panicked.payload`, and it is released with the last
/// `Panicked` holding it. A `String` payload is the message; the default
/// hook reports any other payload as `<non-string payload of type T>`.
@inline(never)
public func panic(
    payload: consuming any Sendable,
    file: StaticString = #fileID,
    line: UInt = #line,
    column: UInt = #column
) -> Never {
    // Taken over, not borrowed: a borrowed payload would be copied into the
    // panic, and the caller's own reference, in a frame the jump leaves,
    // never released.
    Panicking.begin(payload: consume payload, location: SourceLocation(file: file, line: line, column: column))
}

/// The drop-in for `fatalError` in apps: a panic with `message` (which may be
/// empty), so it is reported, counted, hooked and caught like any other panic
/// instead of trapping.
@inline(never)
public func fatal(
    _ message: @autoclosure () -> String = String(),
    file: StaticString = #fileID,
    line: UInt = #line,
    column: UInt = #column
) -> Never {
    Panicking.begin(message: message(), location: SourceLocation(file: file, line: line, column: column))
}
