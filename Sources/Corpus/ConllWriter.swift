/// Writes CoNLL column files: one token per line, fields joined by the delimiter, a blank line
/// after each sentence, `-DOCSTART-` lines for document starts.
public struct ConllWriter {
    /// The text between fields (one space by default; `"\t"` for TSV).
    public var separator: String
    /// The fields of a document-start line; CoNLL-2003 uses `-DOCSTART- -X- -X- O`.
    public var documentStartFields: [String]

    /// A writer joining fields with `separator`.
    public init(separator: String = " ", documentStartFields: [String] = ["-DOCSTART-", "-X-", "-X-", "O"]) {
        self.separator = separator
        self.documentStartFields = documentStartFields
    }

    /// The text of `sentence`: a `-DOCSTART-` line and a blank line first when it starts a
    /// document, then its rows, then one blank line. Fields are written as given (a field
    /// containing the separator would not read back the same; callers choose the separator).
    public func format(_ sentence: ConllSentence) -> String {
        var text = ""
        if sentence.startsDocument {
            text += documentStartFields.joined(separator: separator) + "\n\n"
        }
        for row in sentence.rows {
            text += row.joined(separator: separator)
            text += "\n"
        }
        return text + "\n"
    }

    /// Writes `sentence` (see `format(_:)`) to `output`.
    public func write(_ sentence: ConllSentence, to output: OutputWriter) {
        output.write(format(sentence))
    }

    /// The rows of a sentence from parallel columns, e.g. `columns(tokens, labels)`.
    /// Columns shorter than the first are padded with `_`.
    public static func rows(columns: [String]...) -> [[String]] {
        guard let first = columns.first else { return [] }
        return (0..<first.count).map { index in
            columns.map { index < $0.count ? $0[index] : "_" }
        }
    }
}
