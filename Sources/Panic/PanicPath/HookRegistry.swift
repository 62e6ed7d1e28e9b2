import CUnwind

/// The panic hook: called once per panic, on the panicking thread, before the
/// panic unwinds or aborts.
public typealias PanicHook = @Sendable (PanicInfo) -> Void

/// A hook kept in a class, so that reading it out of the lock copies a
/// reference and never re-wraps the closure (a closure stored directly in the
/// `Mutex` gained a reabstraction thunk on every read until calling it
/// overflowed the stack).
private final class HookBox: Sendable {
    let hook: PanicHook
    init(_ hook: @escaping PanicHook) { self.hook = hook }
}

/// The installed hook; nil means ``defaultHook(_:)``.
private let registry = PanicLock<HookBox?>(nil)

/// Bumped (under the registry's lock) by every change of the hook: a
/// thread's copy of the hook (CUnwind's HookCache) is current while its
/// generation is one more than this word (zero at start): a thread that
/// never copied the hook has generation 0.
private var generationWord: PanicWord<UInt> { PanicWord(Int32(CUNWIND_WORD_HOOK_GENERATION)) }

/// Installs `hook` as the panic hook, replacing the previous one (which is dropped).
///
/// The hook runs on the panicking thread for every panic, before it unwinds
/// or aborts. A panic inside the hook aborts the process with
/// `thread panicked while processing panic. aborting.`
///
/// Calling this from a panicking thread (inside a hook) is itself a panic:
/// `cannot modify the panic hook from a panicking thread`.
///
/// Each thread keeps a reference to the hook it last ran (so that a panic
/// takes no lock): what a replaced hook captured is released once every
/// thread that ran it has panicked again or exited.
public func setHook(_ hook: @escaping @Sendable (PanicInfo) -> Void) {
    HookRegistry.replace(with: HookBox(hook))
}

/// Removes the installed hook and returns it; the default hook is in force
/// afterwards. Returns ``defaultHook(_:)`` when no hook was installed.
///
/// Calling this from a panicking thread is itself a panic, as for ``setHook(_:)``.
public func takeHook() -> @Sendable (PanicInfo) -> Void {
    HookRegistry.replace(with: nil)?.hook ?? defaultHook
}

/// Replaces the hook with one made from the current one, atomically:
/// `wrap` receives the previous hook (or ``defaultHook(_:)``) and the panic.
///
/// Calling this from a panicking thread is itself a panic, as for ``setHook(_:)``.
public func updateHook(
    _ wrap: @escaping @Sendable (_ previous: @Sendable (PanicInfo) -> Void, PanicInfo) -> Void
) {
    HookRegistry.check()
    registry.withLock { current in
        let previous = current?.hook ?? defaultHook
        current = HookBox { info in wrap(previous, info) }
        generationWord.add(1, ordering: .releasing)
    }
}

/// Storage of the panic hook, read once per panic.
package enum HookRegistry {
    /// Runs the hook installed now with `info`, outside the registry's lock
    /// (a hook may install another).
    ///
    /// The hook is read from this thread's copy, which is refreshed under the
    /// lock only when the hook has changed since: a panic takes no lock and
    /// no reference. Nothing can replace the copy while the hook runs (a
    /// panicking thread cannot change the hook, and a panic in the hook
    /// aborts). The stored closure is called as it is: choosing it with `??`
    /// would wrap it in a new thunk, one allocation per panic.
    package static func run(_ info: PanicInfo) {
        var copied: UInt = 0
        var box = cunwind_hook_cache(&copied)
        let now = generationWord.load(ordering: .acquiring) &+ 1
        if copied != now {
            let (current, at) = registry.withLock { ($0, generationWord.load(ordering: .relaxed) &+ 1) }
            box = current.map { Unmanaged.passRetained($0).toOpaque() }
            cunwind_hook_cache_set(box, at)
        }
        if let box {
            Unmanaged<HookBox>.fromOpaque(box)._withUnsafeGuaranteedRef { $0.hook(info) }
        } else {
            defaultHook(info)
        }
    }

    fileprivate static func check() {
        if isPanicking {
            panic("cannot modify the panic hook from a panicking thread")
        }
    }

    /// Swaps the stored box; the old box is released outside the lock, so a
    /// hook's captured state that does work in `deinit` cannot deadlock it.
    @discardableResult
    fileprivate static func replace(with box: HookBox?) -> HookBox? {
        check()
        return registry.withLock { current in
            let old = current
            current = box
            generationWord.add(1, ordering: .releasing)
            return old
        }
    }
}
