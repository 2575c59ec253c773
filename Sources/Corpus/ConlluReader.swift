/// Streams sentences from a CoNLL-U file (https://universaldependencies.org/format.html):
/// `#` comment lines, then one word line of ten tab-separated fields each, a blank line after
/// each sentence. Ranges (`3-4`) and empty nodes (`5.1`) are kept in `words` in file order.
/// Memory holds one sentence at a time.
public final class ConlluReader {
    /// File name for messages.
    public var name: String { lines.name }
    private let lines: LineReader
    /// True when the last error of `next()` was at a blank line (nothing of the sentence is left).
    private var endedAtBlankLine = false

    /// Reads from `lines`.
    public init(lines: LineReader) {
        self.lines = lines
    }

    /// Opens `path` (`-` for standard input).
    /// - Throws: `InputError(.io)` when the file cannot be opened.
    public convenience init(path: String) throws {
        self.init(lines: try LineReader(path: path))
    }

    /// The next sentence, or nil at end of input. Comments between sentences belong to the
    /// sentence that follows; comments after the last sentence are dropped.
    /// - Throws: `InputError(.data)` naming file, line and field for a line that does not have
    ///   ten tab-separated fields or has a malformed ID; `InputError(.io)` on read errors.
    public func next() throws -> ConlluSentence? {
        endedAtBlankLine = false
        var comments: [String] = []
        var words: [ConlluWord] = []
        var numbers: [Int] = []
        while let line = try lines.nextLine() {
            if line.isEmpty || line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if words.isEmpty && comments.isEmpty { continue }
                if words.isEmpty {
                    endedAtBlankLine = true
                    throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                     "comment lines without word lines; a sentence needs at least one word")
                }
                break
            }
            if line.hasPrefix("#") && words.isEmpty {
                comments.append(line)
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 10 else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                 "\(fields.count) tab-separated fields, CoNLL-U needs 10 " +
                                 "(use _ for empty fields; spaces do not separate fields)")
            }
            guard let id = ConlluWord.ID(fields[0]) else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber, column: 1,
                                 "malformed ID '\(fields[0])'; expected N, N-M or N.M")
            }
            words.append(ConlluWord(id: id, form: String(fields[1]), lemma: String(fields[2]),
                                    upos: String(fields[3]), xpos: String(fields[4]),
                                    feats: String(fields[5]), head: String(fields[6]),
                                    deprel: String(fields[7]), deps: String(fields[8]),
                                    misc: String(fields[9])))
            numbers.append(lines.lineNumber)
        }
        if words.isEmpty { return nil }
        return ConlluSentence(comments: comments, words: words, lineNumbers: numbers)
    }

    /// Drops the rest of a sentence `next()` could not read: every line up to the next blank
    /// one (nothing when the error was at the blank line itself).
    /// - Throws: `InputError(.io)` when reading fails.
    public func skipRestOfSentence() throws {
        if !endedAtBlankLine { _ = try lines.skipToBlankLine() }
        endedAtBlankLine = true
    }

    /// Reads every remaining sentence (convenience for small files; use `next()` to stream).
    public func readAll() throws -> [ConlluSentence] {
        var result: [ConlluSentence] = []
        while let sentence = try next() { result.append(sentence) }
        return result
    }
}
