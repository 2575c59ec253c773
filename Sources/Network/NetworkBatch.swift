/// One mini-batch of sentences, in any order of lengths.
public struct NetworkBatch: Sendable {
    /// `[batch][time]` vocabulary ids (0 = padding, never used in a sentence; 1 = UNK).
    public var tokens: [[Int32]]
    /// `[batch][time]` feature ids (needed when the network uses features; missing ids count as 0).
    public var features: [[Int32]]?
    /// `[batch][time][characters]` character ids of each token (word unit).
    public var characters: [[[Int32]]]?
    /// `[batch][time]` gold label ids in `0..<labelCount` (training only).
    public var labels: [[Int32]]?
    /// `[batch][time + 1]` token-bigram ids (needed when the network uses bigrams): entry `t`
    /// is the pair ending at token `t`, so token `t` reads entries `t` and `t + 1`.
    public var bigrams: [[Int32]]?
    /// `[batch][time * windowTemplates]` window-feature bucket ids (needed when the network uses
    /// window features; missing ones are absent).
    public var window: [[Int32]]?
    /// `[batch][time]` guide ids (needed when the network uses a guide; 0 = none, missing ids
    /// count as 0).
    public var guide: [[Int32]]?

    /// A batch; `labels` only for training, `features`/`characters` when the network uses them.
    public init(tokens: [[Int32]], features: [[Int32]]? = nil, characters: [[[Int32]]]? = nil,
                labels: [[Int32]]? = nil, bigrams: [[Int32]]? = nil, window: [[Int32]]? = nil,
                guide: [[Int32]]? = nil) {
        self.tokens = tokens
        self.features = features
        self.characters = characters
        self.labels = labels
        self.bigrams = bigrams
        self.window = window
        self.guide = guide
    }
}
