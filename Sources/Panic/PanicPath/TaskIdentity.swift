import CUnwind

/// What a panic report says of the async task a panic ran in: a pool
/// thread's OS name (Dispatch's `com.apple.root.…-qos`, cut to its last 15
/// bytes) tells a reader nothing, the task's name does.
package struct TaskIdentity: Sendable {
    /// True when the panic ran in an async task.
    package var inTask: Bool
    /// The task's name (`Task(name:)`), when it has one.
    package var name: String?
    /// True when the thread has no name of its own (neither `main` nor one
    /// given by `spawn(name:)` or recorded): a pool thread, as reports say.
    package var onPoolThread: Bool

    /// Outside any task.
    package static var none: TaskIdentity { TaskIdentity(inTask: false, name: nil, onPoolThread: false) }

    /// The task running on this thread now, as reports show it.
    package static var current: TaskIdentity {
        guard cunwind_in_task() else { return .none }
        return TaskIdentity(
            inTask: true,
            name: Task.name,
            onPoolThread: cunwind_thread_name() == nil && !cunwind_thread_is_main()
        )
    }

    /// The start of a report's first line, up to ` panicked at`: Rust's
    /// `thread 'name' (tid)` for a thread; for a task, its name and where it
    /// ran (`task 'checkout' on a pool thread (tid)`, `an async task on a
    /// pool thread (tid)`). An unnamed task on a named thread (the main
    /// actor's, on `main`) is reported as the thread.
    package func reportSubject(threadName: String?, threadID: Int32) -> String {
        let thread = "thread '\(threadName.map(ReportText.inert) ?? "<unnamed>")'"
        switch (inTask, name, onPoolThread) {
        case (true, let name?, true): return "task '\(ReportText.inert(name))' on a pool thread (\(threadID))"
        case (true, let name?, false): return "task '\(ReportText.inert(name))' on \(thread) (\(threadID))"
        case (true, nil, true): return "an async task on a pool thread (\(threadID))"
        default: return "\(thread) (\(threadID))"
        }
    }
}
