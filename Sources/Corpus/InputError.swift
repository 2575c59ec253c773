import FoundationEssentials
import Glibc

/// An error in data a user supplied, or in reading or writing a file, located as precisely as
/// possible. Its `description` is one line: `FILE:LINE:COLUMN: message`, parts omitted when
/// unknown. The command line maps `kind` to exit codes (data 2, model 3, I/O 4).
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, which decides the exit code at the command line.
    public enum Kind: Sendable, Equatable {
        /// The content of an input file is malformed (exit code 2).
        case data
        /// A model file is missing, truncated, corrupt, foreign or of a newer version (exit code 3).
        case model
        /// A file could not be opened, read or written (exit code 4).
        case io
    }

    public var kind: Kind
    /// File name as the user gave it, `<stdin>` for standard input, nil when not file-related.
    public var file: String?
    /// 1-based line number, nil when not applicable.
    public var line: Int?
    /// 1-based column (in characters) or field index, nil when not applicable.
    public var column: Int?
    /// What is wrong and, where possible, what to do; a single line.
    public var message: String

    public init(_ kind: Kind = .data, file: String? = nil, line: Int? = nil, column: Int? = nil,
                _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = ""
        if let file { location += file }
        if let line { location += (location.isEmpty ? "line " : ":") + String(line) }
        if let column, line != nil { location += ":" + String(column) }
        let text = message.replacing("\n", with: " ")
        return location.isEmpty ? text : location + ": " + text
    }
}
