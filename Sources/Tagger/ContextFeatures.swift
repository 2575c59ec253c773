/// The inputs a token gets from its neighbours, computed from the token strings alone (so raw
/// text at tagging time gets exactly what training files got):
///
/// - **Bigrams** for the bigram embedding: the `count + 1` token pairs of a sentence of `count`
///   tokens, `<s>·t₀, t₀·t₁, …, tₙ₋₁·</s>`. Token `i` reads pair `i` (`tᵢ₋₁tᵢ`, its left bigram)
///   and pair `i + 1` (`tᵢtᵢ₊₁`, its right bigram).
/// - **Window features** for the sparse emission scores (`SparseLinear`): per token the indicator
///   features of a linear CRF tagger, hashed into `buckets` ids.
struct ContextFeatures: Sendable {
    /// The bigram vocabulary (nil: no bigram input).
    var bigrams: Vocabulary?
    /// Hash buckets of the window features (0: no window features).
    var buckets: Int
    /// Window-feature templates per token: `basicTemplates` or `extendedTemplates`.
    var templates: Int = ContextFeatures.basicTemplates

    /// Separates the two tokens of a bigram entry (no token contains a space: the character
    /// unit writes spaces as `▁`, the word unit splits at whitespace).
    static let bigramSeparator = " "
    /// Stands for the position before the first token in a bigram entry.
    static let sentenceStart = "<s>"
    /// Stands for the position after the last token in a bigram entry.
    static let sentenceEnd = "</s>"

    /// The basic window-feature templates, in order: the token `c`, its neighbours `p1 n1 p2 n2`,
    /// the pairs `p1c cn1 p1n1`, the triple `p1cn1`, and the coarse class (character class or
    /// word shape) of `p1`, `c` and `n1`: the features of the CRFsuite window tagger plus one
    /// trigram. Positions outside the sentence read a boundary symbol.
    static let basicTemplates = 12
    /// The extended templates: the basic ones, then the triples `p2p1c cn1n2`, the four-grams
    /// `p2p1cn1 p1cn1n2`, and four of the word the token stands in (the tokens between two
    /// space tokens `▁`, or the token itself when the unit is the word): the whole word, the word
    /// with the token's position in it (first, inside, last, only), the word's part up to and
    /// including the token, and its part from the token on. A space token's word is empty.
    /// Entity names are words minus their endings (맨체스터 in 맨체스터의): the word parts carry
    /// what a character window of five cannot.
    static let extendedTemplates = 20
    /// The token that separates words in character-unit token sequences.
    static let spaceToken = "▁"

    /// The bigram strings of `tokens` (`tokens.count + 1` entries; none for no tokens).
    static func bigramStrings(_ tokens: [String]) -> [String] {
        guard !tokens.isEmpty else { return [] }
        var out: [String] = []
        out.reserveCapacity(tokens.count + 1)
        var previous = sentenceStart
        for token in tokens {
            out.append(previous + bigramSeparator + token)
            previous = token
        }
        out.append(previous + bigramSeparator + sentenceEnd)
        return out
    }

    /// The bigram vocabulary of `sentences`: pairs seen at least `minCount` times, most
    /// frequent first (rarer pairs map to UNK, whose vector the rare training pairs train).
    static func bigramVocabulary(_ sentences: [[String]], minCount: Int) -> Vocabulary {
        var counts: [String: Int] = [:]
        for tokens in sentences {
            for pair in bigramStrings(tokens) { counts[pair, default: 0] += 1 }
        }
        return Vocabulary(counts: counts, minCount: minCount)
    }

    /// The bigram ids of `tokens` (`tokens.count + 1`), or nil without a bigram vocabulary.
    func bigramIDs(_ tokens: [String]) -> [Int32]? {
        guard let bigrams else { return nil }
        return ContextFeatures.bigramStrings(tokens).map { bigrams.id($0) }
    }

    /// The window-feature ids of `tokens`: `[tokens.count, templates]` bucket ids in
    /// `0..<buckets`, or nil without window features. `classes` gives each token's coarse class
    /// (one value per token).
    func windowIDs(_ tokens: [String], classes: [Int32]) -> [Int32]? {
        guard buckets > 0 else { return nil }
        let n = tokens.count, k = templates
        let hashes = tokens.map(ContextFeatures.hash)
        let words = k > ContextFeatures.basicTemplates ? ContextFeatures.wordHashes(tokens, hashes) : nil
        let outside: UInt64 = 0x5bd1_e995_0000_0001   // the boundary symbol's token hash
        let outsideClass: UInt64 = 0xffff
        func token(_ i: Int) -> UInt64 { i >= 0 && i < n ? hashes[i] : outside }
        func tokenClass(_ i: Int) -> UInt64 {
            i >= 0 && i < n && i < classes.count ? UInt64(UInt32(bitPattern: classes[i])) : outsideClass
        }
        let size = UInt64(buckets)
        var ids = [Int32](repeating: 0, count: n * k)
        ids.withUnsafeMutableBufferPointer { out in
            guard let first = out.baseAddress else { return }
            for i in 0..<n {
                let p2 = token(i - 2), p1 = token(i - 1), c = hashes[i], n1 = token(i + 1), n2 = token(i + 2)
                let o = first + i * k
                func put(_ j: Int, _ h: UInt64) { o[j] = Int32(truncatingIfNeeded: h % size) }
                put(0, ContextFeatures.combine(0, c))
                put(1, ContextFeatures.combine(1, p1))
                put(2, ContextFeatures.combine(2, n1))
                put(3, ContextFeatures.combine(3, p2))
                put(4, ContextFeatures.combine(4, n2))
                put(5, ContextFeatures.combine(5, p1, c))
                put(6, ContextFeatures.combine(6, c, n1))
                put(7, ContextFeatures.combine(7, p1, n1))
                put(8, ContextFeatures.combine(8, ContextFeatures.combine(8, p1, c), n1))
                put(9, ContextFeatures.combine(9, tokenClass(i - 1)))
                put(10, ContextFeatures.combine(10, tokenClass(i)))
                put(11, ContextFeatures.combine(11, tokenClass(i + 1)))
                guard let words else { continue }
                put(12, ContextFeatures.combine(12, ContextFeatures.combine(12, p2, p1), c))
                put(13, ContextFeatures.combine(13, ContextFeatures.combine(13, c, n1), n2))
                put(14, ContextFeatures.combine(14, ContextFeatures.combine(14, p2, p1),
                                                ContextFeatures.combine(14, c, n1)))
                put(15, ContextFeatures.combine(15, ContextFeatures.combine(15, p1, c),
                                                ContextFeatures.combine(15, n1, n2)))
                put(16, ContextFeatures.combine(16, words.whole[i]))
                put(17, ContextFeatures.combine(17, words.whole[i], words.position[i]))
                put(18, ContextFeatures.combine(18, words.prefix[i]))
                put(19, ContextFeatures.combine(19, words.suffix[i]))
            }
        }
        return ids
    }

    /// Per token of a sequence, hashes of the word it stands in (see `extendedTemplates`):
    /// the whole word, the token's position in it (0 first, 1 inside, 2 last, 3 only, 4 a space
    /// token), the word up to and including the token, and the word from the token on. `hashes`
    /// are the tokens' `hash` values.
    static func wordHashes(_ tokens: [String], _ hashes: [UInt64])
        -> (whole: [UInt64], position: [UInt64], prefix: [UInt64], suffix: [UInt64]) {
        let n = tokens.count
        var whole = [UInt64](repeating: 0, count: n), position = whole, prefix = whole, suffix = whole
        var start = 0
        while start < n {
            if tokens[start] == spaceToken {
                position[start] = 4
                start += 1
                continue
            }
            var end = start
            while end < n && tokens[end] != spaceToken { end += 1 }
            // Tokens start..<end form one word.
            var h: UInt64 = 0x243f_6a88_85a3_08d3
            for i in start..<end {
                h = combine(20, h, hashes[i])
                prefix[i] = h
            }
            var t: UInt64 = 0x1319_8a2e_0370_7344
            for i in (start..<end).reversed() {
                t = combine(21, t, hashes[i])
                suffix[i] = t
            }
            for i in start..<end {
                whole[i] = h
                position[i] = end - start == 1 ? 3 : i == start ? 0 : i == end - 1 ? 2 : 1
            }
            start = end
        }
        return (whole, position, prefix, suffix)
    }

    /// FNV-1a 64 over the token's Unicode scalar values (stable across runs and platforms,
    /// unlike `Hasher`).
    static func hash(_ token: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in token.unicodeScalars {
            var v = scalar.value
            for _ in 0..<3 {
                h = (h ^ UInt64(v & 0xff)) &* 0x0000_0100_0000_01b3
                v >>= 8
            }
        }
        return h
    }

    /// A well-mixed 64-bit value of a template number and one part (SplitMix64's finaliser
    /// after each).
    static func combine(_ template: UInt64, _ a: UInt64) -> UInt64 {
        mix(mix(template &+ 0x9e37_79b9_7f4a_7c15) ^ a)
    }

    /// A well-mixed 64-bit value of a template number and two parts.
    static func combine(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(combine(template, a) ^ b)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
