import CUnwind
import Panic

/// Starts a new OS thread that runs `body`, and returns its handle (Rust's
/// `std::thread::spawn` / `Builder::spawn`).
///
/// The thread is named `name` in panic reports (in full) and for the OS
/// (`pthread_setname_np`, cut to 15 bytes at a character boundary); without
/// a name it is `<unnamed>`. It gets its own alternate signal stack, so that
/// a stack overflow in it is reported as
/// `thread '<name>' (<tid>) has overflowed its stack` and aborts the process.
///
/// `body` runs inside `catchUnwind` and `beginShortBacktrace(_:)`: a panic
/// in it is reported by the hook with the thread's name, ends the thread, and
/// comes back from ``JoinHandle/join()`` as `.failure`; the process goes on,
/// whether or not anyone joins. Under the `PanicAbort` trait it aborts.
///
/// - Parameters:
///   - name: The thread's name, or nil.
///   - stackSize: The thread's stack in bytes (rounded up to whole pages, at
///     least `PTHREAD_STACK_MIN`). 8 MiB by default, the main thread's usual
///     limit on Linux: Swift debug builds use far more stack per call than Rust,
///     whose default is 2 MiB. Only touched pages cost memory.
///   - body: The thread's work.
/// - Returns: The handle to join the thread with.
///
/// Failing to create the thread (no memory, too many threads) is a panic:
/// `failed to spawn thread: <reason>`.
public func spawn<T: Sendable>(
    name: String? = nil,
    stackSize: Int = 8 << 20,
    _ body: @escaping @Sendable () -> T
) -> JoinHandle<T> {
    let packet = ThreadPacket(name: name, body: body)
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    let page = sysconf(Int32(_SC_PAGESIZE))
    let size = max(stackSize, Int(PTHREAD_STACK_MIN))
    _ = pthread_attr_setstacksize(&attributes, (size + page - 1) / page * page)
    _ = pthread_attr_setguardsize(&attributes, SpawnedThread.guardSize)

    let context = Unmanaged.passRetained(packet as AnyThreadPacket).toOpaque()
    var thread = pthread_t()
    let error = pthread_create(&thread, &attributes, { context in
        let packet = Unmanaged<AnyThreadPacket>.fromOpaque(context!).takeRetainedValue()
        packet.runOnThisThread()
        return nil
    }, context)
    guard error == 0 else {
        Unmanaged<AnyThreadPacket>.fromOpaque(context).release()
        panic("failed to spawn thread: \(String(cString: strerror(error)))")
    }
    return JoinHandle(thread: thread, packet: packet, name: name)
}

/// Settings of the threads `spawn` makes.
package enum SpawnedThread {
    /// The guard area below a spawned thread's stack: 64 KiB, not the usual
    /// page, because Swift emits no stack probes: a frame larger than the
    /// guard could step over it into other memory instead of faulting.
    package static let guardSize = 64 * 1024
}
