
/// True until the first report that ended with the `PANIC_BACKTRACE` note.
private let noteNotYetShown = PanicAtomic<Bool>(true)

/// The hook in force until ``setHook(_:)`` replaces it: writes the panic
/// report to stderr in one `write`, serialised with other threads' reports.
///
/// ```
///
/// thread 'main' (4242) panicked at App/main.swift:12:5:
/// index 7 is out of range
/// note: run with `PANIC_BACKTRACE=1` environment variable to display a backtrace
/// ```
///
/// In an async task the line names the task instead (`task 'checkout' on a
/// pool thread (4243) panicked at …`, `an async task on a pool thread (4243)
/// panicked at …`), but for an unnamed task on a named thread.
///
/// The note appears on the first report of the process only, and only when
/// backtraces are off. Control characters in the message are printed inert
/// (`\u{1B}`). A hook installed later can call this to keep the report.
public func defaultHook(_ info: PanicInfo) {
    let style = info.forcesNoBacktrace ? nil : PanicReport.style(forPanicCount: panicCount)
    StandardError.writeReport(PanicReport.text(for: info, style: style))
}

/// The text of the default hook's report.
package enum PanicReport {
    /// The style for a report: full for a panic while panicking, else ``BacktraceStyle/current``.
    package static func style(forPanicCount count: Int) -> BacktraceStyle {
        count >= 2 ? .full : BacktraceStyle.current
    }

    /// The report for `info`, from the leading blank line to the last newline;
    /// with a nil `style`, neither a backtrace nor the note. `showsNote: false`
    /// leaves out the first-report `PANIC_BACKTRACE` note (and keeps it for
    /// the first report printed).
    package static func text(for info: PanicInfo, style: BacktraceStyle?, showsNote: Bool = true) -> String {
        let subject = info.task.reportSubject(threadName: info.threadName, threadID: ThreadIdentity.currentID)
        var report = "\n\(subject) panicked at \(ReportText.inert(info.location.description)):\n"
        report += ReportText.inert(PanicPayload.reportText(of: info.payload))
        report += "\n"
        if style == .off {
            if showsNote && noteNotYetShown.exchange(false, ordering: .relaxed) {
                report += "note: run with `PANIC_BACKTRACE=1` environment variable to display a backtrace\n"
            }
        } else if let style {
            report += Backtrace.capture().formatted(style: style, color: StandardError.isColorTerminal)
        }
        return report
    }
}
