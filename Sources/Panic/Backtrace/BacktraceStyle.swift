import CUnwind

/// How much of the stack a panic report shows.
public enum BacktraceStyle: Sendable, Hashable, CustomStringConvertible {
    /// No backtrace; the first panic's report ends with a note on how to get one.
    case off
    /// The frames between the panic and the program's entry point (``beginShortBacktrace(_:)``).
    case short
    /// Every frame, with addresses.
    case full

    /// The style in force: the one given to ``setBacktraceStyle(_:)``, else
    /// the one `PANIC_BACKTRACE` asked for when it was first read.
    ///
    /// `PANIC_BACKTRACE` unset or `0` gives `off`; `full` gives `full`; any
    /// other value (`1`, `short`, empty, anything) gives `short`. The
    /// environment is read once per process.
    public static var current: BacktraceStyle {
        if let chosen = BacktraceStyle(code: override.load(ordering: .relaxed)) { return chosen }
        return fromEnvironment
    }

    /// Parses a `PANIC_BACKTRACE` value (nil when unset). Never fails: junk means `short`.
    public static func parse(environmentValue value: String?) -> BacktraceStyle {
        guard let value else { return .off }
        switch value {
        case "0": return .off
        case "full": return .full
        default: return .short
        }
    }

    /// `off`, `short` or `full`.
    public var description: String {
        switch self {
        case .off: "off"
        case .short: "short"
        case .full: "full"
        }
    }

    /// Read from the environment on first use, then kept (Swift's lazy global
    /// initialisation runs once, thread-safely).
    private static let fromEnvironment: BacktraceStyle = {
        guard let raw = getenv("PANIC_BACKTRACE") else { return .off }
        // Bytes that are not UTF-8 are repaired, never rejected: junk is `short`.
        return parse(environmentValue: String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self))
    }()

    fileprivate static let override = PanicAtomic<UInt8>(0)

    fileprivate var code: UInt8 {
        switch self {
        case .off: 1
        case .short: 2
        case .full: 3
        }
    }

    fileprivate init?(code: UInt8) {
        switch code {
        case 1: self = .off
        case 2: self = .short
        case 3: self = .full
        default: return nil
        }
    }
}

/// Sets the backtrace style for every later panic in the process,
/// overriding `PANIC_BACKTRACE`.
public func setBacktraceStyle(_ style: BacktraceStyle) {
    BacktraceStyle.override.store(style.code, ordering: .relaxed)
}
