import Network

/// Turns token sequences into the network's integer inputs: token ids, per-token features and
/// (word unit) character ids, and labels into label ids.
struct InputEncoder: Sendable {
    var unit: TokenUnit
    var vocabulary: Vocabulary
    var characters: Vocabulary?
    var labels: [String]
    var labelIndex: [String: Int32]
    /// Longest word spelled out for the character encoder; longer words keep their first and
    /// last halves (a URL of 10,000 characters must not cost 10,000 LSTM steps).
    static let maximumWordCharacters = 40

    init(unit: TokenUnit, vocabulary: Vocabulary, characters: Vocabulary?, labels: [String]) {
        self.unit = unit
        self.vocabulary = vocabulary
        self.characters = characters
        self.labels = labels
        var index: [String: Int32] = [:]
        for (i, label) in labels.enumerated() { index[label] = Int32(i) }
        labelIndex = index
    }

    /// A batch of `sentences` (token lists) with gold `labels` ids when given. With
    /// `unknownDropout` > 0, tokens in `singletons` become UNK with that probability, drawn
    /// from `random`.
    func batch(_ sentences: [[String]], labels: [[Int32]]? = nil, unknownDropout: Float = 0,
               singletons: Set<Int32> = [], random: inout SplitMix64) -> NetworkBatch {
        var tokenIDs: [[Int32]] = []
        var features: [[Int32]] = []
        var characterIDs: [[[Int32]]]? = characters == nil ? nil : []
        for tokens in sentences {
            var ids = tokens.map { vocabulary.id($0) }
            if unknownDropout > 0 {
                for i in ids.indices where singletons.contains(ids[i]) && random.nextUnitFloat() < unknownDropout {
                    ids[i] = Vocabulary.unknown
                }
            }
            tokenIDs.append(ids)
            features.append(unit.features(of: tokens))
            if let characters {
                characterIDs?.append(tokens.map { word in
                    var spelled = word.map { characters.id(String($0)) }
                    if spelled.count > InputEncoder.maximumWordCharacters {
                        let half = InputEncoder.maximumWordCharacters / 2
                        spelled = Array(spelled.prefix(half) + spelled.suffix(half))
                    }
                    return spelled.isEmpty ? [Vocabulary.unknown] : spelled
                })
            }
        }
        return NetworkBatch(tokens: tokenIDs, features: features, characters: characterIDs, labels: labels)
    }

    /// Label ids of `labels`; nil for a label the model does not know.
    func labelIDs(_ labels: [String]) -> [Int32]? {
        var ids: [Int32] = []
        ids.reserveCapacity(labels.count)
        for label in labels {
            guard let id = labelIndex[label] else { return nil }
            ids.append(id)
        }
        return ids
    }
}
