import Foundation

extension TaggerModel {
    /// Longest token sequence given to the network at once. Longer lines are cut into pieces of
    /// at most this many tokens (at the last word boundary in the second half of a piece, else
    /// anywhere), tagged as one batch and joined, so time and memory stay linear in the line
    /// length: a 10 MB line costs what 20,000 short ones do.
    public static let maximumPieceLength = 512

    /// Tags one line of raw text (any characters; normalised to NFC). An empty or blank line
    /// gives a `TaggedText` without tokens.
    public func tag(line: String) -> TaggedText {
        tag(lines: [line], batchSize: 1)[0]
    }

    /// Tags many lines, `batchSize` token sequences per network call, sorted by length so
    /// each batch holds near-equal lengths; results come back in input order and equal what
    /// `tag(line:)` gives each line alone.
    public func tag(lines: [String], batchSize: Int = 32) -> [TaggedText] {
        var texts: [String] = []
        var tokenLists: [[String]] = []
        var pieces: [[String]] = []
        var owners: [Int] = []
        texts.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let text = line.precomposedStringWithCanonicalMapping
            let tokens = tokenize(text)
            texts.append(text)
            tokenLists.append(tokens)
            for range in TaggerModel.pieces(of: tokens) {
                pieces.append(Array(tokens[range]))
                owners.append(index)
            }
        }
        let results = tag(batch: pieces, batchSize: max(1, batchSize))
        var labels = [[String]](repeating: [], count: lines.count)
        var confidence = [[Float]](repeating: [], count: lines.count)
        for (owner, result) in zip(owners, results) {
            labels[owner] += result.labels
            confidence[owner] += result.confidence
        }
        return lines.indices.map { i in
            TaggedText(text: texts[i], tokens: tokenLists[i],
                       offsets: TaggedText.align(tokens: tokenLists[i], in: texts[i]),
                       labels: labels[i], confidence: confidence[i])
        }
    }

    /// Token ranges of at most `maximumPieceLength` covering `tokens` in order.
    static func pieces(of tokens: [String], limit: Int = maximumPieceLength) -> [Range<Int>] {
        guard tokens.count > limit else { return tokens.isEmpty ? [] : [0..<tokens.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        while start < tokens.count {
            var end = min(tokens.count, start + limit)
            if end < tokens.count {
                // Prefer to cut after a word separator in the second half of the piece.
                var cut = end
                while cut > start + limit / 2 && tokens[cut - 1] != TokenUnit.space { cut -= 1 }
                if cut > start + limit / 2 { end = cut }
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}
