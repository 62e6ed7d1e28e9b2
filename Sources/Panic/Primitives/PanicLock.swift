import CUnwind

/// A mutex around a value, shared by reference: the standard library's
/// `Mutex` without libswiftSynchronization.so, which a program would
/// otherwise load at every start. A futex word (CUnwind's FutexLock.h).
///
/// As with `Mutex`, a panic that jumps out of `withLock`'s body leaves the
/// lock held: bodies here never panic (PanicMutex is the lock that survives
/// a panic).
package final class PanicLock<Value>: @unchecked Sendable {
    private let word: UnsafeMutablePointer<UInt32>
    // On the heap rather than a stored property: the lock is what makes the
    // access exclusive, so no dynamic exclusivity record is made for it.
    private let value: UnsafeMutablePointer<Value>

    /// A lock around `value`.
    package init(_ value: Value) {
        word = .allocate(capacity: 1)
        word.initialize(to: 0)
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        word.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    package func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        cunwind_futex_lock(word)
        defer { cunwind_futex_unlock(word) }
        return try body(&value.pointee)
    }

    /// Runs `body` with the value when the lock is free now; nil when
    /// another thread holds it.
    package func withLockIfAvailable<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R? {
        guard cunwind_futex_try_lock(word) else { return nil }
        defer { cunwind_futex_unlock(word) }
        return try body(&value.pointee)
    }
}
