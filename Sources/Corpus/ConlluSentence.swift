/// One CoNLL-U sentence: its comment lines and its word lines in file order, including
/// multiword-token ranges and empty nodes exactly as the format defines them.
public struct ConlluSentence: Sendable, Equatable {
    /// Comment lines as written, each including its leading `#` (e.g. `# text = ...`).
    public var comments: [String]
    /// Every word line in file order: syntactic words, ranges (`3-4`) and empty nodes (`5.1`).
    public var words: [ConlluWord]
    /// 1-based line number of each word line in the source (empty for sentences built in code).
    public var lineNumbers: [Int]

    /// A sentence from comments and word lines.
    public init(comments: [String] = [], words: [ConlluWord], lineNumbers: [Int] = []) {
        self.comments = comments
        self.words = words
        self.lineNumbers = lineNumbers
    }

    /// The value of the `# sent_id = ...` comment, or nil.
    public var sentenceID: String? { commentValue("sent_id") }

    /// The value of the `# text = ...` comment, or nil. Setting replaces that comment (or
    /// appends one); nil removes it.
    public var text: String? {
        get { commentValue("text") }
        set {
            let index = comments.firstIndex { ConlluSentence.key(of: $0) == "text" }
            switch (index, newValue) {
            case (let i?, let value?): comments[i] = "# text = " + value
            case (let i?, nil): comments.remove(at: i)
            case (nil, let value?): comments.append("# text = " + value)
            case (nil, nil): break
            }
        }
    }

    /// The value of a `# key = value` comment, or nil.
    public func commentValue(_ key: String) -> String? {
        for comment in comments where ConlluSentence.key(of: comment) == key {
            guard let equals = comment.firstIndex(of: "=") else { return "" }
            return String(comment[comment.index(after: equals)...].drop(while: { $0 == " " }))
        }
        return nil
    }

    private static func key(of comment: String) -> String? {
        guard comment.hasPrefix("#"), let equals = comment.firstIndex(of: "=") else { return nil }
        let key = comment[comment.index(after: comment.startIndex)..<equals].trimmingSpaces()
        return key.isEmpty ? nil : String(key)
    }

    /// The syntactic words only (no ranges, no empty nodes), in order.
    public var syntacticWords: [ConlluWord] {
        words.filter { if case .word = $0.id { return true } else { return false } }
    }

    /// A surface token: a multiword range or a syntactic word not inside a range.
    public struct Token: Sendable, Equatable {
        /// The surface form (the range's FORM for a multiword token).
        public var form: String
        /// False when the token is glued to the next one (`SpaceAfter=No` on the range line, or
        /// on the word line for a plain word).
        public var spaceAfter: Bool
        /// Indexes into `syntacticWords` of the words this token covers.
        public var wordIndices: Range<Int>
    }

    /// The surface tokens of the sentence: what `# text` is made of. Empty nodes are skipped.
    /// A range whose words are missing covers only the words present.
    public var surfaceTokens: [Token] {
        var tokens: [Token] = []
        var wordIndex = 0
        var coveredUntil = 0   // word ids <= this are inside the last range
        for word in words {
            switch word.id {
            case .range(let first, let last):
                let start = wordIndex
                var count = 0
                for other in words {
                    if case .word(let n) = other.id, n >= first, n <= last { count += 1 }
                }
                tokens.append(Token(form: word.form, spaceAfter: word.spaceAfter,
                                    wordIndices: start..<(start + count)))
                coveredUntil = last
            case .word(let n):
                if n > coveredUntil {
                    tokens.append(Token(form: word.form, spaceAfter: word.spaceAfter,
                                        wordIndices: wordIndex..<(wordIndex + 1)))
                }
                wordIndex += 1
            case .empty:
                break
            }
        }
        return tokens
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
