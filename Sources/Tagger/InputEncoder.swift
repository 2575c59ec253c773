import Network
import Hangul

/// Turns token sequences into the network's integer inputs: token ids, per-token features and
/// (word unit) character ids, and labels into label ids.
struct InputEncoder: Sendable {
    var unit: TokenUnit
    var vocabulary: Vocabulary
    var characters: Vocabulary?
    var labels: [String]
    var labelIndex: [String: Int32]
    /// Bigram and window-feature inputs (none by default).
    var context = ContextFeatures(bigrams: nil, buckets: 0)
    /// Longest word spelled out for the character encoder; longer words keep their first and
    /// last halves (a URL of 10,000 characters must not cost 10,000 LSTM steps).
    static let maximumWordCharacters = 40

    /// An encoder with the bigram and window-feature inputs `header` describes.
    init(header: ModelHeader) {
        self.init(unit: header.unit, vocabulary: header.vocabulary, characters: header.characters,
                  labels: header.labels)
        let buckets = header.network.usesWindowFeatures ? header.network.windowBuckets ?? 0 : 0
        context = ContextFeatures(bigrams: header.network.usesBigrams ? header.bigrams : nil,
                                  buckets: buckets,
                                  templates: header.network.windowTemplates ?? ContextFeatures.basicTemplates)
    }

    init(unit: TokenUnit, vocabulary: Vocabulary, characters: Vocabulary?, labels: [String]) {
        self.unit = unit
        self.vocabulary = vocabulary
        symbolStandIn = unit == .char ? InputEncoder.symbolStandIn(in: vocabulary) : nil
        self.characters = characters
        self.labels = labels
        var index: [String: Int32] = [:]
        for (i, label) in labels.enumerated() { index[label] = Int32(i) }
        labelIndex = index
    }

    /// The id unknown symbol tokens (char unit) are read as: the most frequent one-scalar
    /// entry of category So (other symbol, where emoji are) other than `▁` that stands alone
    /// like a pictograph (`▲`, `★`, `☎`), else the most frequent unit or enclosed sign (`㎡`,
    /// `㈜`, U+3200-U+33FF: written after numbers and names, read as part of a word); nil when
    /// there is none.
    var symbolStandIn: Int32? = nil

    static func symbolStandIn(in vocabulary: Vocabulary) -> Int32? {
        var sign: Int32?
        for (index, token) in vocabulary.tokens.enumerated() where index > Int(Vocabulary.unknown) {
            let scalars = token.unicodeScalars
            guard let first = scalars.first, scalars.count == 1, token != TokenUnit.space,
                  first.properties.generalCategory == .otherSymbol else { continue }
            if (0x3200...0x33FF).contains(first.value) {
                sign = sign ?? Int32(index)
            } else {
                return Int32(index)
            }
        }
        return sign
    }

    /// The id of one token. A char token the vocabulary lacks is read, before falling back to
    /// UNK, as its first scalar when it is a cluster (`1️⃣` as `1`, `👍🏽` as `👍`) and, when that
    /// is an unknown symbol (an emoji, a flag), as `symbolStandIn`, so an emoji is tagged like
    /// the symbols the model knows rather than by whatever UNK suggests.
    func id(_ token: String) -> Int32 {
        let id = vocabulary.id(token)
        guard id == Vocabulary.unknown, unit == .char else { return id }
        let scalars = token.unicodeScalars
        guard let first = scalars.first else { return id }
        if scalars.count > 1 {
            // An escape token `<U+001B>` is not a cluster starting with `<`.
            if SyllableTokenizer.text(of: token) != token { return id }
            let firstID = vocabulary.id(String(first))
            if firstID != Vocabulary.unknown { return firstID }
        }
        if let symbolStandIn, first.properties.generalCategory == .otherSymbol { return symbolStandIn }
        return id
    }

    /// One sentence's network inputs, computed once and reused every epoch.
    struct Encoded: Sendable {
        var tokens: [Int32]
        var features: [Int32]
        var characters: [[Int32]]?
        /// `[count + 1]` bigram ids (bigram input only).
        var bigrams: [Int32]?
        /// `[count, windowTemplates]` window-feature ids (window features only).
        var window: [Int32]?
        /// `[count]` guide ids (guide input only; filled in by the trainer).
        var guide: [Int32]?
    }

    /// The inputs of one token sequence.
    func encode(_ tokens: [String]) -> Encoded {
        var characterIDs: [[Int32]]? = nil
        if let characters {
            characterIDs = tokens.map { word in
                var spelled = word.map { characters.id(String($0)) }
                if spelled.count > InputEncoder.maximumWordCharacters {
                    let half = InputEncoder.maximumWordCharacters / 2
                    spelled = Array(spelled.prefix(half) + spelled.suffix(half))
                }
                return spelled.isEmpty ? [Vocabulary.unknown] : spelled
            }
        }
        let features = unit.features(of: tokens)
        var window: [Int32]?
        if context.buckets > 0 { window = context.windowIDs(tokens, classes: unit.classes(of: tokens)) }
        return Encoded(tokens: tokens.map { id($0) }, features: features,
                       characters: characterIDs, bigrams: context.bigramIDs(tokens), window: window)
    }

    /// A batch of token sequences (for prediction).
    func batch(_ sentences: [[String]]) -> NetworkBatch {
        var unused = SplitMix64(seed: 0)
        return batch(sentences.map(encode), random: &unused)
    }

    /// A batch of encoded sentences with gold `labels` ids when given. With `unknownDropout`
    /// > 0, tokens in `singletons` become UNK with that probability, drawn from `random`.
    func batch(_ sentences: [Encoded], labels: [[Int32]]? = nil, unknownDropout: Float = 0,
               singletons: Set<Int32> = [], random: inout SplitMix64) -> NetworkBatch {
        var tokenIDs: [[Int32]] = []
        tokenIDs.reserveCapacity(sentences.count)
        for sentence in sentences {
            var ids = sentence.tokens
            if unknownDropout > 0 {
                for i in ids.indices where singletons.contains(ids[i]) && random.nextUnitFloat() < unknownDropout {
                    ids[i] = Vocabulary.unknown
                }
            }
            tokenIDs.append(ids)
        }
        let characterIDs: [[[Int32]]]? = characters == nil ? nil : sentences.map { $0.characters ?? [] }
        return NetworkBatch(tokens: tokenIDs, features: sentences.map(\.features), characters: characterIDs,
                            labels: labels,
                            bigrams: context.bigrams == nil ? nil : sentences.map { $0.bigrams ?? [] },
                            window: context.buckets > 0 ? sentences.map { $0.window ?? [] } : nil,
                            guide: sentences.contains { $0.guide != nil } ? sentences.map { $0.guide ?? [] } : nil)
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
