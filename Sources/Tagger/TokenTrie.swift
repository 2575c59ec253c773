/// A trie over token sequences that finds, left to right, the longest entry starting at each
/// position and skips past it (leftmost-longest matching, no overlaps): `UserDictionary`'s
/// matcher. Matching a sequence of `n` tokens costs `O(n · d)` hash lookups at most, `d` the
/// longest entry (in tokens), whatever the number of entries.
///
/// Each entry has a value (an index chosen by the caller) and may be restricted to whole words
/// (it must start at the sequence's start or after a whitespace token, and end at its end or
/// before one). Adding a sequence again replaces its value for the same restriction; when a
/// restricted and an unrestricted entry of the same sequence both fit, the one added last wins.
struct TokenTrie: Sendable {
    /// A match: `tokens` of the sequence are covered by the entry with `value`.
    struct Match: Equatable, Sendable {
        var tokens: Range<Int>
        var value: Int
    }

    /// Token ids: by scalar value for a one-scalar token (the common case, and faster to hash
    /// than a string), by string for any other.
    private var scalarIDs: [UInt32: Int32] = [:]
    private var stringIDs: [String: Int32] = [:]
    /// Children: `node << 32 | token id` -> child node.
    private var edges: [Int64: Int32] = [:]
    /// Per node: the value ending there (anywhere, whole words only) with the order it was
    /// added in, -1 when none.
    private var anywhere: [(value: Int, order: Int)] = [(-1, -1)]
    private var wholeWord: [(value: Int, order: Int)] = [(-1, -1)]
    private var added = 0

    /// Number of entries added (a replaced one counts again).
    var count: Int { added }

    /// Adds `tokens` (not empty) with `value`.
    mutating func insert(_ tokens: [String], value: Int, wholeWord restricted: Bool) {
        var node: Int32 = 0
        for token in tokens {
            let id: Int32
            if let known = self.id(of: token) {
                id = known
            } else {
                id = Int32(scalarIDs.count + stringIDs.count)
                if let scalar = TokenTrie.onlyScalar(token) {
                    scalarIDs[scalar] = id
                } else {
                    stringIDs[token] = id
                }
            }
            let key = Int64(node) << 32 | Int64(id)
            if let child = edges[key] {
                node = child
            } else {
                let child = Int32(anywhere.count)
                edges[key] = child
                anywhere.append((-1, -1))
                wholeWord.append((-1, -1))
                node = child
            }
        }
        if restricted { wholeWord[Int(node)] = (value, added) } else { anywhere[Int(node)] = (value, added) }
        added += 1
    }

    /// The value of a token's only scalar, nil when it has several (or none).
    private static func onlyScalar(_ token: String) -> UInt32? {
        var scalars = token.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first.value
    }

    /// The id of `token`, nil when no entry has it.
    private func id(of token: String) -> Int32? {
        if let scalar = TokenTrie.onlyScalar(token) { return scalarIDs[scalar] }
        return stringIDs[token]
    }

    /// The matches in `tokens`, in order: at each position the longest entry that fits (whole-word
    /// entries only where the boundaries allow), then on after it; positions without one are
    /// skipped one at a time.
    func matches(in tokens: [String], isSpace: (String) -> Bool) -> [Match] {
        guard added > 0, !tokens.isEmpty else { return [] }
        let line = tokens.map { id(of: $0) ?? -1 }
        var spaces: [Bool]?
        func space(_ i: Int) -> Bool {
            if spaces == nil { spaces = tokens.map(isSpace) }
            return spaces?[i] ?? false
        }
        var result: [Match] = []
        var i = 0
        while i < line.count {
            var node: Int32 = 0
            var best: Match?
            var j = i
            while j < line.count, line[j] >= 0, let child = edges[Int64(node) << 32 | Int64(line[j])] {
                node = child
                j += 1
                let free = anywhere[Int(node)], restricted = wholeWord[Int(node)]
                var pick = free
                if restricted.value >= 0 && restricted.order > free.order
                    && (i == 0 || space(i - 1)) && (j == line.count || space(j)) {
                    pick = restricted
                }
                if pick.value >= 0 { best = Match(tokens: i..<j, value: pick.value) }
            }
            if let best {
                result.append(best)
                i = best.tokens.upperBound
            } else {
                i += 1
            }
        }
        return result
    }
}
