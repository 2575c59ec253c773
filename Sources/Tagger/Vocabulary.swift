/// A token vocabulary: strings to dense ids, with id 0 reserved for padding and id 1 for the
/// unknown token (UNK).
///
/// Rare-word handling: tokens seen fewer than `minCount` times in training are left out and map
/// to UNK, and during training singletons are replaced by UNK at random (word dropout, see
/// `TrainingOptions.unknownDropout`) so that the UNK embedding is learned. With
/// `lowercaseFallback` (word unit) a token missing as written is looked up lower-cased.
public struct Vocabulary: Codable, Equatable, Sendable {
    /// The padding id (never a real token).
    public static let padding: Int32 = 0
    /// The unknown-token id.
    public static let unknown: Int32 = 1

    /// Every entry by id: `tokens[0]` is `<pad>`, `tokens[1]` is `<unk>`.
    public private(set) var tokens: [String]
    /// Whether `id(_:)` retries a missing token lower-cased.
    public private(set) var lowercaseFallback: Bool
    private var index: [String: Int32]
    /// The ids of the one-scalar entries by scalar value: a character token is found without
    /// hashing a String (which normalises non-ASCII text). Misses fall back to `index`.
    private var scalarIndex: [UInt32: Int32] = [:]

    private enum CodingKeys: String, CodingKey { case tokens, lowercaseFallback }

    /// A vocabulary of `tokens` after the two reserved entries, in the given order; duplicates
    /// are kept once.
    public init(tokens: [String], lowercaseFallback: Bool = false) {
        self.tokens = ["<pad>", "<unk>"]
        self.lowercaseFallback = lowercaseFallback
        self.index = [:]
        for token in tokens { insert(token) }
    }

    /// A vocabulary of the tokens counted at least `minCount` times, most frequent first (ties
    /// in code-point order, so the result does not depend on dictionary order). With
    /// `lowercaseFallback` the lower-cased forms are counted too, so a capitalised word unseen
    /// as such still finds its lower-case entry.
    public init(counts: [String: Int], minCount: Int = 1, lowercaseFallback: Bool = false) {
        var merged = counts
        if lowercaseFallback {
            for (token, count) in counts {
                let lower = token.lowercased()
                if lower != token { merged[lower, default: 0] += count }
            }
        }
        let kept = merged.filter { $0.value >= max(1, minCount) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
        self.init(tokens: kept.map(\.key), lowercaseFallback: lowercaseFallback)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stored = try container.decode([String].self, forKey: .tokens)
        let fallback = try container.decodeIfPresent(Bool.self, forKey: .lowercaseFallback) ?? false
        self.init(tokens: Array(stored.dropFirst(2)), lowercaseFallback: fallback)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(lowercaseFallback, forKey: .lowercaseFallback)
    }

    /// Number of ids, reserved ones included.
    public var count: Int { tokens.count }

    /// The id of `token`, its lower-cased form's id (with `lowercaseFallback`), or `unknown`.
    public func id(_ token: String) -> Int32 {
        let scalars = token.unicodeScalars
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex,
           let id = scalarIndex[first.value] {
            return id
        }
        if let id = index[token] { return id }
        if lowercaseFallback, let id = index[token.lowercased()] { return id }
        return Vocabulary.unknown
    }

    /// True when `token` has an entry of its own (no fallback).
    public func contains(_ token: String) -> Bool { index[token] != nil }

    /// Adds `token` at the end unless present.
    public mutating func insert(_ token: String) {
        guard index[token] == nil else { return }
        let scalars = token.unicodeScalars
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            scalarIndex[first.value] = Int32(tokens.count)
        }
        index[token] = Int32(tokens.count)
        tokens.append(token)
    }
}
