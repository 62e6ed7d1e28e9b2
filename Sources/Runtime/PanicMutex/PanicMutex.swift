import CUnwind
import Panic

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
/// body would leave it locked for good, so the survival rule does not catch
/// such a panic: the process ends with a note.
///
/// A caveat shared with Rust: poisoning says the value the panicking body was
/// changing is lost. Its last write may have been dropped by the optimizer
/// after the old value was released, and an in-place update of a
/// `Dictionary` value (`dict[key]!.mutate()`) may be half done: after a
/// ``PoisonError``, do not read what the body was changing; `clearPoison()`
/// and go on with the state it did not touch.
public final class PanicMutex<Value>: @unchecked Sendable {
    /// The lock word (CUnwind/FutexLock.h), on the heap so that its address is stable.
    @usableFromInline let lock: UnsafeMutablePointer<UInt32>
    @usableFromInline let value: UnsafeMutablePointer<Value>
    /// The poison flag, 0 or 1, read and written with CUnwind's inline atomics.
    @usableFromInline let poisoned: UnsafeMutablePointer<Int>

    /// A mutex holding `initialValue`, not poisoned.
    public init(_ initialValue: sending Value) {
        lock = .allocate(capacity: 1)
        lock.initialize(to: 0)
        poisoned = .allocate(capacity: 1)
        poisoned.initialize(to: 0)
        value = .allocate(capacity: 1)
        value.initialize(to: initialValue)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        lock.deallocate()
        poisoned.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    ///
    /// Throws ``PoisonError`` without running `body` when an earlier panic
    /// left the mutex; rethrows what `body` throws (that does not poison).
    /// A panic in `body` releases the lock, poisons the mutex and goes on to
    /// the nearest `catchUnwind`.
    ///
    /// Inlinable, so that callers get it specialized (no generic dispatch on
    /// the uncontended path).
    @inlinable
    public func withLock<R>(_ body: (inout sending Value) throws -> sending R) throws -> sending R {
        cunwind_futex_lock(lock)
        if cunwind_atomic_load(poisoned) != 0 {
            cunwind_futex_unlock(lock)
            throw PoisonError()
        }
        return try locked(body)
    }

    /// Runs `body` with exclusive access to the value, poisoned or not (Rust's
    /// `PoisonError::into_inner`). A panic in `body` releases the lock and
    /// poisons the mutex.
    @inlinable
    public func withLockIgnoringPoison<R, E: Error>(_ body: (inout sending Value) throws(E) -> sending R) throws(E) -> sending R {
        cunwind_futex_lock(lock)
        return try locked(body)
    }

    /// True when a panic left a body of ``withLock(_:)`` and the poison has not
    /// been cleared. Another thread may poison it right after this returns.
    public var isPoisoned: Bool { cunwind_atomic_load(poisoned) != 0 }

    /// Marks the mutex as not poisoned, once the value has been checked or repaired.
    public func clearPoison() { cunwind_atomic_store(poisoned, 0) }

    /// Runs `body` with the lock held. The unwind cleanup unlocks, and
    /// poisons when a panic that began inside `body` is passing (a body run
    /// by a panic hook does not poison when it returns normally).
    @inlinable
    func locked<R, E: Error>(_ body: (inout sending Value) throws(E) -> sending R) throws(E) -> sending R {
        let wasPanicking = isPanicking
        var outcome: Result<R, E>? = nil
        cunwindWithCleanup({
            do throws(E) {
                outcome = .success(try body(&value.pointee))
            } catch {
                outcome = .failure(error)
            }
        }, {
            if !wasPanicking && isPanicking { cunwind_atomic_store(poisoned, 1) }
            cunwind_futex_unlock(lock)
        })
        switch outcome.unsafelyUnwrapped {
        case .success(let result): return assumeSending(result)
        case .failure(let error): throw error
        }
    }
}

/// Hands on a value that a `sending` result produced: the region checker
/// cannot follow it through the C call of `cunwindWithCleanup`.
@usableFromInline
func assumeSending<T>(_ value: T) -> sending T {
    nonisolated(unsafe) let disconnected = value
    return disconnected
}
