import CUnwind

/// A panic on its way from the panicking frame to a catch frame: handed
/// through CUnwind as one retained pointer.
package final class InFlightPanic: @unchecked Sendable {
    /// The panic's payload: `message` for a text panic.
    package var payload: any Sendable { otherPayload ?? message! }
    /// A payload that is not the message (`panic(payload:)`); nil for a text
    /// panic, whose refill then copies the message once, not twice.
    @exclusivity(unchecked) private var otherPayload: (any Sendable)?
    /// The payload as text, when it is text (cast once, here).
    @exclusivity(unchecked) package private(set) var message: String?
    /// Where it was raised.
    @exclusivity(unchecked) package private(set) var location: SourceLocation
    /// The name of the thread that raised it, as reports give it (nil:
    /// unnamed).
    @exclusivity(unchecked) package private(set) var threadName: String?
    /// The async task it was raised in, if any (read at each raise).
    @exclusivity(unchecked) package private(set) var task: TaskIdentity
    /// The raising thread's name generation (CUnwind's thread state) plus
    /// one when `threadName` was read there; 0 for a name given by the
    /// caller. A refill on the same thread reads the name again only when
    /// the generation has moved.
    @exclusivity(unchecked) private var threadNameStamp: UInt

    /// A panic with any payload; `threadName` as reports give it.
    package init(payload: any Sendable, location: SourceLocation, threadName: String?, task: TaskIdentity = .none) {
        self.message = PanicPayload.text(of: payload)
        self.otherPayload = payload
        self.location = location
        self.threadName = threadName
        self.task = task
        self.threadNameStamp = 0
    }

    /// A panic whose payload is the text `message` (no dynamic cast to find
    /// it), raised on this thread.
    private init(message: String, location: SourceLocation, threadNameStamp: UInt) {
        self.message = message
        self.otherPayload = nil
        self.location = location
        self.threadName = ThreadIdentity.currentName
        self.task = TaskIdentity.current
        self.threadNameStamp = threadNameStamp
    }

    /// This thread's name generation plus one (never 0).
    private static var currentThreadNameStamp: UInt {
        UInt(cunwind_thread_state_current().pointee.name_generation) &+ 1
    }

    /// The object for a new text panic on this thread (`panic`, `fatal`,
    /// traps), retained once for the catch frame.
    ///
    /// The thread keeps its last one (CUnwind's PanicObjectCache) and
    /// refills it when nothing else holds it any more: once the `Panicked`
    /// of a caught panic and every `PanicInfo` of it are gone, the next panic
    /// allocates nothing. A kept object holds its last message until the
    /// thread's next panic or its exit. Panics with another payload
    /// (`panic(payload:)`) get an object of their own: their payload is
    /// released when the last `Panicked` holding it is.
    @inline(__always)
    package static func forText(_ message: consuming String, location: consuming SourceLocation) -> Unmanaged<InFlightPanic> {
        if let raw = cunwind_panic_object_cached() {
            let kept = Unmanaged<InFlightPanic>.fromOpaque(raw)
            // Unique: only the thread's cache holds it (its Panicked and
            // infos are gone), so no one can see the refill.
            if cunwind_panic_object_is_unique(raw) {
                // Swapped in, not assigned: the new message moves into the
                // object and the old one is released here, with no retain of
                // the new one (an assignment inside the closure copies it).
                var newMessage: String? = consume message
                var newLocation = consume location
                let stamp = currentThreadNameStamp
                kept._withUnsafeGuaranteedRef { object in
                    swap(&object.message, &newMessage)
                    swap(&object.location, &newLocation)
                    // The thread's name, kept from its last panic unless it
                    // may have changed since.
                    object.task = TaskIdentity.current
                    if object.threadNameStamp != stamp {
                        object.threadName = ThreadIdentity.currentName
                        object.threadNameStamp = stamp
                    }
                }
                return kept.retain()
            }
        }
        let made = Unmanaged.passRetained(InFlightPanic(message: consume message, location: consume location, threadNameStamp: currentThreadNameStamp))
        cunwind_panic_object_keep(made.retain().toOpaque())
        return made
    }
}
