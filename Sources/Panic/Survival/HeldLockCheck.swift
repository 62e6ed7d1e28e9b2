import CUnwind

// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// The locks a panic would leave held: pthread mutexes and rwlocks taken in
/// the frames it skips (counted by CUnwind's LockTracking), named for the note.
enum HeldLockCheck {
    /// The note when the skipped frames took a lock and still hold it, else nil.
    static func note() -> String? {
        var first: Int32 = 0
        let taken = Int(cunwind_locks_taken_in_skipped_frames(&first))
        guard taken > 0 else { return nil }
        var kind = cunwind_lock_kind(rawValue: 0)
        var lock: UnsafeRawPointer? = nil
        var caller: UnsafeRawPointer? = nil
        var what = "a pthread lock"
        if cunwind_held_lock(first, &kind, &lock, &caller) {
            switch kind {
            case CUNWIND_LOCK_RWLOCK_READ: what = "a pthread rwlock (read)"
            case CUNWIND_LOCK_RWLOCK_WRITE: what = "a pthread rwlock (write)"
            default: what = "a pthread mutex"
            }
            if let lock { what += " at 0x\(String(UInt(bitPattern: lock), radix: 16))" }
            if let caller, let taker = takenIn(UInt(bitPattern: caller)) { what += ", taken in \(taker)" }
        }
        let others = taken > 1 ? " (and \(taken - 1) more)" : ""
        return "note: the panic would leave \(what) held\(others); it cannot be caught"
    }

    /// The function that called the lock function, and where, when known.
    private static func takenIn(_ returnAddress: UInt) -> String? {
        guard let symbols = Symbolizer.shared.frameFacts([returnAddress])?.first?.symbols, let symbol = symbols.first else { return nil }
        guard symbol.name != "<unknown>" else { return nil }
        let isSwift = FunctionName.swiftModule(ofMangled: symbol.mangledName ?? "") != nil
        if isSwift && (symbol.name.hasPrefix("closure #") || symbol.name.hasPrefix("implicit closure #")) {
            return "a closure\(FrameJudgement.place(symbol))"
        }
        return "`\(isSwift ? FunctionName.qualified(symbol.name) : symbol.name)`\(FrameJudgement.place(symbol))"
    }
}
#endif
