/// The shape of a `TaggerNetwork`: input sizes, embedding and recurrent sizes and cell, layers,
/// dropout and output head. Everything needed to rebuild the network (stored in the model file's JSON
/// header); a training run chooses it (sizes that come from the data are filled in by the
/// trainer) next to its `TrainingOptions`.
public struct NetworkConfig: Codable, Equatable, Sendable {
    /// Word (or character-unit token) vocabulary size, including padding (0) and UNK (1).
    public var vocabularySize: Int
    /// Number of output labels.
    public var labelCount: Int
    /// Token embedding size.
    public var embedding: Int
    /// Recurrent hidden size per direction.
    public var hidden: Int
    /// Number of stacked bidirectional layers (≥ 1).
    public var layers: Int
    /// The recurrent unit of every layer and of the character encoder; nil (a model file written
    /// before the choice existed) means `.lstm`.
    public var cell: RecurrentCell?
    /// Dropout rate on the input vectors, between layers and before the output layer.
    public var dropout: Float
    /// Dropout rate on the input vectors alone; nil (the default) uses `dropout`. With 0 the
    /// input stays intact (dropout only between layers and before the output layer, as in the
    /// PyTorch reference tagger), and training projects each distinct symbol of a batch once
    /// instead of each token (see `TaggerNetwork.factorsTrainingInput`).
    public var inputDropout: Float?
    /// Linear-chain CRF output (true) or per-token softmax (false).
    public var crf: Bool
    /// Number of categorical per-token feature values (0 = no feature).
    public var featureCount: Int
    /// Feature embedding size (0 = no feature).
    public var featureEmbedding: Int
    /// Character vocabulary size for the word unit's character encoder (0 = off).
    public var characterVocabularySize: Int
    /// Character embedding size (0 = off).
    public var characterEmbedding: Int
    /// Character encoder hidden size per direction (0 = off).
    public var characterHidden: Int
    /// Token-bigram vocabulary size, reserved ids included (nil or 0 = no bigram input).
    public var bigramVocabularySize: Int?
    /// Bigram embedding size; each token reads its left and its right bigram from one shared
    /// table (nil or 0 = off).
    public var bigramEmbedding: Int?
    /// Hash buckets of the sparse window features added to the label scores (nil or 0 = off).
    public var windowBuckets: Int?
    /// Window features per token (the number of feature templates).
    public var windowTemplates: Int?
    /// Training drops each window feature with this probability (the kept ones scaled by
    /// `1 / (1 - p)`), so the network does not lean on rare features alone; nil = 0.
    public var windowDropout: Float?
    /// Number of guide ids, 0 (none) included: another model's labels per token read as an
    /// input (nil or 0 = off; e.g. a morpheme model's syllable labels for an entity model).
    public var guideCount: Int?
    /// Guide-label embedding size (nil or 0 = off).
    public var guideEmbedding: Int?
    /// Adversarial training (the fast gradient method of Miyato et al. 2017): each training
    /// step also takes the gradient at the token embeddings moved by this L2 norm along their
    /// loss gradient, and adds it. Nil or 0 = off; doubles the cost of a training step and
    /// changes nothing at tagging time.
    public var adversarial: Float?

    /// A configuration; the defaults are the reference sizes (emb 64, hidden 128, 1 layer).
    public init(vocabularySize: Int, labelCount: Int, embedding: Int = 64, hidden: Int = 128,
                layers: Int = 1, dropout: Float = 0.3, crf: Bool = false,
                featureCount: Int = 0, featureEmbedding: Int = 0,
                characterVocabularySize: Int = 0, characterEmbedding: Int = 0, characterHidden: Int = 0,
                inputDropout: Float? = nil, bigramVocabularySize: Int? = nil, bigramEmbedding: Int? = nil,
                windowBuckets: Int? = nil, windowTemplates: Int? = nil, windowDropout: Float? = nil,
                guideCount: Int? = nil, guideEmbedding: Int? = nil, cell: RecurrentCell? = nil,
                adversarial: Float? = nil) {
        self.vocabularySize = vocabularySize
        self.labelCount = labelCount
        self.embedding = embedding
        self.hidden = hidden
        self.layers = layers
        self.dropout = dropout
        self.inputDropout = inputDropout
        self.crf = crf
        self.featureCount = featureCount
        self.featureEmbedding = featureEmbedding
        self.characterVocabularySize = characterVocabularySize
        self.characterEmbedding = characterEmbedding
        self.characterHidden = characterHidden
        self.bigramVocabularySize = bigramVocabularySize
        self.bigramEmbedding = bigramEmbedding
        self.windowBuckets = windowBuckets
        self.windowTemplates = windowTemplates
        self.windowDropout = windowDropout
        self.guideCount = guideCount
        self.guideEmbedding = guideEmbedding
        self.cell = cell
        self.adversarial = adversarial
    }

    /// The recurrent unit: `cell`, or `.lstm` when it is nil.
    public var recurrentCell: RecurrentCell { cell ?? .lstm }

    /// The dropout rate on the input vectors: `inputDropout`, or `dropout` when it is nil.
    public var inputDropoutRate: Float { inputDropout ?? dropout }

    /// True when the categorical feature embedding is part of the network.
    public var usesFeatures: Bool { featureCount > 0 && featureEmbedding > 0 }
    /// True when the character encoder is part of the network.
    public var usesCharacters: Bool {
        characterVocabularySize > 0 && characterEmbedding > 0 && characterHidden > 0
    }

    /// True when the bigram embedding is part of the network.
    public var usesBigrams: Bool { (bigramVocabularySize ?? 0) > 0 && (bigramEmbedding ?? 0) > 0 }
    /// True when sparse window features add to the label scores.
    public var usesWindowFeatures: Bool { (windowBuckets ?? 0) > 0 && (windowTemplates ?? 0) > 0 }
    /// True when a guide model's labels are part of the input.
    public var usesGuide: Bool { (guideCount ?? 0) > 0 && (guideEmbedding ?? 0) > 0 }

    /// A one-line reason why this configuration cannot be built, or nil when it can.
    public var problem: String? {
        if vocabularySize < 1 { return "vocabularySize must be at least 1" }
        if labelCount < 1 { return "labelCount must be at least 1" }
        if embedding < 1 || hidden < 1 { return "embedding and hidden sizes must be at least 1" }
        if layers < 1 { return "layers must be at least 1" }
        if !(dropout >= 0 && dropout < 1) { return "dropout must be in 0..<1" }
        if let rate = inputDropout, !(rate >= 0 && rate < 1) { return "inputDropout must be in 0..<1" }
        if let rate = windowDropout, !(rate >= 0 && rate < 1) { return "windowDropout must be in 0..<1" }
        if let size = adversarial, !(size >= 0 && size <= 100) { return "adversarial must be in 0...100" }
        if featureCount < 0 || featureEmbedding < 0 || characterVocabularySize < 0
            || characterEmbedding < 0 || characterHidden < 0 || (bigramVocabularySize ?? 0) < 0
            || (bigramEmbedding ?? 0) < 0 || (windowBuckets ?? 0) < 0 || (windowTemplates ?? 0) < 0
            || (guideCount ?? 0) < 0 || (guideEmbedding ?? 0) < 0 {
            return "sizes must not be negative"
        }
        if (windowBuckets ?? 0) > 1 << 26 || (windowTemplates ?? 0) > 64 {
            return "windowBuckets must be at most 2^26 and windowTemplates at most 64"
        }
        return nil
    }
}
