/// A panic on its way from the panicking frame to a catch frame: handed
/// through CUnwind as one retained pointer.
package final class InFlightPanic: @unchecked Sendable {
    /// The panic's payload.
    package let payload: any Sendable
    /// The payload as text, when it is text (cast once, here).
    package let message: String?
    /// Where it was raised.
    package let location: SourceLocation

    package init(payload: any Sendable, location: SourceLocation) {
        self.message = PanicPayload.text(of: payload)
        self.payload = payload
        self.location = location
    }

    /// A panic whose payload is the text `message` (no dynamic cast to find it).
    package init(message: String, location: SourceLocation) {
        self.message = message
        self.payload = message
        self.location = location
    }
}
