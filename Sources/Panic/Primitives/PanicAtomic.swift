import CUnwind

/// A value that fits one atomic word (``PanicAtomic``).
package protocol PanicAtomicValue {
    init(atomicWord: Int)
    var atomicWord: Int { get }
}

extension Int: PanicAtomicValue {
    package init(atomicWord: Int) { self = atomicWord }
    package var atomicWord: Int { self }
}

extension UInt: PanicAtomicValue {
    package init(atomicWord: Int) { self = UInt(bitPattern: atomicWord) }
    package var atomicWord: Int { Int(bitPattern: self) }
}

extension Int64: PanicAtomicValue {
    package init(atomicWord: Int) { self = Int64(atomicWord) }
    package var atomicWord: Int { Int(self) }
}

extension UInt8: PanicAtomicValue {
    package init(atomicWord: Int) { self = UInt8(truncatingIfNeeded: atomicWord) }
    package var atomicWord: Int { Int(self) }
}

extension Bool: PanicAtomicValue {
    package init(atomicWord: Int) { self = atomicWord != 0 }
    package var atomicWord: Int { self ? 1 : 0 }
}

/// The orderings the call sites name, as the standard library's `Atomic`
/// spells them. Every operation is at least as strong as asked: loads
/// acquire, stores release, read-modify-writes do both.
package struct PanicAtomicOrdering: Sendable {
    package static let relaxed = PanicAtomicOrdering()
    package static let acquiring = PanicAtomicOrdering()
    package static let releasing = PanicAtomicOrdering()
    package static let acquiringAndReleasing = PanicAtomicOrdering()
    package static let sequentiallyConsistent = PanicAtomicOrdering()
}

/// An atomic value in one word: the standard library's `Atomic` without
/// libswiftSynchronization.so, which a program would otherwise load at every
/// start (see CUnwind's AtomicWord.h). ``PanicAtomic`` owns its word;
/// ``PanicWord`` names one of CUnwind's process-wide words.
package protocol AtomicWordAccess {
    associatedtype Value: PanicAtomicValue
    /// Where the word is.
    var word: UnsafeMutablePointer<Int> { get }
}

extension AtomicWordAccess {
    /// The value now.
    package func load(ordering: PanicAtomicOrdering) -> Value {
        Value(atomicWord: cunwind_atomic_load(word))
    }

    /// Replaces the value.
    package func store(_ value: Value, ordering: PanicAtomicOrdering) {
        cunwind_atomic_store(word, value.atomicWord)
    }

    /// Replaces the value; returns the one before.
    @discardableResult
    package func exchange(_ value: Value, ordering: PanicAtomicOrdering) -> Value {
        Value(atomicWord: cunwind_atomic_exchange(word, value.atomicWord))
    }
}

extension AtomicWordAccess where Value: FixedWidthInteger {
    /// Adds `delta` (wrapping); returns the values before and after.
    @discardableResult
    package func add(_ delta: Value, ordering: PanicAtomicOrdering) -> (oldValue: Value, newValue: Value) {
        let old = Value(atomicWord: cunwind_atomic_add(word, delta.atomicWord))
        return (old, old &+ delta)
    }

    /// Subtracts `delta` (wrapping); returns the values before and after.
    @discardableResult
    package func subtract(_ delta: Value, ordering: PanicAtomicOrdering) -> (oldValue: Value, newValue: Value) {
        let old = Value(atomicWord: cunwind_atomic_add(word, 0 &- delta.atomicWord))
        return (old, old &- delta)
    }
}

/// An atomic value in a word of its own, shared by reference. Made once
/// per use site (a global, or one object's field); a global that holds one
/// is initialized on first use and checked at every access, so the panic
/// path's own words are ``PanicWord``s instead.
package final class PanicAtomic<Value: PanicAtomicValue>: AtomicWordAccess, @unchecked Sendable {
    package let word: UnsafeMutablePointer<Int>

    /// An atomic holding `value`.
    package init(_ value: Value) {
        word = .allocate(capacity: 1)
        word.initialize(to: value.atomicWord)
    }

    deinit { word.deallocate() }
}

/// One of CUnwind's process-wide words (AtomicWord.h), zero at start: no
/// allocation and no lazy initialization. Use through a computed global.
package struct PanicWord<Value: PanicAtomicValue>: AtomicWordAccess, @unchecked Sendable {
    package let word: UnsafeMutablePointer<Int>

    /// The word `which` (a `CUNWIND_WORD_…` index).
    @inline(__always)
    package init(_ which: Int32) { word = cunwind_word(which) }
}
