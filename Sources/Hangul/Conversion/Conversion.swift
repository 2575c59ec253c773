import Corpus

/// Korean morpheme analyses and entity markup to one label per syllable and back: what
/// `biotag convert` does, for a library user.
///
/// ```swift
/// let conversion = Conversion(from: .conllu, to: .bio, scheme: .iobes)
/// let output = OutputWriter()
/// let report = try conversion.run(LineReader(path: "train.conllu"), write: output.write)
/// try report.learntDictionary?.save(path: "train.dict")
/// ```
///
/// Analyses (`conllu`, `sejong`) become syllable labels through `MorphemeLabeling`, which also
/// learns the restoration dictionary; syllable labels (`bio`) become analyses through
/// `MorphemeDecoder` and `dictionary`; entity inputs (`klue`, `inline`) keep their labels and
/// can be written as `bio`, `inline` or `json`. Analyses can also be rewritten in the other
/// notation (`conllu` <-> `sejong`) without labelling.
public struct Conversion: Sendable {
    /// What can be read.
    public enum Input: String, Sendable, CaseIterable {
        /// CoNLL-U with morpheme analyses in LEMMA and XPOS (`+`-joined), as UD Korean.
        case conllu
        /// Sejong-style analyses: `word<TAB>form/TAG + form/TAG`, a blank line between sentences.
        case sejong
        /// KLUE NER tsv: one character and its BIO label per line.
        case klue
        /// Inline entity markup, one sentence per line: `<경찰:OG>은 또`.
        case inline
        /// Syllable BIO: `syllable<TAB>label` lines, a blank line between sentences.
        case bio

        /// True for entity markup (klue, inline): labels without morpheme analyses.
        public var hasEntityLabels: Bool { self == .klue || self == .inline }
        /// True for morpheme analyses (conllu, sejong).
        public var hasAnalyses: Bool { self == .conllu || self == .sejong }
    }

    /// What can be written.
    public enum Output: String, Sendable, CaseIterable {
        /// Syllable BIO in `scheme` (`SyllableBIO`).
        case bio
        /// Sejong-style analyses (`SejongReader.format`).
        case sejong
        /// CoNLL-U with LEMMA and XPOS (`ConlluAnalysis`).
        case conllu
        /// Inline entity markup, one sentence per line (`InlineMarkup`).
        case inline
        /// One JSON object per sentence with its spans and, from analyses, its words (`SpanJSON`).
        case json

        /// True for morpheme analyses (sejong, conllu), which entity inputs cannot give.
        public var writesAnalyses: Bool { self == .sejong || self == .conllu }
    }

    /// The input format.
    public let from: Input
    /// The output format.
    public let to: Output
    /// The tag scheme of `bio` output.
    public var scheme: TagScheme
    /// The labels of analyses: `pos` (`B-NNG`) or `seg` (`B`/`I` only).
    public var kind: LabelKind
    /// Where fused syllables are restored from when labels become analyses
    /// (`restoresMorphemes`); empty by default (every fused syllable restored by rule).
    public var dictionary: RestorationDictionary
    /// Whether fused syllables missing from `dictionary` are restored by the rules learned from
    /// its entries (`RestorationRules`); false restores from the entries alone.
    public var usesRules = true
    /// Whether the report counts the labels written as `bio` (`ConversionReport.labelCounts`).
    public var countsLabels: Bool

    /// A conversion from `from` to `to` (see `problem(from:to:)` for the pairs that cannot be).
    public init(from: Input, to: Output, scheme: TagScheme = .bio, kind: LabelKind = .pos,
                dictionary: RestorationDictionary = RestorationDictionary(), countsLabels: Bool = false) {
        self.from = from
        self.to = to
        self.scheme = scheme
        self.kind = kind
        self.dictionary = dictionary
        self.countsLabels = countsLabels
    }

    /// True when labels are decoded into analyses (`bio` to `sejong`, `conllu` or `json`), which
    /// reads `dictionary`.
    public var restoresMorphemes: Bool { from == .bio && (to.writesAnalyses || to == .json) }
    /// True when analyses are labelled (`conllu` or `sejong` to `bio`, `inline` or `json`), which
    /// learns a restoration dictionary (`ConversionReport.learntDictionary`).
    public var labelsAnalyses: Bool { from.hasAnalyses && !to.writesAnalyses }

    /// Why `from` cannot be written as `to`, or nil when it can: entity markup has no morpheme
    /// analyses to write as `sejong` or `conllu`.
    public static func problem(from: Input, to: Output) -> String? {
        guard from.hasEntityLabels && to.writesAnalyses else { return nil }
        return "\(from.rawValue) has entity labels, not morpheme analyses; \(to.rawValue) needs "
            + "conllu, sejong or bio input"
    }

    /// Why `label` on `token` cannot be read as `bio` input for this conversion, or nil when it
    /// can. Every label must be `O`, a bare `B`/`I` (untyped) or `B-`, `I-`, `E-`, `S-` and a
    /// type; a `_` or `key=value` label is taken for CoNLL-U read as BIO. Writing analyses
    /// (`sejong`, `conllu`) also needs labels made from analyses, which give every syllable but a
    /// space a chunk: a syllable labelled `O` marks entity labels.
    public func labelProblem(_ label: String, token: String) -> String? {
        let bytes = Array(label.utf8)
        let isLabel = label == "O" || label == "B" || label == "I"
            // B-, I-, E-, S- and a type
            || (bytes.count > 2 && bytes[1] == 0x2D && [0x42, 0x49, 0x45, 0x53].contains(bytes[0]))
        if !isLabel {
            let conllu = label == "_" || label.contains("=")
            return "'\(label)' is not a BIO label (O, B-TYPE, I-TYPE, E-/S-TYPE, or bare B/I)"
                + (conllu ? "; this looks like CoNLL-U: give --from conllu"
                          : "; --from bio reads TOKEN<TAB>LABEL lines")
        }
        if to.writesAnalyses && label == "O" && token != SyllableTokenizer.space && !token.hasPrefix("<U+") {
            return "'\(token)' is labelled O: these are entity labels, and --to \(to.rawValue) needs labels "
                + "converted from analyses (B-NNG, I-VV+EP on every syllable); use --to bio, inline or json"
        }
        return nil
    }

    /// Converts every sentence of `lines`, passing the output to `write` piece by piece (each
    /// sentence's text with its line ends). A pair `problem(from:to:)` refuses writes nothing.
    /// - Parameters:
    ///   - skip: when given, a sentence that cannot be read (an `InputError(.data)`) is passed
    ///     over: its error goes to `skip`, the rest of its lines are dropped, and the run goes on
    ///     (`ConversionReport.skipped` counts them). Nil: the first such error is thrown.
    /// - Returns: what was converted and learnt (see `ConversionReport`).
    /// - Throws: what reading `lines` throws (`InputError` naming file and line).
    public func run(_ lines: LineReader, write: (String) -> Void,
                    skip: ((InputError) -> Void)? = nil) throws -> ConversionReport {
        var report = ConversionReport(conversion: self)
        /// `next()` of a reader, with the sentences it cannot read passed over when `skip` is given.
        func read<T>(_ next: () throws -> T?, skipRest: () throws -> Void) throws -> T? {
            while true {
                do {
                    return try next()
                } catch let error as InputError where error.kind == .data && skip != nil {
                    skip?(error)
                    report.skipped += 1
                    try skipRest()
                }
            }
        }
        /// `body()`, or nil after passing its error to `skip` when given.
        func orSkip<T>(_ body: () throws -> T) throws -> T? {
            do {
                return try body()
            } catch let error as InputError where error.kind == .data && skip != nil {
                skip?(error)
                report.skipped += 1
                return nil
            }
        }
        var labeling = MorphemeLabeling(kind: kind)
        var decoder = MorphemeDecoder(dictionary: dictionary, kind: kind)
        decoder.usesRules = usesRules
        var labelCounts: [String: Int] = [:]

        func emit(analysis: AnalyzedSentence?, syllables: SyllableSentence?) {
            report.sentences += 1
            switch to {
            case .sejong:
                if let analysis { write(SejongReader.format(analysis)) }
            case .conllu:
                if let analysis { write(ConlluWriter.format(ConlluAnalysis.conllu(analysis))) }
            case .bio:
                if let syllables {
                    if countsLabels {
                        for label in syllables.labels(in: scheme) { labelCounts[label, default: 0] += 1 }
                    }
                    write(SyllableBIO.format(syllables, scheme: scheme))
                }
            case .inline:
                if let syllables {
                    write(InlineMarkup.format(syllables))
                    write("\n")
                }
            case .json:
                if let syllables {
                    write(SpanJSON.format(syllables, words: analysis?.words))
                    write("\n")
                }
            }
        }

        switch from {
        case .conllu:
            let reader = ConlluReader(lines: lines)
            while let sentence = try read(reader.next, skipRest: reader.skipRestOfSentence) {
                guard let analysis = try orSkip({ try ConlluAnalysis.sentence(sentence, file: reader.name) })
                else { continue }
                emit(analysis: analysis, syllables: labelsAnalyses ? labeling.label(analysis) : nil)
            }
        case .sejong:
            let reader = SejongReader(lines: lines)
            while let analysis = try read(reader.next, skipRest: reader.skipRestOfSentence) {
                emit(analysis: analysis, syllables: labelsAnalyses ? labeling.label(analysis) : nil)
            }
        case .klue:
            let reader = KlueReader(lines: lines)
            while let sentence = try read(reader.next, skipRest: reader.skipRestOfSentence) {
                emit(analysis: nil, syllables: sentence.syllableSentence)
            }
        case .inline:
            while let line = try lines.nextLine() {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                emit(analysis: nil, syllables: InlineMarkup.sentence(line))
            }
        case .bio:
            let reader = SyllableBIOReader(lines: lines)
            while let raw = try read(reader.nextRaw, skipRest: reader.skipRestOfSentence) {
                let checked: Void? = try orSkip {
                    for (offset, (token, label)) in zip(raw.tokens, raw.labels).enumerated() {
                        if let problem = labelProblem(label, token: token) {
                            throw InputError(.data, file: reader.name, line: raw.lineNumbers[offset], problem)
                        }
                    }
                }
                guard checked != nil else { continue }
                let sentence = SyllableSentence(id: raw.id, text: raw.text, tokens: raw.tokens,
                                                labels: raw.labels, glued: raw.glued)
                // JSON gets words only from labels of analyses: entity labels leave syllables O.
                let analyses = restoresMorphemes && (to != .json || !zip(raw.tokens, raw.labels).contains {
                    $0.1 == "O" && $0.0 != SyllableTokenizer.space && !$0.0.hasPrefix("<U+")
                })
                emit(analysis: analyses ? decoder.decode(sentence) : nil, syllables: sentence)
            }
        }
        if labelsAnalyses { report.labeling = labeling }
        if restoresMorphemes { report.restoration = decoder.report }
        if countsLabels && to == .bio { report.labelCounts = labelCounts }
        return report
    }
}
