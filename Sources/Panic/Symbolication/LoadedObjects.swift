import CUnwind

/// Which objects the process has mapped, as the pair of counters the dynamic
/// linker keeps: objects loaded and unloaded since the process started.
/// When `subs` moves, an address may now belong to another library (a
/// `dlclose`, then a `dlopen` of another one at the same place): symbols
/// cached by address are stale.
struct LoadedObjects: Equatable {
    let adds: UInt64
    let subs: UInt64

    /// The counters now (takes the dynamic linker's lock: never from a signal handler).
    static func current() -> LoadedObjects {
        var adds: UInt64 = 0
        var subs: UInt64 = 0
        cunwind_loaded_objects(&adds, &subs)
        return LoadedObjects(adds: adds, subs: subs)
    }
}
