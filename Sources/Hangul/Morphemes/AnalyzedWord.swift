/// A whitespace word (eojeol) with its morpheme analysis, e.g. `했다` = 하/XSV + 았/EP + 다/EF.
public struct AnalyzedWord: Hashable, Sendable {
    /// The surface form (conjoining jamo composed into syllables).
    public var form: String
    /// The morphemes, in order. Their forms need not spell `form` (fused words).
    public var morphemes: [Morpheme]
    /// False when the next word follows without a space (`SpaceAfter=No` in CoNLL-U).
    public var spaceAfter: Bool
    /// 1-based line of the word in its source file, nil when built in code.
    public var line: Int?

    /// A word with its analysis.
    public init(form: String, morphemes: [Morpheme], spaceAfter: Bool = true, line: Int? = nil) {
        self.form = form
        self.morphemes = morphemes
        self.spaceAfter = spaceAfter
        self.line = line
    }

    /// True when the morpheme forms concatenated spell the surface form exactly.
    public var isSpelledOut: Bool {
        var joined = ""
        for morpheme in morphemes { joined += morpheme.form }
        return joined == form
    }
}

/// A sentence as a list of analysed words, with its identifier and exact text when known.
public struct AnalyzedSentence: Hashable, Sendable {
    /// The sentence identifier (`# sent_id`), nil when unknown.
    public var id: String?
    /// The exact sentence text (`# text`), nil when unknown; `surfaceText` rebuilds one.
    public var text: String?
    /// The words, in order.
    public var words: [AnalyzedWord]

    /// A sentence of words.
    public init(id: String? = nil, text: String? = nil, words: [AnalyzedWord]) {
        self.id = id
        self.text = text
        self.words = words
    }

    /// The text given by the words and their `spaceAfter` flags (one space between words).
    public var surfaceText: String {
        var result = ""
        for (index, word) in words.enumerated() {
            result += word.form
            if word.spaceAfter && index + 1 < words.count { result += " " }
        }
        return result
    }
}
