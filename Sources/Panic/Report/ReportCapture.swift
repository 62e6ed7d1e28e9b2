import CUnwind

/// Rust's output capture for its test harness, for one thread: while a
/// capture is open, a panic on this thread does not run the installed hook;
/// the default hook's report is appended to the capture instead.
///
/// For test helpers (PanicTesting's `expectPanic`): an expected panic prints
/// nothing, shows its report only when the expectation fails, and never
/// reaches a hook that a test running in parallel has installed.
package final class ReportCapture {
    /// The reports captured so far, each as the default hook writes it.
    package private(set) var text = ""

    package init() {}

    /// The capture open on this thread, if any; else the one the installed
    /// ``Provider`` gives for the panicking task (PanicRuntime's async catch
    /// boundaries).
    static var current: ReportCapture? {
        if let open = PanicCount.local.pointee.report_capture {
            return Unmanaged<ReportCapture>.fromOpaque(open).takeUnretainedValue()
        }
        guard let provider = UnsafeRawPointer(bitPattern: installedProvider.load(ordering: .acquiring)) else { return nil }
        return unsafeBitCast(provider, to: Provider.self)().map { Unmanaged<ReportCapture>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Called in the panic path, on the panicking thread, when no capture is
    /// open on it: returns an unretained capture that outlives the panic, or
    /// nil. It must not panic.
    package typealias Provider = @convention(c) () -> UnsafeMutableRawPointer?

    /// The provider's address (0: none).
    private static var installedProvider: PanicWord<Int> { PanicWord(Int32(CUNWIND_WORD_REPORT_CAPTURE_PROVIDER)) }

    /// Installs the one provider of the process (PanicRuntime's, for the
    /// tasks whose `catchUnwindAsync` boundary captures reports).
    package static func install(provider: Provider) {
        installedProvider.store(Int(bitPattern: unsafeBitCast(provider, to: UnsafeRawPointer.self)), ordering: .releasing)
    }

    /// Runs `body` with this capture open on the current thread, then
    /// restores the one that was open before (captures nest).
    ///
    /// A panic must not leave `body` by a jump to a catch frame outside this
    /// call: open the capture outside the `catchUnwind` that catches.
    package func capturing<T>(_ body: () throws -> T) rethrows -> T {
        let state = PanicCount.local
        let previous = state.pointee.report_capture
        state.pointee.report_capture = Unmanaged.passUnretained(self).toOpaque()
        defer { PanicCount.local.pointee.report_capture = previous }
        return try withExtendedLifetime(self) { try body() }
    }

    /// Records the report of `info`, as the default hook would print it.
    func record(_ info: PanicInfo) {
        text += PanicReport.text(for: info, style: PanicReport.style(forPanicCount: panicCount), showsNote: false)
    }
}
