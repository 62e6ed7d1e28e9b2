/// Where a panic was raised: the file, line and column of the call to
/// ``panic(_:file:line:column:)`` or ``fatal(_:file:line:column:)``.
///
/// Prints as `file:line:column`, the form Rust uses, which terminals and
/// editors turn into a link.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as given: the compiler's literal (kept as it is, so a
    /// panic does not allocate a copy of it), or a string.
    private enum FileName: Sendable {
        case literal(StaticString)
        case string(String)
    }

    private let fileName: FileName

    /// The file, as `#fileID` gives it (`Module/File.swift`) unless the caller passed another.
    public var file: String {
        switch fileName {
        case .literal(let literal): literal.description
        case .string(let string): string
        }
    }

    /// The line, counted from 1.
    public let line: UInt
    /// The column, counted from 1; 0 when unknown.
    public let column: UInt

    /// Makes a location from its parts.
    public init(file: String, line: UInt, column: UInt) {
        self.fileName = .string(file)
        self.line = line
        self.column = column
    }

    /// Makes a location from the literals the compiler supplies.
    public init(file: StaticString, line: UInt, column: UInt) {
        self.fileName = .literal(file)
        self.line = line
        self.column = column
    }

    /// `file:line:column`; just `file` when the line is unknown (0), as for
    /// a trap in code without debug info: `<unknown>`.
    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.line == rhs.line && lhs.column == rhs.column && lhs.file == rhs.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(line)
        hasher.combine(column)
    }
}
