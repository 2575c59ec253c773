/// What a training run reports while it works (see `Trainer.onEvent`).
public enum TrainingEvent: Sendable {
    /// A batch finished.
    case batch(BatchProgress)
    /// An epoch finished and the dev data was scored.
    case epoch(EpochReport)
    /// A one-line note (checkpoint written, early stop, resume).
    case note(String)
}

/// Progress within an epoch.
public struct BatchProgress: Sendable {
    /// 1-based epoch and its maximum.
    public var epoch: Int
    public var epochs: Int
    /// 1-based batch index within the epoch and the number of batches.
    public var batch: Int
    public var batches: Int
    /// Global optimiser step (1-based, counted across epochs and resumes).
    public var step: Int
    /// Mean loss per sentence over the epoch so far.
    public var loss: Double
    /// Training tokens per second over the epoch so far.
    public var tokensPerSecond: Double
    /// Estimated seconds to the end of the epoch.
    public var secondsLeft: Double
}

/// The end of an epoch: training loss, dev scores per label, and whether it is the best yet.
public struct EpochReport: Sendable {
    public var epoch: Int
    public var epochs: Int
    /// Mean training loss per sentence.
    public var loss: Double
    /// Learning rate used during the epoch.
    public var learningRate: Float
    /// Training tokens per second over the epoch, and its wall time in seconds.
    public var tokensPerSecond: Double
    public var seconds: Double
    /// Dev scores of this epoch's weights.
    public var dev: DevScores
    /// Per-label span scores on dev: (type, precision, recall, F1, gold count), percentages.
    public var perType: [(type: String, precision: Double, recall: Double, f1: Double, gold: Int)]
    /// Best dev scores so far (this epoch's when `improved`).
    public var best: DevScores
    /// True when this epoch's weights were saved as the new best model.
    public var improved: Bool
}
