import FoundationEssentials
import Glibc
import Hangul
import Network

/// Everything in a model file besides the weights: how to rebuild the network, how to turn
/// text into its inputs, what its labels mean, and where it came from. Stored as the file's
/// JSON header.
public struct ModelHeader: Codable, Sendable {
    /// What produced the file; a model from another program is refused.
    public var format: String = ModelHeader.formatName
    /// The network shape (vocabulary sizes, layers, CRF, ...).
    public var network: NetworkConfig
    /// How the model was trained (epochs, batches, optimiser, ...); its shape is `network`.
    /// (Files that also list shape sizes here load the same: those keys are not read.)
    public var options: TrainingOptions
    /// Token unit: how raw text is split at tagging time.
    public var unit: TokenUnit
    /// The tag scheme of `labels` (`bio`, `iob1`, `iobes`, `untyped`).
    public var scheme: String
    /// The scheme the model writes its labels in when it is not `scheme`: `bio` for a model
    /// that learnt BIO data as IOBES (`TrainingOptions.labelScheme`); nil = `scheme`.
    public var outputScheme: String? = nil
    /// The network's labels by id, in `scheme`.
    public var labels: [String]
    /// Token vocabulary.
    public var vocabulary: Vocabulary
    /// Character vocabulary for the word unit's character encoder (nil for the char unit).
    public var characters: Vocabulary?
    /// Token-bigram vocabulary of the bigram input (nil without one; entries are two tokens
    /// joined by a space, `<s>` and `</s>` standing for the sentence's ends).
    public var bigrams: Vocabulary?
    /// What the labels annotate: `pos` or `seg` for Korean morpheme analysis (then
    /// `restoration` is set), `entity` otherwise (CoNLL columns, KLUE).
    public var task: String
    /// Fused-syllable restorations learnt from the training data (morpheme models), used to
    /// turn predicted syllable labels back into morphemes.
    public var restoration: RestorationDictionary?
    /// File names (last path component) of the training and development data.
    public var trainingData: [String]
    /// Input format of the training data.
    public var inputFormat: InputFormat
    /// Development scores of the saved weights.
    public var dev: DevScores?
    /// When the file was written, ISO 8601 UTC.
    public var created: String
    /// The guide model whose labels this model reads as an input (`--morph-features`), stored
    /// in the same file (its tensors prefixed `guide.`, its header without a restoration
    /// dictionary); nil without one.
    public var guide: GuideHeader?

    /// The value of `format` this build writes and accepts.
    public static let formatName = "biotagger-model"

    /// A `JSONDecoder.userInfo` key: when set to `true`, decoding leaves `restoration` nil
    /// without reading it (most of a morpheme model's header: ~5 ms of `biotag tag`'s start-up
    /// in its text form, ~30 ms in the entry array of older files, saved for output formats that
    /// never restore morphemes).
    public static let skipsRestorationKey = CodingUserInfoKey(rawValue: "biotagger.skipsRestoration")!
}

extension ModelHeader {
    enum CodingKeys: String, CodingKey {
        case format, network, options, unit, scheme, outputScheme, labels, vocabulary, characters, bigrams
        case task, restoration, trainingData, inputFormat, dev, created, guide
    }

    /// Decodes every field; `restoration` only when the decoder's `userInfo` does not ask to
    /// skip it (`skipsRestorationKey`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        network = try c.decode(NetworkConfig.self, forKey: .network)
        options = try c.decode(TrainingOptions.self, forKey: .options)
        unit = try c.decode(TokenUnit.self, forKey: .unit)
        scheme = try c.decode(String.self, forKey: .scheme)
        outputScheme = try c.decodeIfPresent(String.self, forKey: .outputScheme)
        labels = try c.decode([String].self, forKey: .labels)
        vocabulary = try c.decode(Vocabulary.self, forKey: .vocabulary)
        characters = try c.decodeIfPresent(Vocabulary.self, forKey: .characters)
        bigrams = try c.decodeIfPresent(Vocabulary.self, forKey: .bigrams)
        task = try c.decode(String.self, forKey: .task)
        if decoder.userInfo[Self.skipsRestorationKey] as? Bool == true {
            restoration = nil
        } else {
            restoration = try c.decodeIfPresent(RestorationDictionary.self, forKey: .restoration)
        }
        trainingData = try c.decode([String].self, forKey: .trainingData)
        inputFormat = try c.decode(InputFormat.self, forKey: .inputFormat)
        dev = try c.decodeIfPresent(DevScores.self, forKey: .dev)
        created = try c.decode(String.self, forKey: .created)
        guide = try c.decodeIfPresent(GuideHeader.self, forKey: .guide)
    }

    /// The header as compact JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// The header of a guide model inside another model's file (a class, so that a header can hold
/// one).
public final class GuideHeader: Codable, Sendable {
    /// The guide's own header (no restoration dictionary, no guide of its own).
    public let header: ModelHeader

    public init(_ header: ModelHeader) {
        var header = header
        header.restoration = nil
        header.guide = nil
        self.header = header
    }

    public init(from decoder: Decoder) throws {
        header = try ModelHeader(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try header.encode(to: encoder)
    }
}

/// Scores of a model on its development data.
public struct DevScores: Codable, Sendable, Equatable {
    /// Epoch (1-based) whose weights were saved.
    public var epoch: Int
    /// Span precision, recall and F1 in percent (conlleval).
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Token accuracy in percent.
    public var accuracy: Double

    public init(epoch: Int, precision: Double, recall: Double, f1: Double, accuracy: Double) {
        self.epoch = epoch
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.accuracy = accuracy
    }
}
