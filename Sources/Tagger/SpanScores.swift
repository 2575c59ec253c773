import Corpus
import Evaluation

/// Span precision/recall/F1 and token accuracy, overall and per type, in percent, counted by
/// `Evaluation.ChunkEvaluator` (conlleval's definition: a predicted chunk counts when start,
/// end and type all match), so dev scores during training equal `biotag eval`'s.
struct SpanScores {
    var precision = 0.0
    var recall = 0.0
    var f1 = 0.0
    var accuracy = 0.0
    var perType: [(type: String, precision: Double, recall: Double, f1: Double, gold: Int)] = []

    /// Scores `predicted` against `gold`, sentence by sentence (pairs of unequal length are
    /// cut to the shorter).
    init(gold: [[String]], predicted: [[String]]) {
        let evaluator = ChunkEvaluator()
        for (g, p) in zip(gold, predicted) {
            let count = min(g.count, p.count)
            try? evaluator.add(sentence: Array(g.prefix(count)), predicted: Array(p.prefix(count)))
        }
        let result = evaluator.result()
        precision = 100 * result.overall.precision
        recall = 100 * result.overall.recall
        f1 = 100 * result.overall.f1
        accuracy = 100 * result.accuracy
        perType = result.types.map {
            ($0.name, 100 * $0.score.precision, 100 * $0.score.recall, 100 * $0.score.f1, $0.score.gold)
        }
    }
}
