import Corpus

/// What a `Conversion` converted and learnt: sentences, the labelling's counts and dictionary
/// (analyses to labels), the labels written (bio output), and what restoring fused syllables
/// had to guess (labels to analyses). `lines` is the text `biotag convert --stats` prints.
public struct ConversionReport: Sendable {
    /// The conversion reported on.
    public let conversion: Conversion
    /// Sentences read.
    public var sentences = 0
    /// Sentences passed over because they could not be read (`Conversion.run`'s `skip`).
    public var skipped = 0
    /// The labelling of analyses, with its statistics and the dictionary it learnt; nil when
    /// nothing was labelled (see `Conversion.labelsAnalyses`).
    public var labeling: MorphemeLabeling?
    /// How often each label was written (`bio` output with `Conversion.countsLabels`), else nil.
    public var labelCounts: [String: Int]?
    /// What decoding labels into analyses had to guess; nil when nothing was decoded (see
    /// `Conversion.restoresMorphemes`).
    public var restoration: RestorationReport?

    /// An empty report on `conversion`.
    public init(conversion: Conversion) {
        self.conversion = conversion
    }

    /// The restoration dictionary learnt from the analyses, nil when nothing was labelled.
    public var learntDictionary: RestorationDictionary? { labeling?.dictionary }

    /// The report as text lines: sentences; for analyses the words, fused words and syllables,
    /// chunk types, dictionary size and the words that cannot be restored (50 at most); for
    /// `bio` output the labels written (when counted); for decoded labels the syllables
    /// restored and the 20 most frequent pairs the dictionary had not seen.
    public var lines: [String] {
        var lines = ["sentences: \(sentences)"]
        if conversion.from.hasAnalyses {
            if let labeling {
                let s = labeling.statistics
                let share = s.words == 0 ? 0 : 100 * Double(s.fusedWords) / Double(s.words)
                lines.append("words: \(s.words), fused words: \(s.fusedWords) "
                             + "(\(Self.hundredths(share))%), fused syllables: \(s.fusedSyllables), "
                             + "tokens: \(s.tokens)")
                let plain = s.typeCounts.keys.filter { !LabelKind.isComposite($0) }.count
                let composite = s.typeCounts.count - plain
                lines.append("chunk types: \(s.typeCounts.count) (plain \(plain), composite \(composite))")
                lines.append("dictionary: \(labeling.dictionary.count) pairs, " +
                             "\(labeling.dictionary.restorationCount) restorations")
                let ambiguous = labeling.ambiguousWords()
                lines.append("unrestorable words: \(s.unrestorable.count + ambiguous.count) (not alignable "
                             + "\(s.unrestorable.count), ambiguous restoration \(ambiguous.count))")
                for item in (s.unrestorable + ambiguous).prefix(50) {
                    lines.append("  \(item.word.form)\t\(AnalysisNotation.sejong(item.word.morphemes))\t" +
                                 "line \(item.word.line.map(String.init) ?? "?"): \(item.reason)")
                }
            } else {
                lines.append("(labels and dictionary are counted when converting to bio, inline or json)")
            }
        }
        if let labelCounts {
            let plain = labelCounts.keys.filter { !LabelKind.isComposite(TagLabel($0).typeName) }.count
            lines.append("labels (\(conversion.scheme.rawValue)): \(labelCounts.count) (plain \(plain), " +
                         "composite \(labelCounts.count - plain))")
        }
        if let r = restoration {
            lines.append("decoded syllables: \(r.syllables), fused restored: \(r.restored), " +
                         "unseen: \(r.unseen) (by learned rules \(r.unseenByRule), kept whole " +
                         "\(r.unseen - r.unseenByRule)), outside chunks: \(r.outside)")
            let top = r.unseenPairs.sorted { $0.value != $1.value ? $0.value > $1.value
                : ($0.key.syllable, $0.key.type) < ($1.key.syllable, $1.key.type) }
            for (key, n) in top.prefix(20) { lines.append("  unseen \(key.syllable)\t\(key.type)\t\(n)") }
        }
        return lines
    }

    /// `value` rounded to two decimals, written the shortest way (`29.63`, `0.0`).
    private static func hundredths(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
