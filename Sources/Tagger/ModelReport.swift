import Corpus
import Evaluation

/// A model scored on annotated files: what `biotag eval --model` prints. Span figures are
/// counted as conlleval counts them; for a morpheme model on analysed data (CoNLL-U, Sejong)
/// word-level morpheme scores follow (see `MorphemeScores`).
///
/// ```swift
/// let model = try ShippedModels.load("morph")
/// let report = try ModelReport(model: model, paths: ["dev.conllu"])
/// print(report.spans.overall.f1, report.morphemes?.f1 ?? 0)
/// ```
public struct ModelReport {
    /// The span figures over every file.
    public var spans: EvaluationResult
    /// The morpheme scores over the files that have analyses (morpheme models), else nil.
    public var morphemes: MorphemeScores?

    /// Tags the sentences of each file in `paths` with `model` and scores them together, as if
    /// the files were one. Each file's format is detected from its content; analyses are
    /// labelled the way the model's labels are (`pos` or `seg`).
    /// - Throws: `InputError` for a file that cannot be read or has no labels to score.
    public init(model: TaggerModel, paths: [String],
                options: EvaluationOptions = EvaluationOptions()) throws {
        let labels: MorphemeLabels = model.task == "seg" ? .seg : .pos
        let evaluator = ChunkEvaluator(options: options)
        var morphemes: MorphemeScores?
        for path in paths {
            let corpus = try LabeledCorpus.read(path: path, labels: labels)
            let evaluation = ModelEvaluation(model: model, corpus: corpus)
            for (sentence, predicted) in zip(corpus.sentences, evaluation.predicted) {
                try evaluator.add(sentence: sentence.labels, predicted: predicted)
            }
            if let scores = evaluation.morphemes {
                var total = morphemes ?? MorphemeScores()
                total.merge(scores)
                morphemes = total
            }
        }
        spans = evaluator.result()
        self.morphemes = morphemes
    }

    /// The report in `format`: the span report (`ReportFormat`), then the morpheme scores when
    /// there are any: their lines after the text formats (after a blank line in the table), a
    /// `morphemes` member first in the JSON object.
    public func bytes(_ format: ReportFormat) -> [UInt8] {
        guard let morphemes else { return format.bytes(spans) }
        let lines = morphemes.reportLines.joined(separator: "\n") + "\n"
        switch format {
        case .conlleval:
            return format.bytes(spans) + Array(lines.utf8)
        case .table:
            return format.bytes(spans) + Array(("\n" + lines).utf8)
        case .json:
            let value = JSONValue.object([("morphemes", morphemes.jsonValue)] + JSONReport.members(spans),
                                         multiline: true)
            return Array((value.text() + "\n").utf8)
        }
    }
}
