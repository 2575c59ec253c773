import Corpus
import FoundationEssentials
import Glibc
import Hangul

/// Tags token files and writes them back in their own format with the prediction added:
/// - `conll`: every token line gets the predicted label as a new last column (a tab when the
///   line has tabs, else a space); blank lines and `-DOCSTART-` lines (which get `O`) stay.
/// - `klue`: KLUE NER tsv; `##` lines stay, each `character<TAB>label` line gets `<TAB>prediction`
///   (the space character is the model's `▁`).
/// - `conllu`: CoNLL-U for a morpheme model; each word's LEMMA and XPOS are replaced by the
///   predicted morphemes and tags joined with `+`; everything else is kept.
/// Sentences are tagged `batchSize` at a time; with 1 each is written (and flushed) as soon as
/// it is read.
public struct TokenFileTagger {
    /// The token file kinds.
    public enum Input: String, Sendable, CaseIterable {
        /// Whitespace-separated columns, token first (CoNLL-2003, 2-column files).
        case conll
        /// CoNLL-U; needs a morpheme model.
        case conllu
        /// KLUE NER tsv (`character<TAB>label`, `##` comment lines).
        case klue
    }

    private let model: TaggerModel
    private let input: Input
    private let batchSize: Int
    private var decoder: MorphemeDecoder

    /// A tagger for `input` files.
    /// - Throws: `InputError(.model)` when `input` is `conllu` and `model` is not a morpheme model.
    public init(model: TaggerModel, input: Input, batchSize: Int = 1) throws {
        if input == .conllu && !model.isMorphemeModel {
            throw InputError(.model, "CoNLL-U input needs a morpheme model; this one tags '\(model.task)'")
        }
        self.model = model
        self.input = input
        self.batchSize = max(1, batchSize)
        decoder = MorphemeDecoder(dictionary: model.restorationDictionary(),
                                  kind: model.task == "seg" ? .seg : .pos)
    }

    /// One sentence as read: its lines and where its tokens are among them.
    struct Block {
        var lines: [String] = []
        var tokenLines: [Int] = []
        var tokens: [String] = []
        var conllu: ConlluSentence?
        var glued: [Int] = []
    }

    /// Reads `lines` to the end, calling `write` with output text and `flush` after each batch.
    /// - Throws: `InputError(.data)` for malformed CoNLL-U (or invalid UTF-8 when `lines` fails
    ///   on it); `.io` on read errors.
    public mutating func run(_ lines: LineReader, write: (String) -> Void, flush: () -> Void) throws {
        var pending: [Block] = []
        func drain() {
            let results = model.tag(sequences: pending.map(\.tokens), batchSize: batchSize)
            for (block, result) in zip(pending, results) { write(render(block, result.labels)) }
            flush()
            pending.removeAll(keepingCapacity: true)
        }
        let limit = batchSize == 1 ? 1 : max(64, batchSize * 8)
        if input == .conllu {
            let reader = ConlluReader(lines: lines)
            while let sentence = try reader.next() {
                pending.append(TokenFileTagger.block(conllu: sentence))
                if pending.count >= limit { drain() }
            }
        } else {
            var block = Block()
            while let line = try lines.nextLine() {
                if line.allSatisfy(\.isWhitespace) {
                    block.lines.append(line)
                    pending.append(block)
                    block = Block()
                    if pending.count >= limit { drain() }
                    continue
                }
                if let token = token(of: line) {
                    block.tokenLines.append(block.lines.count)
                    block.tokens.append(token)
                }
                block.lines.append(line)
            }
            if !block.lines.isEmpty { pending.append(block) }
        }
        drain()
    }

    /// The model token on a data line, nil for a line that is not a token (comments, document breaks).
    private func token(of line: String) -> String? {
        switch input {
        case .klue:
            if line.hasPrefix("##") { return nil }
            let field = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return field.allSatisfy(\.isWhitespace) ? TokenUnit.space : String(field)
        case .conll, .conllu:
            guard let field = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { return nil }
            return field.hasPrefix("-DOCSTART-") ? nil : String(field)
        }
    }

    private mutating func render(_ block: Block, _ labels: [String]) -> String {
        if let sentence = block.conllu { return ConlluWriter.format(annotate(sentence, block, labels)) }
        var out = ""
        var next = 0
        for (index, line) in block.lines.enumerated() {
            out += line
            if next < block.tokenLines.count && block.tokenLines[next] == index {
                out += (line.contains("\t") || input == .klue ? "\t" : " ") + (next < labels.count ? labels[next] : "O")
                next += 1
            } else if input == .conll && line.hasPrefix("-DOCSTART-") {
                out += (line.contains("\t") ? "\t" : " ") + "O"
            }
            out += "\n"
        }
        return out
    }

    /// Syllable tokens of a CoNLL-U sentence's surface words, `▁` where a space follows.
    static func block(conllu sentence: ConlluSentence) -> Block {
        var block = Block()
        block.conllu = sentence
        let surface = sentence.surfaceTokens
        for (k, token) in surface.enumerated() {
            if k > 0 {
                if surface[k - 1].spaceAfter { block.tokens.append(TokenUnit.space) }
                else { block.glued.append(block.tokens.count) }
            }
            block.tokens += SyllableTokenizer.tokens(of: token.form)
        }
        return block
    }

    /// The sentence with LEMMA and XPOS of each single-word surface token from the decoded labels.
    private mutating func annotate(_ sentence: ConlluSentence, _ block: Block, _ labels: [String]) -> ConlluSentence {
        var result = sentence
        let surface = sentence.surfaceTokens
        let words = decoder.words(tokens: block.tokens, labels: labels, glued: block.glued)
        guard words.count == surface.count else { return result }
        let positions = result.words.indices.filter {
            if case .word = result.words[$0].id { return true } else { return false }
        }
        for (token, word) in zip(surface, words) where token.wordIndices.count == 1 && !word.morphemes.isEmpty {
            let index = positions[token.wordIndices.lowerBound]
            result.words[index].lemma = word.morphemes.map(\.form).joined(separator: "+")
            result.words[index].xpos = word.morphemes.map { $0.tag.isEmpty ? "_" : $0.tag }.joined(separator: "+")
        }
        return result
    }
}
