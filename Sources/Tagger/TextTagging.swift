import Corpus
import Hangul
import Network
import FoundationEssentials
import Glibc

extension TaggerModel {
    /// Longest token sequence given to the network at once. Longer lines are cut into pieces of
    /// at most this many tokens (at the last word boundary in the second half of a piece, else
    /// anywhere), tagged as one batch and joined, so time and memory stay linear in the line
    /// length: a 10 MB line costs what 20,000 short ones do.
    public static let maximumPieceLength = 512

    /// Tags one line of raw text: the entry point for text (any characters). The line is
    /// split into the model's tokens (conjoining jamo composed into syllables, nothing else
    /// changed; offsets index the line as given) and, when longer than
    /// `maximumPieceLength` tokens, tagged in pieces. An empty or blank line gives a
    /// `TaggedText` without tokens.
    public func tag(line: String) -> TaggedText {
        tag(lines: [line], batchSize: 1)[0]
    }

    /// Tags many lines, `batchSize` token sequences per network call, sorted by length so
    /// each batch holds near-equal lengths; results come back in input order and equal what
    /// `tag(line:)` gives each line alone.
    public func tag(lines: [String], batchSize: Int = 32) -> [TaggedText] {
        let splits = lines.map { unit.split($0) }
        let results = tag(sequences: splits.map(\.tokens), batchSize: batchSize)
        return lines.indices.map { i in
            TaggedText(text: lines[i], tokens: splits[i].tokens, offsets: splits[i].offsets,
                       labels: results[i].labels, confidence: results[i].confidence)
        }
    }

    /// Tags token sequences of any length: like `tag(batch:batchSize:)`, but a sequence longer
    /// than `maximumPieceLength` is tagged in pieces (see there) and its labels joined, so
    /// memory stays bounded, and the `userDictionary`'s matches in each whole sequence are
    /// forced. Results come back in input order, one label per token.
    /// - Parameter chunkStarts: nil, or per sequence the positions where a new chunk must start
    ///   (no `I-` label there): the word boundaries of a CoNLL-U sentence whose words are written
    ///   without a space between them, since a morpheme never spans two words. A user-dictionary
    ///   match keeps its labels.
    public func tag(sequences: [[String]], batchSize: Int = 32,
                    chunkStarts: [[Int]]? = nil) -> [TaggedSequence] {
        var pieces: [[String]] = []
        var owners: [Int] = []
        var forced: [[Int32]?] = []
        // Per sequence, where its virtual period went (`lineEndsSentence`), or nil.
        var periods = [Int?](repeating: nil, count: sequences.count)
        let dictionary = userDictionary.flatMap { $0.labels == labels && $0.unit == unit ? $0 : nil }
        for (index, given) in sequences.enumerated() {
            var tokens = given
            var starts = chunkStarts.flatMap { index < $0.count ? $0[index] : nil }
            if lineEndsSentence, let at = TaggerModel.virtualPeriodPosition(given) {
                tokens.insert(TaggerModel.virtualPeriod, at: at)
                periods[index] = at
                // What trails it (spaces, emoji, ...) moves one on; the period starts a chunk.
                starts = starts.map { $0.map { $0 >= at ? $0 + 1 : $0 } + [at] }
            }
            var constraints = dictionary?.forcedLabels(tokens)
            if let starts, let starts = TaggerModel.startConstraints(starts, count: tokens.count) {
                // A dictionary match keeps its labels.
                constraints = zip(constraints ?? starts, starts).map { $0 == -1 ? $1 : $0 }
            }
            constraints = forceWholeMorphemes(in: tokens, onto: constraints)
            for range in TaggerModel.pieces(of: tokens) {
                pieces.append(Array(tokens[range]))
                owners.append(index)
                forced.append(constraints.map { pieceConstraints($0[range]) })
            }
        }
        var results = [TaggedSequence](repeating: TaggedSequence(labels: [], confidence: []),
                                       count: sequences.count)
        let constrained = forced.contains { $0 != nil }
        let tagged = tag(batch: pieces, batchSize: max(1, batchSize), forced: constrained ? forced : nil,
                         continuing: constrained ? continuingLabelIDs : [])
        for (owner, result) in zip(owners, tagged) {
            results[owner].labels += result.labels
            results[owner].confidence += result.confidence
        }
        for (index, at) in periods.enumerated() {
            guard let at, at < results[index].labels.count else { continue }
            results[index].labels.remove(at: at)
            results[index].confidence.remove(at: at)
        }
        return results
    }

    /// `constraints` (nil: none yet) with what a morpheme model of the char unit must keep
    /// whole (nothing in other models): each web or e-mail address in `tokens`
    /// (`WebAddress.ranges(in:)`) one `SL` morpheme, `B-SL I-SL …`; each run of Hanja one `SH`
    /// morpheme, each run of two or more compatibility jamo or of one symbol repeated one `SW`
    /// and of two or more question or exclamation marks one `SF` (`ScriptRun`), the token after
    /// any of these starting a chunk; and each run of Latin letters inside one `SL` morpheme
    /// (`I-SL` after its first letter, which with the tokens around it stays free: `MP3`,
    /// `e-mail`). A segmentation model gets `B I …`. A punctuation or symbol character outside
    /// the model's vocabulary is one morpheme of the tag `UnseenSymbol` gives (`#맛집` →
    /// `#/SW 맛집/NNG`). A span any of whose positions is already constrained (a user-dictionary
    /// entry, a CoNLL-U word start inside it, an address around a Latin run) is left to those
    /// constraints.
    func forceWholeMorphemes(in tokens: [String], onto constraints: [Int32]?) -> [Int32]? {
        guard unit == .char, let ids = wholeMorphemeLabels else { return constraints }
        let addresses = WebAddress.ranges(in: tokens)
        let runs = ScriptRun.runs(in: tokens).filter {
            $0.range.count >= $0.script.shortest && ids[$0.script] != nil
        }
        // Symbols outside the vocabulary, each with the label of its tag.
        let symbols = unseenSymbolLabels
        var unseen: [(at: Int, label: Int32)] = []
        for t in symbols.isEmpty ? 0..<0 : tokens.indices {
            if let tag = UnseenSymbol.tag(of: tokens[t]), let label = symbols[tag],
               !header.vocabulary.contains(tokens[t]) {
                unseen.append((t, label))
            }
        }
        guard !addresses.isEmpty || !runs.isEmpty || !unseen.isEmpty else { return constraints }
        var entries = constraints ?? [Int32](repeating: -1, count: tokens.count)
        func isFree(_ range: Range<Int>) -> Bool { range.allSatisfy { entries[$0] == -1 } }
        // Free, or only told to start a chunk (-1 or `ForcedLabels.startsChunk`).
        func isOpen(_ t: Int) -> Bool { t == tokens.count || entries[t] < 0 }
        // What follows a forced span: open, or a forced label starting a chunk of its own (a
        // user-dictionary entry right after a run).
        func canFollow(_ t: Int) -> Bool {
            guard !isOpen(t), Int(entries[t]) < labels.count else { return true }
            let role = TagLabel(labels[Int(entries[t])]).role
            return role != .inside && role != .end
        }
        func force(_ range: Range<Int>, _ labels: (first: Int32, rest: Int32)) {
            guard isOpen(range.lowerBound), canFollow(range.upperBound), isFree(range.dropFirst()) else {
                return
            }
            entries[range.lowerBound] = labels.first
            for t in range.dropFirst() { entries[t] = labels.rest }
            if range.upperBound < tokens.count && entries[range.upperBound] == -1 {
                entries[range.upperBound] = ForcedLabels.startsChunk
            }
        }
        if let sl = ids[.latin] {
            for range in addresses { force(range, sl) }
        }
        for (script, range) in runs {
            guard let labels = ids[script] else { continue }
            if script != .latin {
                force(range, labels)
            } else if isOpen(range.lowerBound), isFree(range.dropFirst()) {
                for t in range.dropFirst() { entries[t] = labels.rest }
            }
        }
        for (t, label) in unseen { force(t..<(t + 1), (first: label, rest: label)) }
        return entries
    }

    /// A piece's constraints: `entries` with a continuing label forced at its first position
    /// (a forced span the cut into pieces goes through, such as a run of 600 Latin letters)
    /// replaced by the label that starts a chunk of its type (`I-X` → `B-X`, `E-X` → `S-X`, `I`
    /// → `B`; free when the model has none). No path starts inside a chunk, so the forced label
    /// would leave the piece without a valid path and its decoding undefined.
    func pieceConstraints(_ entries: ArraySlice<Int32>) -> [Int32] {
        var piece = Array(entries)
        guard let first = piece.first, first >= 0, Int(first) < labels.count else { return piece }
        let label = TagLabel(labels[Int(first)])
        let start: String
        switch label.role {
        case .inside: start = label.type.map { "B-" + $0 } ?? "B"
        case .end: start = label.type.map { "S-" + $0 } ?? "S"
        default: return piece
        }
        piece[0] = labels.firstIndex(of: start).map(Int32.init) ?? -1
        return piece
    }

    /// The token `lineEndsSentence` reads after an unpunctuated sequence's last word.
    static let virtualPeriod = "."

    /// Characters that end a sentence (`lineEndsSentence`): a sequence whose trailing marks
    /// hold one is punctuated.
    private static let sentenceFinal: Set<Character> = [".", "?", "!", "…", "‥", "。", "？", "！", "．"]

    /// Where `lineEndsSentence` puts the virtual period in `tokens`: right after the last token
    /// with a letter or a digit (`isWord`), before what trails it (spaces, closing quotes and
    /// brackets, emoji, emoticons, `ㅋㅋ`/`ㅠㅠ`: `좋아요 ㅋㅋ` is read `좋아요. ㅋㅋ`); nil when
    /// a sentence-final mark (`sentenceFinal`) is among those trailing tokens or when no token
    /// has a letter or digit.
    static func virtualPeriodPosition(_ tokens: [String]) -> Int? {
        for index in tokens.indices.reversed() {
            let token = tokens[index]
            // A word token may carry its own final mark (`home.` with the word unit).
            let trailing = token.reversed().prefix { !isWord(String($0)) }
            if trailing.contains(where: sentenceFinal.contains) { return nil }
            if isWord(token) { return index + 1 }
        }
        return nil
    }

    /// Whether `token` holds a letter (a Hangul syllable, Latin, Hanja, ...) or a digit; the
    /// compatibility jamo of `ㅋㅋ` or `ㅠㅠ` do not count.
    private static func isWord(_ token: String) -> Bool {
        token.unicodeScalars.contains { scalar in
            guard !(0x3131...0x318E).contains(scalar.value) else { return false }
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
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
