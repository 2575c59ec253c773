import Corpus
import FoundationEssentials
import Glibc
import Hangul

/// One training or evaluation sentence: tokens and a gold label per token.
public struct LabeledSentence: Sendable, Equatable {
    /// The tokens (characters for syllable data, words for CoNLL-2003 style data).
    public var tokens: [String]
    /// One gold label per token.
    public var labels: [String]
    /// Line of the sentence's first token in its file (1-based; 0 when not from a file).
    public var line: Int
    /// Token indexes where a word starts without a space before it (CoNLL-U `SpaceAfter=No`),
    /// see `SyllableSentence.glued`; empty for other data.
    public var glued: [Int]

    public init(tokens: [String], labels: [String], line: Int = 0, glued: [Int] = []) {
        self.tokens = tokens
        self.labels = labels
        self.line = line
        self.glued = glued
    }
}

/// What labels to build from morpheme-analysed data (CoNLL-U, Sejong), as in `biotag convert`.
public enum MorphemeLabels: String, Codable, Sendable, CaseIterable {
    /// `B-TAG`/`I-TAG` per syllable: segmentation and part of speech.
    case pos
    /// Segmentation only (untyped morpheme boundaries).
    case seg
}

/// An annotated file read into labelled sentences, whatever its format.
public struct LabeledCorpus: Sendable {
    /// The file as given.
    public var file: String
    /// The format it was read as.
    public var format: InputFormat
    /// The sentences in file order (empty sentences are skipped).
    public var sentences: [LabeledSentence]
    /// What the labels annotate: `entity` (CoNLL, KLUE), or `pos`/`seg` (morpheme analyses).
    public var task: String
    /// The tag scheme of the labels (IOB1 input is converted to BIO on reading).
    public var scheme: TagScheme
    /// For morpheme data: the fused-syllable restoration dictionary built while labelling.
    public var restoration: RestorationDictionary?
    /// For morpheme data (CoNLL-U, Sejong): the gold analyses, one per sentence, for
    /// word-level morpheme scores.
    public var analyses: [AnalyzedSentence]?

    /// Sentences left out because they could not be read (`read(path:format:labels:skip:)`).
    public var skipped = 0

    /// Number of tokens over all sentences.
    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.tokens.count } }

    /// Makes syllable BIO written from morpheme analyses (`biotag convert --from conllu --to bio
    /// --dictionary FILE`) morpheme data again: `restoration` becomes `dictionary` and `task`
    /// `seg` (labels `B`, `I`, `B-+`) or `pos`, so a model trained on it decodes morphemes.
    /// - Throws: `InputError(.data)` naming file and line when the corpus is not syllable BIO or
    ///   CoNLL columns, or a syllable other than a space is labelled `O` (entity labels: analyses
    ///   put every syllable in a chunk).
    public mutating func attach(restoration dictionary: RestorationDictionary) throws {
        guard format == .bio || format == .conll else {
            throw InputError(.data, file: file, "a restoration dictionary goes with syllable BIO; "
                             + "\(format.rawValue) data builds its own")
        }
        var segmentation = true
        for sentence in sentences {
            for (offset, (token, label)) in zip(sentence.tokens, sentence.labels).enumerated() {
                if label == "O" && token != SyllableTokenizer.space && !token.hasPrefix("<U+") {
                    throw InputError(.data, file: file, line: sentence.line + offset,
                                     "'\(token)' is labelled O: these are entity labels, not labels converted "
                                     + "from morpheme analyses, and a restoration dictionary does not apply")
                }
                let type = TagLabel(label).typeName
                if !type.isEmpty && type != "+" { segmentation = false }
            }
        }
        restoration = dictionary
        task = segmentation ? MorphemeLabels.seg.rawValue : MorphemeLabels.pos.rawValue
    }

    /// Why the label column does not look like labels, or nil when it does: no label is `O`,
    /// a bare `B`/`I` or `B-`/`I-`/`E-`/`S-` and a type, and there are at least half as many
    /// distinct labels as tokens (more than two), as when raw text is read as CoNLL columns and
    /// each line's last word becomes its label. Tag sets without prefixes (part-of-speech tags)
    /// have far fewer labels than tokens and pass.
    public var labelProblem: String? {
        var distinct = Set<String>()
        for sentence in sentences {
            for label in sentence.labels {
                let bytes = label.utf8
                if label == "O" || label == "B" || label == "I" { return nil }
                if bytes.count > 2, let first = bytes.first, [0x42, 0x49, 0x45, 0x53].contains(first),
                   bytes[bytes.index(after: bytes.startIndex)] == 0x2D { return nil }   // B- I- E- S-
                distinct.insert(label)
            }
        }
        let tokens = tokenCount
        guard distinct.count > 2, distinct.count * 2 >= tokens else { return nil }
        let examples = distinct.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return "the last column does not look like labels: \(distinct.count) distinct labels for \(tokens) "
            + "tokens (\(examples), ...) and none is O or B-/I-TYPE; give TOKEN LABEL lines, not raw text"
    }

    /// Reads `path` in `format` (nil: detected from content, see `InputFormat.detect`).
    /// - Parameters:
    ///   - labels: which labels morpheme-analysed input gets.
    ///   - skip: when given, a sentence that cannot be read (an `InputError(.data)` of its
    ///     lines) is left out: its error goes to `skip` and reading goes on (`skipped` counts
    ///     them). Nil: the first such error is thrown.
    /// - Throws: `InputError(.data)` naming file and line for malformed content, or when the
    ///   file holds no sentence; `.io` when it cannot be read.
    public static func read(path: String, format: InputFormat? = nil, labels: MorphemeLabels = .pos,
                            skip: ((InputError) -> Void)? = nil) throws -> LabeledCorpus {
        let format = try format ?? InputFormat.detect(path: path)
        var corpus: LabeledCorpus
        let skipper = Skipper(skip: skip)
        switch format {
        case .conll:
            corpus = try readConll(path: path, skipper: skipper)
        case .klue, .conllu, .sejong:
            corpus = try readKorean(path: path, format: format, labels: labels, skipper: skipper)
        case .bio:
            corpus = try readSyllableBIO(path: path, skipper: skipper)
        }
        corpus.skipped = skipper.count
        if corpus.sentences.isEmpty {
            throw InputError(.data, file: path, "no labelled sentences found; expected \(format.rawValue) data")
        }
        return corpus
    }

    /// CoNLL columns: token first, label last; IOB1 label sequences are rewritten as BIO.
    static func readConll(path: String, skipper: Skipper = Skipper(skip: nil)) throws -> LabeledCorpus {
        let reader = try ConllReader(path: path)
        var sentences: [LabeledSentence] = []
        var allLabels: [[String]] = []
        sentences: while let sentence = try skipper.read(reader.next, skipRest: reader.skipRestOfSentence) {
            guard !sentence.rows.isEmpty else { continue }
            for (row, line) in zip(sentence.rows, sentence.lineNumbers) where row.count < 2 {
                let error = InputError(.data, file: path, line: line,
                                       "expected a token and a label separated by whitespace, found "
                                       + "\(row.count) column; add the label column")
                try skipper.pass(error)
                continue sentences
            }
            let tokens = sentence.rows.map { $0[0] }
            let labels = sentence.rows.map { $0[$0.count - 1] }
            sentences.append(LabeledSentence(tokens: tokens, labels: labels, line: sentence.lineNumbers.first ?? 0))
            allLabels.append(labels)
        }
        let scheme = detectScheme(allLabels)
        if scheme == .iob1 {
            for i in sentences.indices {
                sentences[i].labels = TagScheme.iob1.convert(sentences[i].labels, to: .bio)
            }
        }
        return LabeledCorpus(file: path, format: .conll, sentences: sentences, task: "entity",
                             scheme: scheme == .iob1 ? .bio : scheme, restoration: nil, analyses: nil)
    }

    /// The scheme label sequences are written in: `iobes` when `E-`/`S-` labels occur,
    /// `untyped` when a bare `I` occurs, `iob1` when an `I-X` opens a chunk (after `O`, at the
    /// start, or after another type), else `bio`.
    public static func detectScheme(_ sequences: [[String]]) -> TagScheme {
        var opensWithI = false
        for labels in sequences {
            var previousType: Substring? = nil
            for label in labels {
                if label == "I" { return .untyped }
                if label.hasPrefix("E-") || label.hasPrefix("S-") { return .iobes }
                if label.hasPrefix("I-") {
                    let type = label.dropFirst(2)
                    if previousType != type { opensWithI = true }
                    previousType = type
                } else if label.hasPrefix("B-") {
                    previousType = label.dropFirst(2)
                } else {
                    previousType = nil
                }
            }
        }
        return opensWithI ? .iob1 : .bio
    }
}

extension LabeledCorpus {
    /// KLUE tsv (characters and their labels, a space being `▁`), and CoNLL-U or Sejong
    /// analyses turned into syllable labels by `Hangul.MorphemeLabeling`.
    static func readKorean(path: String, format: InputFormat, labels: MorphemeLabels,
                           skipper: Skipper = Skipper(skip: nil)) throws -> LabeledCorpus {
        let lines = try LineReader(path: path)
        var sentences: [LabeledSentence] = []
        switch format {
        case .klue:
            let reader = KlueReader(lines: lines)
            while let sentence = try skipper.read(reader.next, skipRest: reader.skipRestOfSentence) {
                let syllables = sentence.syllableSentence
                guard !syllables.tokens.isEmpty else { continue }
                sentences.append(LabeledSentence(tokens: syllables.tokens, labels: syllables.labels(in: .bio),
                                                 line: sentence.lineNumbers.first ?? 0))
            }
            return LabeledCorpus(file: path, format: .klue, sentences: sentences, task: "entity",
                                 scheme: .bio, restoration: nil, analyses: nil)
        case .conllu, .sejong:
            var labeling = MorphemeLabeling(kind: labels == .pos ? .pos : .seg)
            var analyses: [AnalyzedSentence] = []
            let next: () throws -> (AnalyzedSentence, Int)?
            if format == .conllu {
                let reader = ConlluReader(lines: lines)
                next = {
                    while let sentence = try skipper.read(reader.next, skipRest: reader.skipRestOfSentence) {
                        do {
                            return (try ConlluAnalysis.sentence(sentence, file: path),
                                    sentence.lineNumbers.first ?? 0)
                        } catch let error as InputError {
                            try skipper.pass(error)
                        }
                    }
                    return nil
                }
            } else {
                let reader = SejongReader(lines: lines)
                next = {
                    guard let sentence = try skipper.read(reader.next, skipRest: reader.skipRestOfSentence)
                    else { return nil }
                    return (sentence, sentence.words.first?.line ?? 0)
                }
            }
            while let (analysis, line) = try next() {
                guard !analysis.words.isEmpty else { continue }
                let syllables = labeling.label(analysis)
                sentences.append(LabeledSentence(tokens: syllables.tokens, labels: syllables.labels(in: .bio),
                                                 line: line, glued: syllables.glued))
                analyses.append(analysis)
            }
            return LabeledCorpus(file: path, format: format, sentences: sentences, task: labels.rawValue,
                                 scheme: .bio, restoration: labeling.dictionary, analyses: analyses)
        case .conll:
            return try readConll(path: path, skipper: skipper)
        case .bio:
            return try readSyllableBIO(path: path, skipper: skipper)
        }
    }

    /// Syllable BIO written by `biotag convert --to bio`: tokens and labels as written (IOB1
    /// rewritten as BIO), `# glued` word boundaries kept. Its labels are taken as spans (task
    /// `entity`) until `attach(restoration:)` gives it the dictionary written with it.
    static func readSyllableBIO(path: String, skipper: Skipper = Skipper(skip: nil)) throws -> LabeledCorpus {
        let reader = SyllableBIOReader(lines: try LineReader(path: path))
        var sentences: [LabeledSentence] = []
        while let raw = try skipper.read(reader.nextRaw, skipRest: reader.skipRestOfSentence) {
            guard !raw.tokens.isEmpty else { continue }
            sentences.append(LabeledSentence(tokens: raw.tokens, labels: raw.labels,
                                             line: raw.lineNumbers.first ?? 0, glued: raw.glued))
        }
        let scheme = detectScheme(sentences.map(\.labels))
        if scheme == .iob1 {
            for i in sentences.indices {
                sentences[i].labels = TagScheme.iob1.convert(sentences[i].labels, to: .bio)
            }
        }
        return LabeledCorpus(file: path, format: .bio, sentences: sentences, task: "entity",
                             scheme: scheme == .iob1 ? .bio : scheme, restoration: nil, analyses: nil)
    }
}

extension LabeledCorpus {
    /// Passes over the sentences a reader cannot read when asked to (`read`'s `skip`), counting them.
    final class Skipper {
        let skip: ((InputError) -> Void)?
        private(set) var count = 0

        init(skip: ((InputError) -> Void)?) {
            self.skip = skip
        }

        /// `error` passed over (reported and counted) when skipping, else thrown.
        func pass(_ error: InputError) throws {
            guard error.kind == .data, let skip else { throw error }
            skip(error)
            count += 1
        }

        /// The next sentence of `next`; a data error is passed over (see `pass`) and the rest of
        /// its sentence dropped with `skipRest`.
        func read<T>(_ next: () throws -> T?, skipRest: () throws -> Void) throws -> T? {
            while true {
                do {
                    return try next()
                } catch let error as InputError {
                    try pass(error)
                    try skipRest()
                }
            }
        }
    }
}
