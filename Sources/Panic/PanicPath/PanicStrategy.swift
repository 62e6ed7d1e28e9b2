/// What a panic does after its hook has run, chosen when the package is built.
public enum PanicStrategy: Sendable, Hashable, CustomStringConvertible {
    /// Jump to the innermost `catchUnwind` on the thread, or end the process
    /// with status 101 when there is none. The default.
    case unwind
    /// End the process with SIGABRT (status 134 in a shell); `catchUnwind` catches nothing.
    /// Chosen by the package trait `PanicAbort`.
    case abort

    /// The strategy this build was compiled with.
    package static var compiled: PanicStrategy {
        #if PanicAbort
        return .abort
        #else
        return .unwind
        #endif
    }

    /// `unwind` or `abort`.
    public var description: String {
        switch self {
        case .unwind: "unwind"
        case .abort: "abort"
        }
    }
}
