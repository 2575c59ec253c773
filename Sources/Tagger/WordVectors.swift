import Corpus

/// Pretrained word vectors read from word2vec or GloVe text files: one word per line followed
/// by its values separated by spaces; a first line of two integers (`count dimension`, the
/// word2vec header) is skipped. Every vector must have the same dimension.
public struct WordVectors: Sendable {
    /// Vector length.
    public private(set) var dimension: Int
    /// Words in file order.
    public private(set) var words: [String]
    private var index: [String: Int]
    private var values: [Float]

    /// Reads `path` (see the type's description).
    /// - Throws: `InputError(.data)` naming file and line for a non-number, a dimension that
    ///   differs from the first vector's, or an empty file; `.io` when it cannot be read.
    public init(path: String) throws {
        let reader = try LineReader(path: path)
        dimension = 0
        words = []
        index = [:]
        values = []
        while let line = try reader.nextLine() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            if reader.lineNumber == 1 && fields.count == 2 && Int(fields[0]) != nil && Int(fields[1]) != nil {
                continue
            }
            let numbers = fields.dropFirst().map { Float($0) }
            if dimension == 0 { dimension = numbers.count }
            guard numbers.count == dimension, dimension > 0 else {
                throw InputError(.data, file: path, line: reader.lineNumber,
                                 "vector has \(numbers.count) values, expected \(dimension); "
                                 + "give a word2vec/GloVe text file")
            }
            var row: [Float] = []
            row.reserveCapacity(dimension)
            for (offset, number) in numbers.enumerated() {
                guard let number, number.isFinite else {
                    throw InputError(.data, file: path, line: reader.lineNumber, column: offset + 2,
                                     "'\(fields[offset + 1])' is not a finite number")
                }
                row.append(number)
            }
            let word = String(fields[0])
            if index[word] != nil { continue }
            index[word] = words.count
            words.append(word)
            values.append(contentsOf: row)
        }
        if words.isEmpty {
            throw InputError(.data, file: path, "no vectors found; give a word2vec/GloVe text file")
        }
    }

    /// The vector of `word`, else of its lower-cased form, else nil.
    public func vector(_ word: String) -> ArraySlice<Float>? {
        guard let row = index[word] ?? index[word.lowercased()] else { return nil }
        return values[(row * dimension)..<((row + 1) * dimension)]
    }
}
