import Runtime

/// How many frames the toolchain's own `Backtrace.capture()` sees here.
public func toolchainFrameCount() throws -> Int {
    Array(try Backtrace.capture().frames).count
}
