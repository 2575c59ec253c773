import Corpus

/// What decoding had to guess, for the report after a conversion or a tagging run.
public struct RestorationReport: Sendable, Equatable {
    /// Syllables decoded (whitespace excluded).
    public var syllables = 0
    /// Fused syllables found in the dictionary.
    public var restored = 0
    /// Fused syllables whose (syllable, type) pair the dictionary lacks.
    public var unseen = 0
    /// Of the `unseen`, those restored by rules learned from the dictionary
    /// (`RestorationRules`); the others are kept whole with the type's first tag.
    public var unseenByRule = 0
    /// The unseen pairs and how often each occurred.
    public var unseenPairs: [RestorationDictionary.Key: Int] = [:]
    /// Syllables labelled `O` (or an unknown prefix) inside a word, kept as a morpheme with no tag.
    public var outside = 0

    /// An empty report.
    public init() {}
}

/// Turns syllable labels back into words with morphemes.
///
/// Per word (whitespace tokens and glued indexes delimit words, see `SyllableTokenizer`):
/// - a chunk start with a plain type `T` begins the morpheme (syllable, `T`);
/// - a chunk start with a composite type (one containing `+`) is looked up in the dictionary
///   with (syllable token, type, previous token in the word); the most frequent restoration's
///   pieces in that context are appended, the first one joining the open morpheme when the
///   restoration says so. Without an entry for that context, `RestorationRules` learned from
///   the dictionary restore it (the pair's other contexts, jamo templates: `산` `B-VV+EF` -> 살/VV
///   + ㄴ/EF); what they cannot restore falls back to the most frequent restoration over all
///   contexts when the pair was seen, else to the syllable itself with the type's first tag
///   (`갔` `B-VV+EP` -> 갔/VV). Unseen pairs are counted in `report`. The labels say whether
///   the first piece joins: it does when the previous syllable of the word is in a chunk whose
///   last tag is the fused syllable's first tag (`배` `B-VV`, `운` `B-VV+EF`: 배우 + ㄴ다);
/// - a continuing syllable (`I-...`) is appended to the open morpheme with jamo composition
///   (`가까` + `ᆸ` = `가깝`); at the start of a word it begins a morpheme tagged with the type's
///   last tag;
/// - a syllable outside every chunk (`O`) becomes a morpheme with no tag (counted);
/// - a conjoining jamo left over when a word ends (a restoration from another context whose
///   continuation did not come) is written as its compatibility letter (`기ᄅ` -> `기ㄹ`).
/// With `.seg` every tag of the result is empty: forms only.
public struct MorphemeDecoder: Sendable {
    /// Where fused syllables are restored from.
    public var dictionary: RestorationDictionary {
        didSet { learned = nil }
    }
    /// The kind of labels being decoded.
    public var kind: LabelKind
    /// False restores from dictionary entries alone, as before rules were learned: a pair seen
    /// in another context takes its most frequent restoration over all contexts, an unseen
    /// pair is kept whole.
    public var usesRules = true
    /// What had to be guessed so far.
    public private(set) var report = RestorationReport()
    /// The rules of `dictionary`, learned at the first fused syllable without an entry.
    private var learned: RestorationRules?

    /// A decoder using `dictionary`.
    public init(dictionary: RestorationDictionary = RestorationDictionary(), kind: LabelKind = .pos) {
        self.dictionary = dictionary
        self.kind = kind
    }

    /// The rules learned from `dictionary` (built once, then kept until it changes).
    public mutating func rules() -> RestorationRules {
        if let learned { return learned }
        let rules = RestorationRules(dictionary: dictionary)
        learned = rules
        return rules
    }

    /// The words of `tokens` with their morphemes, from `labels` in any scheme (read leniently;
    /// see `SyllableSentence.init(tokens:labels:)`). `glued` lists token indexes starting a word
    /// without a space before it. At tagging time, pass the tokens of a raw text line
    /// (`SyllableTokenizer.tokens(of:)`) and the predicted labels: each whitespace word comes back.
    public mutating func words(tokens: [String], labels: [String], glued: [Int] = []) -> [AnalyzedWord] {
        // An empty text: only the words are returned, so the sentence text is not rebuilt.
        decode(SyllableSentence(text: "", tokens: tokens, labels: labels, glued: glued)).words
    }

    /// The analysed sentence of `sentence` (id and text kept; the text is rebuilt from the
    /// tokens when the sentence has none).
    public mutating func decode(_ sentence: SyllableSentence) -> AnalyzedSentence {
        let tokens = sentence.tokens
        var chunkType = [String?](repeating: nil, count: tokens.count)
        var chunkStart = [Bool](repeating: false, count: tokens.count)
        for span in sentence.spans where span.start >= 0 && span.end <= tokens.count && span.start < span.end {
            for index in span.start..<span.end { chunkType[index] = span.type }
            chunkStart[span.start] = true
        }
        let gluedSet = Set(sentence.glued)
        var words: [AnalyzedWord] = []
        for range in sentence.wordRanges {
            var builder = WordBuilder()
            for index in range {
                let token = tokens[index]
                let text = SyllableTokenizer.text(of: token)
                report.syllables += 1
                guard let type = chunkType[index] else {
                    report.outside += 1
                    builder.begin(Morpheme(text, ""))
                    continue
                }
                if !chunkStart[index] {
                    if index == range.lowerBound {
                        builder.begin(Morpheme(text, LabelKind.lastTag(of: type)))
                    } else {
                        builder.append(text)
                    }
                    continue
                }
                if LabelKind.isComposite(type) {
                    restore(index, type: type, in: range, tokens: tokens, chunkType: chunkType,
                            chunkStart: chunkStart, into: &builder)
                } else {
                    builder.begin(Morpheme(text, type))
                }
            }
            var morphemes = builder.morphemes
            for k in morphemes.indices { morphemes[k].form = Jamo.compatibilityForStrays(morphemes[k].form) }
            if kind == .seg {
                for k in morphemes.indices { morphemes[k].tag = "" }
            }
            let form = SyllableTokenizer.text(of: Array(tokens[range]))
            let spaceAfter = range.upperBound == tokens.count ? !gluedSet.contains(tokens.count)
                : SyllableTokenizer.isWhitespace(tokens[range.upperBound])
            words.append(AnalyzedWord(form: form, morphemes: morphemes, spaceAfter: spaceAfter))
        }
        return AnalyzedSentence(id: sentence.id, text: sentence.text ?? sentence.surfaceText, words: words)
    }

    /// Restores the fused syllable at `index` (a chunk start of composite `type`) into `builder`.
    private mutating func restore(_ index: Int, type: String, in range: Range<Int>, tokens: [String],
                                  chunkType: [String?], chunkStart: [Bool], into builder: inout WordBuilder) {
        let token = tokens[index]
        let previous = index > range.lowerBound ? tokens[index - 1] : RestorationDictionary.wordStart
        let seen = dictionary.contains(syllable: token, type: type)
        if seen { report.restored += 1 } else {
            report.unseen += 1
            report.unseenPairs[RestorationDictionary.Key(syllable: token, type: type), default: 0] += 1
        }
        if let restoration = dictionary.restoration(syllable: token, type: type, exactlyAfter: previous) {
            builder.apply(restoration)
            return
        }
        if usesRules {
            // Joining as the labels say: the previous syllable's chunk ends with this one's first tag.
            let first = LabelKind.firstTag(of: type)
            var joins: Bool? = nil
            if !first.isEmpty {
                joins = index > range.lowerBound
                    && chunkType[index - 1].map { LabelKind.lastTag(of: $0) == first } == true
            }
            let next = index + 1
            let nextIsFused = next < range.upperBound && chunkStart[next]
                && chunkType[next].map(LabelKind.isComposite) == true
            let query = RestorationRules.Query(syllable: token, type: type, previous: previous, joins: joins,
                                               open: builder.morphemes.last?.form, nextIsFused: nextIsFused)
            if let found = rules().restoration(for: query) {
                if !seen { report.unseenByRule += 1 }
                builder.apply(found.restoration)
                return
            }
        }
        if let restoration = dictionary.restoration(syllable: token, type: type, previous: previous) {
            builder.apply(restoration)
        } else {
            builder.begin(Morpheme(SyllableTokenizer.text(of: token), LabelKind.firstTag(of: type)))
        }
    }

    /// The morphemes of one word from its syllables' restorations (plain syllables: their own
    /// text, continuing when `joinsPrevious`). Used to check a labelling decodes back.
    static func restoreWord(_ syllables: [(syllable: String, fused: Bool, restoration: Restoration)]) -> [Morpheme] {
        var builder = WordBuilder()
        for item in syllables {
            if item.fused {
                builder.apply(item.restoration)
            } else if item.restoration.joinsPrevious {
                builder.append(item.syllable)
            } else {
                builder.begin(Morpheme(item.syllable, item.restoration.morphemes.first?.tag ?? ""))
            }
        }
        return builder.morphemes
    }
}

/// Accumulates one word's morphemes.
struct WordBuilder {
    var morphemes: [Morpheme] = []

    mutating func begin(_ morpheme: Morpheme) {
        morphemes.append(morpheme)
    }

    /// Appends `text` to the last morpheme, composing jamo; begins an untagged morpheme when none.
    mutating func append(_ text: String) {
        guard let last = morphemes.last else {
            morphemes.append(Morpheme(text, ""))
            return
        }
        // Only a leading conjoining jamo (a split syllable) needs composing.
        if let first = text.unicodeScalars.first, (0x1100...0x11FF).contains(first.value) {
            morphemes[morphemes.count - 1].form = Jamo.compose(last.form + text)
        } else {
            morphemes[morphemes.count - 1].form += text
        }
    }

    mutating func apply(_ restoration: Restoration) {
        for (index, piece) in restoration.morphemes.enumerated() {
            if index == 0 && restoration.joinsPrevious && !morphemes.isEmpty {
                append(piece.form)
            } else {
                begin(piece)
            }
        }
    }
}
