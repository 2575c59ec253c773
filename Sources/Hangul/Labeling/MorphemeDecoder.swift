import Corpus

/// What decoding had to guess, for the report after a conversion or a tagging run.
public struct RestorationReport: Sendable, Equatable {
    /// Syllables decoded (whitespace excluded).
    public var syllables = 0
    /// Fused syllables found in the dictionary.
    public var restored = 0
    /// Fused syllables whose (syllable, type) pair the dictionary lacks, restored by rule.
    public var unseen = 0
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
///   pieces (in that context, else over all contexts) are appended, the first
///   one joining the open morpheme when the restoration says so. An unseen pair is restored by
///   rule: the syllable itself with the type's first tag (`했` `B-XSV+EP` -> 했/XSV), and counted
///   in `report`;
/// - a continuing syllable (`I-...`) is appended to the open morpheme with jamo composition
///   (`가까` + `ᆸ` = `가깝`); at the start of a word it begins a morpheme tagged with the type's
///   last tag;
/// - a syllable outside every chunk (`O`) becomes a morpheme with no tag (counted);
/// - a conjoining jamo left over when a word ends (a restoration from another context whose
///   continuation did not come) is written as its compatibility letter (`기ᄅ` -> `기ㄹ`).
/// With `.seg` every tag of the result is empty: forms only.
public struct MorphemeDecoder: Sendable {
    /// Where fused syllables are restored from.
    public var dictionary: RestorationDictionary
    /// The kind of labels being decoded.
    public var kind: LabelKind
    /// What had to be guessed so far.
    public private(set) var report = RestorationReport()

    /// A decoder using `dictionary`.
    public init(dictionary: RestorationDictionary = RestorationDictionary(), kind: LabelKind = .pos) {
        self.dictionary = dictionary
        self.kind = kind
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
                    let previous = index > range.lowerBound ? tokens[index - 1] : RestorationDictionary.wordStart
                    if let restoration = dictionary.restoration(syllable: token, type: type, previous: previous) {
                        report.restored += 1
                        builder.apply(restoration)
                    } else {
                        report.unseen += 1
                        report.unseenPairs[RestorationDictionary.Key(syllable: token, type: type), default: 0] += 1
                        builder.begin(Morpheme(text, LabelKind.firstTag(of: type)))
                    }
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
