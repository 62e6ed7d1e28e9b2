/// Thrown by ``PanicMutex/withLock(_:)`` when a panic left the mutex while
/// a body held it (Rust's `PoisonError`): the value may hold a half-done
/// update. Read or repair it with ``PanicMutex/withLockIgnoringPoison(_:)``,
/// then call ``PanicMutex/clearPoison()``.
public struct PoisonError: Error, Sendable, CustomStringConvertible {
    public init() {}

    /// `poisoned lock: another task failed inside`, as Rust words it.
    public var description: String { "poisoned lock: another task failed inside" }
}
