/// Where a panic was raised: the file, line and column of the call to
/// ``panic(_:file:line:column:)`` or ``fatal(_:file:line:column:)``.
///
/// Prints as `file:line:column`, the form Rust uses, which terminals and
/// editors turn into a link.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as `#fileID` gives it (`Module/File.swift`) unless the caller passed another.
    public let file: String
    /// The line, counted from 1.
    public let line: UInt
    /// The column, counted from 1; 0 when unknown.
    public let column: UInt

    /// Makes a location from its parts.
    public init(file: String, line: UInt, column: UInt) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Makes a location from the literals the compiler supplies.
    public init(file: StaticString, line: UInt, column: UInt) {
        self.init(file: file.description, line: line, column: column)
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
