/// One sentence of a CoNLL column file: the fields of each token line, in order.
public struct ConllSentence: Sendable, Equatable {
    /// Fields per token line: `rows[token][column]`. Rows may differ in length unless the
    /// reader was told to check (see `ConllReader.requireSameColumnCount`).
    public var rows: [[String]]
    /// 1-based line number in the source of each row (same count as `rows`).
    public var lineNumbers: [Int]
    /// True for the first sentence after a `-DOCSTART-` line (and for the first sentence of a
    /// file that begins with one).
    public var startsDocument: Bool
    /// File name for messages (`<stdin>`, a path, or empty for sentences built in code).
    public var source: String

    /// A sentence from rows; `lineNumbers` default to 1, 2, 3, ...
    public init(rows: [[String]], lineNumbers: [Int]? = nil, startsDocument: Bool = false,
                source: String = "") {
        self.rows = rows
        self.lineNumbers = lineNumbers ?? Array(1..<(rows.count + 1))
        self.startsDocument = startsDocument
        self.source = source
    }

    /// Number of tokens (rows).
    public var count: Int { rows.count }

    /// The field at `index` of every row; negative indexes count from the end of each row
    /// (`-1` is the last column, as conlleval uses `-2` gold and `-1` predicted).
    /// - Throws: `InputError(.data)` naming the first row (file and line) that has no such column.
    public func column(_ index: Int) throws -> [String] {
        var result: [String] = []
        result.reserveCapacity(rows.count)
        for (position, row) in rows.enumerated() {
            guard let resolved = ConllSentence.resolve(index, count: row.count) else {
                let line = position < lineNumbers.count ? lineNumbers[position] : nil
                throw InputError(.data, file: source.isEmpty ? nil : source, line: line,
                                 "no column \(index) on a line with \(row.count) fields; " +
                                 "check the column index and the delimiter")
            }
            result.append(row[resolved])
        }
        return result
    }

    /// The 0-based position of column `index` (negative from the end) in a row of `count`
    /// fields, or nil when out of range.
    public static func resolve(_ index: Int, count: Int) -> Int? {
        let resolved = index < 0 ? count + index : index
        return (0..<count).contains(resolved) ? resolved : nil
    }
}
