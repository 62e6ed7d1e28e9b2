import CUnwind
import Panic

/// Turns the Swift runtime failures that end in `abort()` instead of a trap
/// into panics: a failed `as!` (`Could not cast value of type …`), an
/// `unowned` reference read after its object was freed, and an exclusivity
/// violation (`Simultaneous accesses …`, `Fatal access conflict detected.`).
/// Each is detected by the runtime before it changes any state, so the
/// thread can go on from its `catchUnwind`. Other aborts (a C `assert`,
/// `abort()` itself, other runtime failures such as a retain count
/// overflow, whose state is not known to be whole) keep their behaviour.
///
/// Enabled and disabled with ``TrapInterception``. The runtime prints its
/// own text first (as for traps in debug builds).
enum RuntimeFailureInterception {
    static func enable() -> Bool { cunwind_runtime_abort_install(runtimeFailureEntry) }
    static func disable() { cunwind_runtime_abort_uninstall() }
}

/// Where a runtime failure continues, on the aborting thread's stack, outside the signal handler.
private let runtimeFailureEntry: cunwind_runtime_abort_entry = {
    Panicking.beginRuntimeFailure()
}
