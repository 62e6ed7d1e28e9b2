/// What a panic hook is told about a panic: payload, message, location and thread.
///
/// Made by the panic machinery and passed to the hook (``setHook(_:)``) on the
/// panicking thread, before the panic unwinds or aborts.
public struct PanicInfo: Sendable, CustomStringConvertible {
    /// The value the panic carries: the message `String` for ``panic(_:file:line:column:)``,
    /// anything for ``panic(payload:file:line:column:)``.
    public var payload: any Sendable { panic.payload }
    /// The payload as text when it is a `String` or a `StaticString`, else nil.
    public var message: String? { panic.message }
    /// Where the panic was raised.
    public var location: SourceLocation { panic.location }
    /// The panicking thread's name, or nil for an unnamed thread (reported as `<unnamed>`).
    public var threadName: String? { panic.threadName }
    /// The name of the async task the panic ran in (`Task(name:)`; a
    /// `catchUnwindAsync` body's task takes its caller's), nil outside a
    /// task or in an unnamed one.
    public var taskName: String? { panic.task.name }
    /// True when the panic ran in an async task.
    public var isInAsyncTask: Bool { panic.task.inTask }
    /// What the report says of the task and thread (``TaskIdentity``).
    package var task: TaskIdentity { panic.task }
    /// The panic itself: payload, message, location and thread name are
    /// read from it, so that making the info for the hook copies none of them.
    private let panic: InFlightPanic
    /// True when the panic will unwind to a `catchUnwind` (the unwind strategy),
    /// false when it ends the process with SIGABRT (the `PanicAbort` trait).
    public let canUnwind: Bool
    /// True for a report that must show no backtrace (Rust's
    /// `force_no_backtrace`): the panic that a panic in a cleanup becomes.
    package var forcesNoBacktrace = false

    /// Makes a description of a panic; hooks receive one from the machinery,
    /// tests may build their own.
    public init(payload: any Sendable, location: SourceLocation, threadName: String?, canUnwind: Bool) {
        self.init(panic: InFlightPanic(payload: payload, location: location, threadName: threadName), canUnwind: canUnwind)
    }

    /// The description of the panic in flight.
    package init(panic: InFlightPanic, canUnwind: Bool) {
        self.panic = panic
        self.canUnwind = canUnwind
    }

    /// Ends this info, handing its reference to the panic in flight back
    /// (retained once) to the panic path.
    package consuming func handBackPanic() -> Unmanaged<InFlightPanic> {
        Unmanaged.passRetained(panic)
    }

    /// `panicked at file:line:column:` and the message on the next line, as Rust prints it.
    public var description: String {
        "panicked at \(location):\n\(PanicPayload.reportText(of: payload))"
    }
}

/// How a payload reads in a report.
package enum PanicPayload {
    /// The payload as text when it is a `String` or a `StaticString`.
    package static func text(of payload: any Sendable) -> String? {
        if let string = payload as? String { return string }
        if let string = payload as? StaticString { return string.description }
        return nil
    }

    /// The text a report shows: the message, or `<non-string payload of type T>`.
    /// Only the payload's type is named; no user code (`description`) runs.
    package static func reportText(of payload: any Sendable) -> String {
        if let text = text(of: payload) { return text }
        return "<non-string payload of type \(String(reflecting: type(of: payload)))>"
    }
}
