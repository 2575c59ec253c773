import Corpus

/// Span precision/recall/F1 (conlleval's definition: a predicted chunk counts when start, end
/// and type all match) and token accuracy, overall and per type, in percent.
struct SpanScores {
    var precision = 0.0
    var recall = 0.0
    var f1 = 0.0
    var accuracy = 0.0
    var perType: [(type: String, precision: Double, recall: Double, f1: Double, gold: Int)] = []

    init(gold: [[String]], predicted: [[String]], scheme: TagScheme) {
        var correct: [String: Int] = [:]
        var goldCount: [String: Int] = [:]
        var guessCount: [String: Int] = [:]
        var tokens = 0
        var right = 0
        for (g, p) in zip(gold, predicted) {
            for (a, b) in zip(g, p) {
                tokens += 1
                if a == b { right += 1 }
            }
            let goldSpans = scheme.spans(of: g)
            let guessSpans = scheme.spans(of: p)
            for span in goldSpans { goldCount[span.type, default: 0] += 1 }
            for span in guessSpans { guessCount[span.type, default: 0] += 1 }
            for span in Set(goldSpans).intersection(guessSpans) { correct[span.type, default: 0] += 1 }
        }
        func prf(_ c: Int, _ g: Int, _ p: Int) -> (Double, Double, Double) {
            let precision = p == 0 ? 0 : 100 * Double(c) / Double(p)
            let recall = g == 0 ? 0 : 100 * Double(c) / Double(g)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return (precision, recall, f1)
        }
        (precision, recall, f1) = prf(correct.values.reduce(0, +), goldCount.values.reduce(0, +),
                                      guessCount.values.reduce(0, +))
        accuracy = tokens == 0 ? 0 : 100 * Double(right) / Double(tokens)
        for type in Set(goldCount.keys).union(guessCount.keys).sorted() {
            let (p, r, f) = prf(correct[type] ?? 0, goldCount[type] ?? 0, guessCount[type] ?? 0)
            perType.append((type, p, r, f, goldCount[type] ?? 0))
        }
    }
}
