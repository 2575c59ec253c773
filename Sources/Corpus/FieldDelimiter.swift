/// How the columns of a CoNLL line are separated.
public enum FieldDelimiter: Sendable, Equatable {
    /// Runs of spaces and tabs; leading and trailing ones are ignored (the common CoNLL layout).
    case whitespace
    /// Exactly this non-empty string, each occurrence separating two fields (so two adjacent
    /// delimiters enclose an empty field), e.g. `"\t"` for tab-separated files.
    case string(String)

    /// The fields of `line` under this delimiter. An empty or all-whitespace line gives `[]`
    /// under `.whitespace`; under `.string` an empty line gives `[]` and a line without the
    /// delimiter gives one field.
    public func split(_ line: Substring) -> [Substring] {
        switch self {
        case .whitespace:
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        case .string(let separator):
            if line.isEmpty { return [] }
            guard !separator.isEmpty else { return [line] }
            if separator.utf8.count == 1, let byte = separator.utf8.first {
                let scalar = Character(Unicode.Scalar(byte))
                return line.split(separator: scalar, omittingEmptySubsequences: false)
            }
            var fields: [Substring] = []
            var rest = line[...]
            while let range = rest.firstRange(of: separator) {
                fields.append(rest[..<range.lowerBound])
                rest = rest[range.upperBound...]
            }
            fields.append(rest)
            return fields
        }
    }
}
