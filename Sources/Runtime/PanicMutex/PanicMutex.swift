import Glibc
import Panic
import Synchronization

/// A mutual-exclusion lock that a panic never leaves locked (Rust's
/// `std::sync::Mutex`, with poisoning).
///
/// Share it between threads as you would `Synchronization.Mutex`: as a
/// global, a static or a stored property.
///
/// When a panic leaves a body of ``withLock(_:)`` (on its way to a
/// `catchUnwind`, or to the end of the thread), the lock is released by an
/// unwind cleanup and the mutex is *poisoned*: what the body wrote before it
/// panicked stays written, and the next ``withLock(_:)`` throws
/// ``PoisonError`` instead of handing out a value that may be half updated.
///
/// Why not `Synchronization.Mutex`: its `withLock` is inlined into the
/// caller and unlocks in a cleanup that a panic skips, so a panic inside its
/// body leaves it locked for good (the same thread then traps with
/// "Recursive call to lock Mutex", other threads wait forever), and nothing
/// outside can tell. Bodies of `Synchronization.Mutex.withLock` must not panic.
///
/// A caveat shared with Rust: poisoning says the *logic* may be broken; the
/// memory is not checked. A body that panics in the middle of an in-place
/// update of a `Dictionary` value (`dict[key]!.mutate()`) can leave it torn;
/// after a ``PoisonError``, prefer replacing the value to reading it.
public final class PanicMutex<Value>: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>
    private let poisoned = Atomic<Bool>(false)

    /// A mutex holding `initialValue`, not poisoned.
    public init(_ initialValue: sending Value) {
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        value = .allocate(capacity: 1)
        value.initialize(to: initialValue)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    ///
    /// Throws ``PoisonError`` without running `body` when an earlier panic
    /// left the mutex; rethrows what `body` throws (that does not poison).
    /// A panic in `body` releases the lock, poisons the mutex and goes on to
    /// the nearest `catchUnwind`.
    public func withLock<R>(_ body: (inout sending Value) throws -> sending R) throws -> sending R {
        pthread_mutex_lock(lock)
        if poisoned.load(ordering: .relaxed) {
            pthread_mutex_unlock(lock)
            throw PoisonError()
        }
        return try locked(body)
    }

    /// Runs `body` with exclusive access to the value, poisoned or not (Rust's
    /// `PoisonError::into_inner`). A panic in `body` releases the lock and
    /// poisons the mutex.
    public func withLockIgnoringPoison<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        pthread_mutex_lock(lock)
        return try locked(body)
    }

    /// True when a panic left a body of ``withLock(_:)`` and the poison has not
    /// been cleared. Another thread may poison it right after this returns.
    public var isPoisoned: Bool { poisoned.load(ordering: .relaxed) }

    /// Marks the mutex as not poisoned, once the value has been checked or repaired.
    public func clearPoison() { poisoned.store(false, ordering: .relaxed) }

    /// Runs `body` with the lock held; the unwind cleanup unlocks, and
    /// poisons when a panic that began inside `body` is passing (a body run
    /// by a panic hook does not poison when it returns normally).
    private func locked<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        let wasPanicking = isPanicking
        return try withUnwindCleanup({
            if !wasPanicking && isPanicking { poisoned.store(true, ordering: .relaxed) }
            pthread_mutex_unlock(lock)
        }) {
            try body(&value.pointee)
        }
    }
}
