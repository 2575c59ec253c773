/// Streams sentences from a CoNLL column file: one token per line, fields separated by a
/// `FieldDelimiter`, a blank line ending a sentence.
///
/// Lines whose first field is `-DOCSTART-` are document breaks: they end the current sentence,
/// are not returned as tokens, and mark the next sentence with `startsDocument`. Runs of blank
/// lines count as one break. CRLF line ends and a UTF-8 BOM are handled by `LineReader`.
/// Memory holds one sentence at a time.
public final class ConllReader {
    /// The delimiter between fields.
    public let delimiter: FieldDelimiter
    /// When true, every token line must have as many fields as the first one; a different count
    /// throws `InputError(.data)` naming file and line.
    public var requireSameColumnCount: Bool
    /// The field count of the first token line read, once known.
    public private(set) var columnCount: Int?
    /// File name for messages.
    public var name: String { lines.name }

    private let lines: LineReader
    private var pendingDocumentStart = false

    /// Reads from `lines`.
    public init(lines: LineReader, delimiter: FieldDelimiter = .whitespace,
                requireSameColumnCount: Bool = false) {
        self.lines = lines
        self.delimiter = delimiter
        self.requireSameColumnCount = requireSameColumnCount
    }

    /// Opens `path` (`-` for standard input).
    /// - Throws: `InputError(.io)` when the file cannot be opened.
    public convenience init(path: String, delimiter: FieldDelimiter = .whitespace,
                            requireSameColumnCount: Bool = false) throws {
        self.init(lines: try LineReader(path: path), delimiter: delimiter,
                  requireSameColumnCount: requireSameColumnCount)
    }

    /// The next sentence, or nil at end of input.
    /// - Throws: `InputError(.data)` for invalid UTF-8 or (when checked) a wrong field count;
    ///   `InputError(.io)` on read errors.
    public func next() throws -> ConllSentence? {
        var rows: [[String]] = []
        var numbers: [Int] = []
        var startsDocument = pendingDocumentStart
        while let line = try lines.nextLine() {
            let fields = delimiter.split(line[...])
            if fields.isEmpty {
                if rows.isEmpty { continue }
                break
            }
            if fields[0] == "-DOCSTART-" {
                if rows.isEmpty {
                    startsDocument = true
                    continue
                }
                pendingDocumentStart = true
                return ConllSentence(rows: rows, lineNumbers: numbers, startsDocument: startsDocument,
                                     source: lines.name)
            }
            if let expected = columnCount {
                if requireSameColumnCount && fields.count != expected {
                    throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                     "\(fields.count) fields where the first token line has \(expected); " +
                                     "every token line needs the same columns")
                }
            } else {
                columnCount = fields.count
            }
            rows.append(fields.map(String.init))
            numbers.append(lines.lineNumber)
        }
        pendingDocumentStart = false
        if rows.isEmpty { return nil }
        return ConllSentence(rows: rows, lineNumbers: numbers, startsDocument: startsDocument,
                             source: lines.name)
    }

    /// Drops the rest of a sentence whose line `next()` could not read: every line up to the
    /// next blank one.
    /// - Throws: `InputError(.io)` when reading fails.
    public func skipRestOfSentence() throws {
        _ = try lines.skipToBlankLine()
    }

    /// Reads every remaining sentence (convenience for small files; use `next()` to stream).
    public func readAll() throws -> [ConllSentence] {
        var result: [ConllSentence] = []
        while let sentence = try next() { result.append(sentence) }
        return result
    }
}
