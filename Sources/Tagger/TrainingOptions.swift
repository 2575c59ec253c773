import Network

/// How a training run goes: epochs, batches, optimiser, learning rate, clipping, early stopping,
/// seed, threads, vocabulary cut-off, word dropout. The network's shape is not here: it is the
/// run's `NetworkConfig` (see `NetworkConfig.defaults(for:)`). `TrainingOptions.defaults(for:)`
/// gives the values `biotag train` uses when an option is not given; every field is stored in
/// the model file.
public struct TrainingOptions: Codable, Equatable, Sendable {
    /// Optimiser choice.
    public enum Optimizer: String, Codable, Sendable, CaseIterable { case adam, sgd }

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
    /// Keep pretrained word vectors fixed during training (`--freeze-vectors`).
    public var freezeVectors: Bool
    /// Bigrams seen fewer times than this in training map to the bigram UNK (`--bigram-min-count`;
    /// nil = 2).
    public var bigramMinCount: Int?
    /// Score and save an exponential moving average of the weights over about this many epochs
    /// instead of the last weights; nil or 0 = off (`--average-epochs`).
    public var averageEpochs: Float?
    /// The tag scheme the network learns entity labels in (`--scheme`): `iobes` learns BIO data
    /// as IOBES (`S-X` for a one-token chunk, `E-X` ending a longer one), and the model still
    /// writes BIO (`ModelHeader.outputScheme`); nil or the data's own scheme = as written.
    public var labelScheme: String?

    /// Defaults that train a good model for `unit` (with `NetworkConfig.defaults(for:)`): Adam
    /// 2e-3 (char) or 1e-3 (word), batch 32 (char) or 16 (word), clipping at 5, up to 30 epochs
    /// with patience 5, word dropout 0.25 on tokens seen once.
    public static func defaults(for unit: TokenUnit) -> TrainingOptions {
        switch unit {
        case .char:
            return TrainingOptions(epochs: 30, batchSize: 32, optimizer: .adam, learningRate: 2e-3,
                                   learningRateDecay: 0.05, clip: 5, patience: 5, seed: 1, threads: 2,
                                   minCount: 1, unknownDropout: 0.25, freezeVectors: false)
        case .word:
            return TrainingOptions(epochs: 30, batchSize: 16, optimizer: .adam, learningRate: 1e-3,
                                   learningRateDecay: 0.05, clip: 5, patience: 5, seed: 1, threads: 2,
                                   minCount: 1, unknownDropout: 0.25, freezeVectors: false)
        }
    }

    /// The SGD default learning rate (used when `--optimizer sgd` is given without `--lr`).
    public static let sgdLearningRate: Float = 0.05

    /// The learning rate in effect during `epoch` (0-based).
    public func learningRate(epoch: Int) -> Float {
        learningRate / (1 + learningRateDecay * Float(epoch))
    }
}

extension NetworkConfig {
    /// The shape that gives a good model for `unit` without further options: for characters
    /// (Korean syllables) a 2-layer BiLSTM of 192 per direction over 64-wide embeddings, dropout
    /// 0.3 and a word-boundary feature; for words a 1-layer BiLSTM of 128 over 100-wide word
    /// embeddings, dropout 0.5, a 25+25 character BiLSTM and a word-shape feature (Lample et al.
    /// 2016). Softmax output. The sizes that come from the training data (`vocabularySize`,
    /// `labelCount`, `characterVocabularySize`) are 0 here: `Trainer` sets them.
    public static func defaults(for unit: TokenUnit) -> NetworkConfig {
        switch unit {
        case .char:
            return NetworkConfig(vocabularySize: 0, labelCount: 0, embedding: 64, hidden: 192, layers: 2,
                                 dropout: 0.3, crf: false, featureCount: unit.featureCount,
                                 featureEmbedding: 8)
        case .word:
            return NetworkConfig(vocabularySize: 0, labelCount: 0, embedding: 100, hidden: 128, layers: 1,
                                 dropout: 0.5, crf: false, featureCount: unit.featureCount,
                                 featureEmbedding: 8, characterEmbedding: 25, characterHidden: 25)
        }
    }
}
