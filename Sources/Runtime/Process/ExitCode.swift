/// The status a process ends with, as `main` reports it to `start`
/// (Rust's `std::process::ExitCode`).
///
/// Only the low 8 bits reach a waiting parent on Linux: `ExitCode(256)` is seen as 0.
public struct ExitCode: Sendable, Hashable, CustomStringConvertible {
    /// The value given to `exit`.
    public let rawValue: Int32

    /// Status 0: the program did what it was asked.
    public static let success = ExitCode(0 as Int32)
    /// Status 1: the program failed; also the status of a `main` that throws.
    public static let failure = ExitCode(1 as Int32)

    /// An exit status from 0 to 255, the portable range.
    public init(_ value: UInt8) { rawValue = Int32(value) }

    /// An exit status as `exit` takes it; the parent sees `value & 0xFF`.
    public init(_ value: Int32) { rawValue = value }

    /// The status as a number.
    public var description: String { String(rawValue) }
}

extension ExitCode: Termination {
    /// The code itself.
    public func report() -> ExitCode { self }
}
