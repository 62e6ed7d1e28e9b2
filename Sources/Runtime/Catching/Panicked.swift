import Panic

/// A panic caught by ``catchUnwind(_:)``: its payload, message and location.
///
/// Hand it to ``resumeUnwind(_:)`` to send the panic on to the next catch
/// frame without reporting it again.
public struct Panicked: Error, Sendable, CustomStringConvertible {
    /// The panic's payload: the message `String`, or the value given to `panic(payload:)`.
    public var payload: any Sendable { panic.payload }
    /// The payload as text when it is a `String` or a `StaticString`, else nil.
    public var message: String? { panic.message }
    /// Where the panic was raised.
    public var location: SourceLocation { panic.location }

    let panic: InFlightPanic

    init(_ panic: InFlightPanic) { self.panic = panic }

    /// Takes over the panic a catch frame landed with (retained once for it)
    /// and closes the panic on this thread: its count goes back down.
    @usableFromInline
    init(landedAt raw: UnsafeMutableRawPointer) {
        self.panic = Unmanaged<InFlightPanic>.fromOpaque(raw).takeRetainedValue()
        PanicCount.decrease()
    }

    /// `panicked at file:line:column: message`.
    public var description: String {
        "panicked at \(location): \(PanicPayload.reportText(of: payload))"
    }
}
