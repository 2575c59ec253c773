/// Hyperparameters of one training run. `TrainingOptions.defaults(for:)` gives the values
/// `biotag train` uses when an option is not given; every field is stored in the model file.
public struct TrainingOptions: Codable, Equatable, Sendable {
    /// Optimiser choice.
    public enum Optimizer: String, Codable, Sendable, CaseIterable { case adam, sgd }

    /// Token embedding size.
    public var embedding: Int
    /// LSTM state size per direction (the layer output is twice this).
    public var hidden: Int
    /// Stacked BiLSTM layers (at least 1).
    public var layers: Int
    /// Dropout on embeddings and between layers, in 0..<1.
    public var dropout: Float
    /// Dropout on the embeddings alone, in 0..<1; nil (the default) uses `dropout`. 0 leaves
    /// them intact (the PyTorch reference tagger's placement) and makes training faster (see
    /// `NetworkConfig.inputDropout`).
    public var inputDropout: Float?
    /// Linear-chain CRF output instead of per-token softmax.
    public var crf: Bool
    /// Maximum number of passes over the training data.
    public var epochs: Int
    /// Sentences per mini-batch.
    public var batchSize: Int
    /// Optimiser.
    public var optimizer: Optimizer
    /// Initial learning rate.
    public var learningRate: Float
    /// Learning rate at epoch e (from 0) is `learningRate / (1 + learningRateDecay * e)`.
    public var learningRateDecay: Float
    /// Global-norm gradient clipping threshold (0 = off).
    public var clip: Float
    /// Stop after this many epochs without a better dev F1 (0 = never stop early).
    public var patience: Int
    /// Seed for initialisation, shuffling, dropout and word dropout.
    public var seed: UInt64
    /// Worker threads for the network (1 or 2).
    public var threads: Int
    /// Tokens seen fewer times than this in training map to UNK.
    public var minCount: Int
    /// Probability that a training token seen once is replaced by UNK in a batch.
    public var unknownDropout: Float
    /// Size of the per-token feature embedding (word boundaries or word shape; 0 = off).
    public var featureEmbedding: Int
    /// Character embedding and per-direction character BiLSTM size for the word unit.
    public var characterEmbedding: Int
    /// Per-direction state of the character encoder (word unit; 0 = off).
    public var characterHidden: Int
    /// Keep pretrained word vectors fixed during training (`--freeze-vectors`).
    public var freezeVectors: Bool

    /// Defaults that give a good model for `unit` without further options: for characters
    /// (Korean syllables) a 2-layer BiLSTM of 192 per direction over 64-wide embeddings and a
    /// word-boundary feature; for words a 1-layer BiLSTM of 128 over 100-wide word embeddings,
    /// a 25+25 character BiLSTM and a word-shape feature (Lample et al. 2016). Adam 2e-3 (char)
    /// or 1e-3 (word), batch 32 (char) or 16 (word), clipping at 5, up to 30 epochs with
    /// patience 5.
    public static func defaults(for unit: TokenUnit) -> TrainingOptions {
        switch unit {
        case .char:
            return TrainingOptions(embedding: 64, hidden: 192, layers: 2, dropout: 0.3, crf: false,
                                   epochs: 30, batchSize: 32, optimizer: .adam, learningRate: 2e-3,
                                   learningRateDecay: 0.05, clip: 5, patience: 5, seed: 1, threads: 2,
                                   minCount: 1, unknownDropout: 0.25, featureEmbedding: 8,
                                   characterEmbedding: 0, characterHidden: 0, freezeVectors: false)
        case .word:
            return TrainingOptions(embedding: 100, hidden: 128, layers: 1, dropout: 0.5, crf: false,
                                   epochs: 30, batchSize: 16, optimizer: .adam, learningRate: 1e-3,
                                   learningRateDecay: 0.05, clip: 5, patience: 5, seed: 1, threads: 2,
                                   minCount: 1, unknownDropout: 0.25, featureEmbedding: 8,
                                   characterEmbedding: 25, characterHidden: 25, freezeVectors: false)
        }
    }

    /// The SGD default learning rate (used when `--optimizer sgd` is given without `--lr`).
    public static let sgdLearningRate: Float = 0.05

    /// The learning rate in effect during `epoch` (0-based).
    public func learningRate(epoch: Int) -> Float {
        learningRate / (1 + learningRateDecay * Float(epoch))
    }
}
