/// Runs `body` and returns its result, marking the bottom of short
/// backtraces: a short backtrace of a panic inside `body` shows only the
/// frames above this call. `start` and `spawn` wrap user code with it.
///
/// Never inlined and never a tail call, so the frame is on the stack in
/// release builds too. A panic inside `body` passes through untouched.
@inline(never)
@_optimize(none)
public func beginShortBacktrace<T>(_ body: () throws -> T) rethrows -> T {
    let result = try body()
    ShortBacktraceMarker.keepFrame()
    return result
}

package enum ShortBacktraceMarker {
    /// A call after the body, so the body's call is not the frame's last act.
    @inline(never)
    static func keepFrame() {}
}
