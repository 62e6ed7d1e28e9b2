import Synchronization

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
private let registry = Mutex<HookBox?>(nil)

/// Installs `hook` as the panic hook, replacing the previous one (which is dropped).
///
/// The hook runs on the panicking thread for every panic, before it unwinds
/// or aborts. A panic inside the hook aborts the process with
/// `thread panicked while processing panic. aborting.`
///
/// Calling this from a panicking thread (inside a hook) is itself a panic:
/// `cannot modify the panic hook from a panicking thread`.
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
    }
}

/// Storage of the panic hook, read once per panic.
package enum HookRegistry {
    /// The hook to run for a panic now.
    package static var current: PanicHook {
        registry.withLock { $0 }?.hook ?? defaultHook
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
            return old
        }
    }
}
