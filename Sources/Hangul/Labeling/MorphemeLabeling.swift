import Corpus

/// A word the labelling could not encode so that decoding gives its analysis back.
public struct UnrestorableWord: Hashable, Sendable {
    /// The word.
    public var word: AnalyzedWord
    /// Why, one line.
    public var reason: String
}

/// Counts gathered while labelling, for `--stats` and the round-trip report.
public struct LabelingStatistics: Sendable, Equatable {
    /// Sentences labelled.
    public var sentences = 0
    /// Words (eojeols) labelled.
    public var words = 0
    /// Words whose morphemes do not spell the surface.
    public var fusedWords = 0
    /// Syllable tokens written (spaces included).
    public var tokens = 0
    /// Fused syllables (labelled with a composite type).
    public var fusedSyllables = 0
    /// How often each chunk type was used (plain tags and composite types).
    public var typeCounts: [String: Int] = [:]
    /// Words that cannot come back exactly, with the reason.
    public var unrestorable: [UnrestorableWord] = []

    /// Empty statistics.
    public init() {}

    /// Equality on the counts (the unrestorable list compared by count).
    public static func == (a: LabelingStatistics, b: LabelingStatistics) -> Bool {
        a.sentences == b.sentences && a.words == b.words && a.fusedWords == b.fusedWords
            && a.tokens == b.tokens && a.typeCounts == b.typeCounts && a.unrestorable == b.unrestorable
    }
}

/// Turns morpheme analyses into syllable chunks (one label per syllable) and fills a
/// `RestorationDictionary` with the fused syllables it meets.
///
/// Labels (shown in BIO; any `TagScheme` can be written from the chunks):
/// - A plain syllable (it spells its one morpheme piece, see `SyllableAligner`) starting a
///   morpheme gets `B-TAG`; one continuing a morpheme gets `I-` and the type of the chunk it
///   continues (`I-NNG` after `B-NNG`; `I-XSV+EF` for `다` of `한다` after `B-XSV+EF`).
/// - A fused syllable gets `B-` and a composite type listing its pieces' tags (`B-XSV+EP` for
///   `했`, `B-VA+ETM` for `운` of `가까운`, `B-EP+` for `였` = 았/EP), and (syllable, type,
///   previous syllable in the word) -> pieces is counted in `dictionary`.
/// - Spaces are `▁` labelled `O`.
/// With `.seg`, plain types are empty (`B`, `I`) and every composite type is `+` (`B-+`).
///
/// Word boundaries: spaces come from the sentence's `text` when it agrees with the words (so
/// double spaces survive), otherwise one `▁` per `spaceAfter`; words glued without a space are
/// listed in `SyllableSentence.glued`.
public struct MorphemeLabeling: Sendable {
    /// Which labels to produce.
    public var kind: LabelKind
    /// The restoration dictionary being filled.
    public var dictionary: RestorationDictionary
    /// Counts so far.
    public private(set) var statistics = LabelingStatistics()
    /// Every fused word labelled so far as (tokens, chunks, gold analysis), for `ambiguousWords()`.
    private var fusedWords: [(tokens: [String], spans: [Span], word: AnalyzedWord)] = []

    /// A labelling producing `kind` labels, adding to `dictionary`.
    public init(kind: LabelKind = .pos, dictionary: RestorationDictionary = RestorationDictionary()) {
        self.kind = kind
        self.dictionary = dictionary
    }

    /// The syllable sentence of `sentence`, its fused syllables added to `dictionary`.
    public mutating func label(_ sentence: AnalyzedSentence) -> SyllableSentence {
        var tokens: [String] = []
        var spans: [Span] = []
        var glued: [Int] = []
        let separators = MorphemeLabeling.separators(sentence)
        tokens += separators.leading
        for (index, word) in sentence.words.enumerated() {
            if index > 0 {
                let gap = separators.between[index - 1]
                if gap.isEmpty { glued.append(tokens.count) }
                tokens += gap
            }
            labelWord(word, into: &tokens, spans: &spans)
        }
        tokens += separators.trailing
        if let last = sentence.words.last, !last.spaceAfter { glued.append(tokens.count) }
        statistics.sentences += 1
        statistics.tokens += tokens.count
        return SyllableSentence(id: sentence.id, text: sentence.text, tokens: tokens, spans: spans, glued: glued)
    }

    /// Tokens and labels of `sentence` in `scheme` (see `label(_:)`).
    public mutating func labels(_ sentence: AnalyzedSentence,
                                scheme: TagScheme) -> (tokens: [String], labels: [String]) {
        let labelled = label(sentence)
        return (labelled.tokens, labelled.labels(in: scheme))
    }

    private mutating func labelWord(_ word: AnalyzedWord, into tokens: inout [String], spans: inout [Span]) {
        statistics.words += 1
        let start = tokens.count
        if word.isSpelledOut {
            // Fast path: every syllable is plain, one chunk per morpheme.
            for morpheme in word.morphemes {
                let first = tokens.count
                for scalar in morpheme.form.unicodeScalars { tokens.append(SyllableTokenizer.token(for: scalar)) }
                guard tokens.count > first else { continue }
                let type = kind.plainType(tag: morpheme.tag)
                spans.append(Span(start: first, end: tokens.count, type: type))
                statistics.typeCounts[type, default: 0] += 1
            }
            return
        }
        statistics.fusedWords += 1
        guard let analyses = SyllableAligner.align(word) else {
            // Not alignable: one chunk over the whole word restoring every morpheme from its first syllable.
            let syllables = word.form.unicodeScalars.map { SyllableTokenizer.token(for: $0) }
            tokens += syllables
            guard let first = syllables.first else { return }
            let type = kind.compositeType(tags: word.morphemes.map(\.tag))
            dictionary.add(Restoration(word.morphemes), syllable: first, type: type,
                           previous: RestorationDictionary.wordStart)
            spans.append(Span(start: start, end: tokens.count, type: type))
            statistics.typeCounts[type, default: 0] += 1
            statistics.unrestorable.append(UnrestorableWord(
                word: word, reason: SyllableAligner.reasonUnaligned(word) ?? "cannot be aligned"))
            return
        }
        for analysis in analyses {
            let index = tokens.count
            let scalar = analysis.syllable.unicodeScalars.first
            tokens.append(scalar.map { SyllableTokenizer.token(for: $0) } ?? analysis.syllable)
            if analysis.isFused {
                let type = kind.compositeType(tags: analysis.restoration.morphemes.map(\.tag))
                dictionary.add(analysis.restoration, syllable: tokens[index], type: type,
                               previous: index > start ? tokens[index - 1] : RestorationDictionary.wordStart)
                spans.append(Span(start: index, end: index + 1, type: type))
                statistics.fusedSyllables += 1
                statistics.typeCounts[type, default: 0] += 1
            } else if analysis.restoration.joinsPrevious, index > start, !spans.isEmpty {
                spans[spans.count - 1].end = index + 1
            } else {
                let type = kind.plainType(tag: analysis.restoration.morphemes.first?.tag ?? "")
                spans.append(Span(start: index, end: index + 1, type: type))
                statistics.typeCounts[type, default: 0] += 1
            }
        }
        fusedWords.append((Array(tokens[start...]), spans.filter { $0.start >= start }.map {
            Span(start: $0.start - start, end: $0.end - start, type: $0.type)
        }, word))
        // Check that decoding gives the analysis back (it does by construction; a failure is
        // reported, never hidden).
        let decoded = MorphemeDecoder.restoreWord(analyses.map { ($0.syllable, $0.isFused, $0.restoration) })
        if decoded != word.morphemes {
            statistics.unrestorable.append(UnrestorableWord(
                word: word, reason: "pieces compose to " + AnalysisNotation.sejong(decoded)))
        }
    }

    /// The fused words labelled so far that `dictionary`, as it is now, decodes to another analysis
    /// (the most frequent restoration of one of their syllables in its context is a different
    /// one), with the analysis they would get. Words already in `statistics.unrestorable` are
    /// not repeated. Call it after the whole corpus is labelled.
    public func ambiguousWords() -> [UnrestorableWord] {
        var decoder = MorphemeDecoder(dictionary: dictionary, kind: kind)
        let failed = Set(statistics.unrestorable.map(\.word))
        var result: [UnrestorableWord] = []
        for item in fusedWords where !failed.contains(item.word) {
            let decoded = decoder.decode(SyllableSentence(tokens: item.tokens, spans: item.spans)).words
            let morphemes = decoded.count == 1 ? decoded[0].morphemes : decoded.flatMap(\.morphemes)
            let expected = kind == .seg ? item.word.morphemes.map { Morpheme($0.form, "") } : item.word.morphemes
            if morphemes != expected {
                result.append(UnrestorableWord(word: item.word, reason: "ambiguous: decodes to " +
                    AnalysisNotation.sejong(morphemes) + " (a more frequent restoration in the same context)"))
            }
        }
        return result
    }

    /// Whitespace tokens before the first word, between words and after the last.
    private static func separators(_ sentence: AnalyzedSentence)
        -> (leading: [String], between: [[String]], trailing: [String]) {
        let count = sentence.words.count
        let fallback = (leading: [String](), between: (0..<max(count - 1, 0)).map {
            sentence.words[$0].spaceAfter ? [SyllableTokenizer.space] : []
        }, trailing: [String]())
        guard let text = sentence.text, count > 0 else { return fallback }
        let scalars = Array(Normalization.composingHangul(text).unicodeScalars)
        var position = 0
        var runs: [[String]] = []
        for word in sentence.words {
            var run: [String] = []
            while position < scalars.count && SyllableTokenizer.isWhitespace(scalars[position]) {
                run.append(SyllableTokenizer.token(for: scalars[position]))
                position += 1
            }
            runs.append(run)
            for scalar in word.form.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return fallback }
                position += 1
            }
        }
        var trailing: [String] = []
        while position < scalars.count {
            guard SyllableTokenizer.isWhitespace(scalars[position]) else { return fallback }
            trailing.append(SyllableTokenizer.token(for: scalars[position]))
            position += 1
        }
        for k in 1..<max(count, 1) where runs[k].isEmpty == sentence.words[k - 1].spaceAfter {
            return fallback
        }
        return (runs[0], Array(runs.dropFirst()), trailing)
    }
}
