// Surviving a caught panic: nothing is caught under PanicAbort.
#if !PanicAbort
/// What a return address among the frames a panic would skip says about
/// the state those frames hold.
enum SkippedFrameKind: Sendable, Equatable {
    /// The Swift runtime's `swift_once` slow path: a global or `static let`
    /// initializer is running. Left by a jump, its token stays "running" and
    /// every later access, from any thread, waits forever.
    case onceInitializer
    /// libdispatch (`DispatchQueue.sync`, `concurrentPerform`, `dispatch_once`,
    /// …): its bookkeeping for the call stays half done; the next call on the
    /// queue or thread crashes or traps.
    case dispatch
    /// libc's `dl_iterate_phdr`, which holds the dynamic loader's lock while
    /// it calls back: left by a jump, every later `dlopen`, `dlsym` or
    /// backtrace waits forever.
    case loaderLock
    /// `Swift.print`, `debugPrint` or `dump`, which hold stdout's lock while
    /// they call `description`. Repairable: the lock is given back once per
    /// such frame.
    case stdoutLock
    /// The concurrency runtime running a job (`swift_job_run` and the few
    /// functions like it, `swift_task_immediate`): a job of another task
    /// started between the panic and the catch frame. A synchronous
    /// `catchUnwind` frame belongs to the task that was running when it
    /// opened, so such a panic is not its to catch (it ends the process as
    /// an uncaught panic does); catchUnwindAsync's job frames check the task
    /// when the panic starts instead.
    case jobOfAnotherTask
    /// Somewhere in libswiftCore's code: the first, coarse look of
    /// ``HazardousFunctions/coarse``, which does not read libswiftCore's
    /// symbol table. Never a verdict: the precise ranges decide.
    case swiftCore

    /// The report's extra line when the frame makes the panic uncatchable;
    /// nil when it can be repaired.
    var uncatchableNote: String? {
        switch self {
        case .onceInitializer: "note: the panic left a global or static initializer unfinished; it cannot be caught"
        case .dispatch: "note: the panic left a Dispatch call (sync, concurrentPerform, once, …) unfinished; it cannot be caught"
        case .loaderLock: "note: the panic left the dynamic loader's lock held (dl_iterate_phdr); it cannot be caught"
        case .stdoutLock, .jobOfAnotherTask, .swiftCore: nil
        }
    }
}
#endif
