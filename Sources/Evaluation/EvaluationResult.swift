/// Chunk counts for one type or overall, with the derived scores as fractions in 0...1
/// (a division by zero gives 0, as in conlleval).
public struct ChunkScore: Sendable, Equatable, Codable {
    /// Chunks in the gold labels.
    public var gold: Int
    /// Chunks in the predicted labels.
    public var predicted: Int
    /// Predicted chunks that match a gold chunk exactly (same tokens, same type).
    public var correct: Int

    /// Counts as given.
    public init(gold: Int = 0, predicted: Int = 0, correct: Int = 0) {
        self.gold = gold
        self.predicted = predicted
        self.correct = correct
    }

    /// correct / predicted, 0 when nothing was predicted.
    public var precision: Double { predicted > 0 ? Double(correct) / Double(predicted) : 0 }
    /// correct / gold, 0 when there is no gold chunk.
    public var recall: Double { gold > 0 ? Double(correct) / Double(gold) : 0 }
    /// Harmonic mean of precision and recall (computed as 2 correct / (gold + predicted), the
    /// same value without rounding noise), 0 when nothing is correct.
    public var f1: Double { correct > 0 ? Double(2 * correct) / Double(gold + predicted) : 0 }
}

/// The scores of one chunk type.
public struct TypeScore: Sendable, Equatable {
    /// The type name (`PER`, `NP-SBJ`, or empty for labels without a type). Bytes that are not
    /// UTF-8 are shown as U+FFFD; `nameBytes` keeps them exactly.
    public var name: String
    /// The type name's bytes as read.
    public var nameBytes: [UInt8]
    /// Its counts and scores.
    public var score: ChunkScore
}

/// A token-level confusion matrix: `counts[gold][predicted]` over `labels` (byte order).
public struct ConfusionMatrix: Sendable, Equatable {
    /// Every label seen in either column, sorted by bytes.
    public var labels: [String]
    /// `counts[i][j]`: tokens with gold label `labels[i]` predicted as `labels[j]`.
    public var counts: [[Int]]
}

/// Everything an evaluation measured.
public struct EvaluationResult: Sendable, Equatable {
    /// Tokens counted (boundary lines excluded).
    public var tokens: Int
    /// Tokens whose gold and predicted labels agree (prefix and type).
    public var correctTokens: Int
    /// Overall chunk counts.
    public var overall: ChunkScore
    /// Per chunk type, sorted by the bytes of the name (Perl's `sort`).
    public var types: [TypeScore]
    /// The confusion matrix when asked for.
    public var confusion: ConfusionMatrix?
    /// Type names conlleval prints twice (its de-duplication treats the empty name as false):
    /// the empty type when it occurs among both gold and predicted chunks.
    var duplicatedEmptyType: Bool

    /// correctTokens / tokens, 0 without tokens.
    public var accuracy: Double { tokens > 0 ? Double(correctTokens) / Double(tokens) : 0 }

    /// Unweighted means over `types` of precision, recall and F1 (0 without types).
    public var macro: (precision: Double, recall: Double, f1: Double) {
        guard !types.isEmpty else { return (0, 0, 0) }
        let n = Double(types.count)
        return (types.map(\.score.precision).reduce(0, +) / n,
                types.map(\.score.recall).reduce(0, +) / n,
                types.map(\.score.f1).reduce(0, +) / n)
    }
}
