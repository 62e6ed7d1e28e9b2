import Logging
import Panic

/// Panics as swift-log records: a panic hook that logs each panic at
/// `critical` level, with its location, thread and backtrace as metadata.
///
/// ```swift
/// import PanicLogging
/// PanicLogging.install(logger: Logger(label: "server"))
/// ```
///
/// A separate product, so that `Panic` and `PanicRuntime` depend on nothing.
public enum PanicLogging {
    /// Metadata keys of a panic record.
    public enum Key {
        /// `file:line:column` of the panic.
        public static let location = "panic.location"
        /// The panicking thread's name, or `<unnamed>`.
        public static let thread = "panic.thread"
        /// In an async task: the task's name (`Task(name:)`), or `<unnamed>`;
        /// absent outside a task.
        public static let task = "panic.task"
        /// The payload's type, when it is not a string.
        public static let payloadType = "panic.payload_type"
        /// The backtrace, formatted in the chosen style (absent when `off`).
        public static let backtrace = "panic.backtrace"
        /// `true` when the panic unwinds to a `catchUnwind`, `false` when it aborts.
        public static let canUnwind = "panic.can_unwind"
    }

    /// A hook that logs the panic to `logger` at `critical` level, then calls
    /// `next` (for instance ``Panic/defaultHook(_:)`` to keep the stderr
    /// report). The backtrace is captured inside the hook and trimmed like
    /// the report's; `backtraceStyle` `.off` leaves it out.
    ///
    /// The hook runs on the panicking thread; a log handler that panics
    /// makes the process abort (a panic while panicking).
    public static func hook(
        logger: Logger,
        backtraceStyle: BacktraceStyle = .short,
        then next: (@Sendable (PanicInfo) -> Void)? = nil
    ) -> @Sendable (PanicInfo) -> Void {
        { info in
            var metadata: Logger.Metadata = [
                Key.location: .string(info.location.description),
                Key.thread: .string(info.threadName ?? "<unnamed>"),
                Key.canUnwind: .string(String(info.canUnwind)),
            ]
            if info.isInAsyncTask {
                metadata[Key.task] = .string(info.taskName ?? "<unnamed>")
            }
            if info.message == nil {
                metadata[Key.payloadType] = .string(String(reflecting: type(of: info.payload)))
            }
            if backtraceStyle != .off {
                metadata[Key.backtrace] = .string(Backtrace.capture().formatted(style: backtraceStyle))
            }
            let message = info.message ?? "<non-string payload of type \(String(reflecting: type(of: info.payload)))>"
            logger.critical("panicked: \(message)", metadata: metadata)
            next?(info)
        }
    }

    /// Installs ``hook(logger:backtraceStyle:then:)`` as the panic hook.
    /// With `keepingPrevious`, the hook in force before (by default, the
    /// stderr report) still runs after the log record.
    ///
    /// Calling this from a panicking thread is itself a panic.
    public static func install(logger: Logger, backtraceStyle: BacktraceStyle = .short, keepingPrevious: Bool = true) {
        if keepingPrevious {
            let record = hook(logger: logger, backtraceStyle: backtraceStyle)
            updateHook { previous, info in
                record(info)
                previous(info)
            }
        } else {
            setHook(hook(logger: logger, backtraceStyle: backtraceStyle))
        }
    }
}
