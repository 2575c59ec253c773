import Corpus
import Hangul

/// Word-level scores of a Korean morpheme analysis against gold analyses, after predicted
/// syllable labels are turned back into morphemes (fused syllables restored through the
/// model's dictionary): the figures UDPipe publishes for UD Korean GSD.
///
/// - XPOS accuracy: the word's predicted tags joined by `+` equal the gold XPOS.
/// - LEMMA accuracy: the word's predicted morpheme forms joined by `+` equal the gold LEMMA.
/// - Morpheme precision/recall/F1: per word, the multiset intersection of predicted and gold
///   (form, tag) pairs, summed over words.
/// Words are matched by position (whitespace and glued boundaries are the gold ones, so both
/// sides have the same words); a missing predicted word counts as wrong.
public struct MorphemeScores: Sendable, Equatable {
    /// Gold words.
    public var words = 0
    /// Words whose tag sequence is right.
    public var xposCorrect = 0
    /// Words whose morpheme forms are right.
    public var lemmaCorrect = 0
    /// Words fully right (forms and tags).
    public var wordsCorrect = 0
    /// Gold, predicted and matching (form, tag) pairs.
    public var goldMorphemes = 0
    public var predictedMorphemes = 0
    public var correctMorphemes = 0
    /// Fused syllables the dictionary had not seen (restored by its learned rules, or kept whole).
    public var unseenFused = 0

    public init() {}

    /// XPOS accuracy in percent.
    public var xposAccuracy: Double { percent(xposCorrect, words) }
    /// LEMMA accuracy in percent.
    public var lemmaAccuracy: Double { percent(lemmaCorrect, words) }
    /// Morpheme precision, recall and F1 in percent.
    public var precision: Double { percent(correctMorphemes, predictedMorphemes) }
    public var recall: Double { percent(correctMorphemes, goldMorphemes) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    /// Adds one sentence: its syllable `tokens`, `predicted` labels, `glued` word starts and
    /// the gold `analysis`, decoding with `decoder` (whose report counts unseen syllables).
    public mutating func add(tokens: [String], predicted: [String], glued: [Int], gold analysis: AnalyzedSentence,
                             decoder: inout MorphemeDecoder) {
        let before = decoder.report.unseen
        let guessed = decoder.words(tokens: tokens, labels: predicted, glued: glued)
        unseenFused += decoder.report.unseen - before
        for (index, goldWord) in analysis.words.enumerated() {
            words += 1
            goldMorphemes += goldWord.morphemes.count
            guard index < guessed.count else { continue }
            let predictedMorphemes = guessed[index].morphemes
            self.predictedMorphemes += predictedMorphemes.count
            let gold = AnalysisNotation.ud(goldWord.morphemes)
            let mine = AnalysisNotation.ud(predictedMorphemes)
            if gold.xpos == mine.xpos { xposCorrect += 1 }
            if gold.lemma == mine.lemma { lemmaCorrect += 1 }
            if goldWord.morphemes == predictedMorphemes { wordsCorrect += 1 }
            var remaining: [Morpheme: Int] = [:]
            for morpheme in goldWord.morphemes { remaining[morpheme, default: 0] += 1 }
            for morpheme in predictedMorphemes where (remaining[morpheme] ?? 0) > 0 {
                remaining[morpheme, default: 0] -= 1
                correctMorphemes += 1
            }
        }
        if guessed.count > analysis.words.count {
            for extra in guessed[analysis.words.count...] { predictedMorphemes += extra.morphemes.count }
        }
    }

    /// Adds the counts of `other` (scores over several files).
    public mutating func merge(_ other: MorphemeScores) {
        words += other.words
        xposCorrect += other.xposCorrect
        lemmaCorrect += other.lemmaCorrect
        wordsCorrect += other.wordsCorrect
        goldMorphemes += other.goldMorphemes
        predictedMorphemes += other.predictedMorphemes
        correctMorphemes += other.correctMorphemes
        unseenFused += other.unseenFused
    }

    /// Lines for a text report.
    public var reportLines: [String] {
        [
            "morphemes (word level, after restoring fused syllables): \(words) words",
            "  XPOS accuracy  " + format(xposAccuracy) + "%  (\(xposCorrect)/\(words))",
            "  LEMMA accuracy " + format(lemmaAccuracy) + "%  (\(lemmaCorrect)/\(words))",
            "  words exact    " + format(percent(wordsCorrect, words)) + "%",
            "  morphemes P " + format(precision) + "%  R " + format(recall) + "%  F1 " + format(f1)
                + "%  (gold \(goldMorphemes), predicted \(predictedMorphemes), correct \(correctMorphemes))",
            "  fused syllables restored by rule (unseen in training): \(unseenFused)",
        ]
    }

    /// The scores as a JSON object on one line (percentages with two decimals).
    public var json: String { jsonValue.text() }

    /// The scores as a JSON value: `words`, `xpos_accuracy`, `lemma_accuracy`, `word_accuracy`,
    /// `precision`, `recall`, `f1` (percentages with two decimals), `gold_morphemes`,
    /// `predicted_morphemes`, `correct_morphemes`, `unseen_fused`.
    public var jsonValue: JSONValue {
        .object([("words", .int(words)), ("xpos_accuracy", .number(format(xposAccuracy))),
                 ("lemma_accuracy", .number(format(lemmaAccuracy))),
                 ("word_accuracy", .number(format(percent(wordsCorrect, words)))),
                 ("precision", .number(format(precision))), ("recall", .number(format(recall))),
                 ("f1", .number(format(f1))), ("gold_morphemes", .int(goldMorphemes)),
                 ("predicted_morphemes", .int(predictedMorphemes)),
                 ("correct_morphemes", .int(correctMorphemes)), ("unseen_fused", .int(unseenFused))])
    }

    private func percent(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : 100 * Double(a) / Double(b) }

    private func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
