import Corpus

/// How `ChunkEvaluator` reads labels and counts chunks.
public struct EvaluationOptions: Sendable {
    /// The seqeval strict-mode schemes.
    public enum StrictScheme: String, Sendable, CaseIterable {
        /// IOB2: a chunk is `B-X` followed by `I-X`s; an `I-X` without its `B-X` is no chunk.
        case bio
        /// IOBES: a chunk is `S-X`, or `B-X`, `I-X`..., `E-X`; one that does not end with `E-X`
        /// is no chunk.
        case iobes
    }

    /// conlleval `-r`: labels are raw types without prefixes, every non-outside token is a
    /// one-token chunk (`X` is read as `B-X`).
    public var raw: Bool
    /// conlleval `-o`: the outside label in raw mode (only used with `raw`, as in conlleval).
    public var outsideTag: String
    /// conlleval `-d`: the field separator (one space by default).
    public var delimiter: DelimiterPattern
    /// seqeval strict mode with this scheme; nil counts chunks exactly as conlleval does.
    public var strict: StrictScheme?
    /// Also count a token-level confusion matrix of labels as written.
    public var confusion: Bool

    /// conlleval's defaults: prefixed labels, outside tag `O`, one-space delimiter, not strict.
    public init(raw: Bool = false, outsideTag: String = "O", delimiter: DelimiterPattern = .space,
                strict: StrictScheme? = nil, confusion: Bool = false) {
        self.raw = raw
        self.outsideTag = outsideTag
        self.delimiter = delimiter
        self.strict = strict
        self.confusion = confusion
    }
}
