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
/// Each `conll` and `klue` line ends as it did in the input (CRLF stays CRLF). Sentences are
/// tagged `batchSize` at a time; with 1 each is written (and flushed) as soon as it is read.
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

    private let input: Input
    private let batchSize: Int
    private let threads: Int
    /// The model given and, with 2 threads, its replica (made when a second batch first waits).
    private let workers: WorkerPipeline<Worker>

    /// A tagger for `input` files.
    /// - Parameter threads: 1 or 2 (clamped); with 2, the sentences (or batches) already read are
    ///   tagged on two cores by the model and a replica of it (see `WorkerPipeline`), same output.
    /// - Throws: `InputError(.model)` when `input` is `conllu` and `model` is not a morpheme model.
    public init(model: TaggerModel, input: Input, batchSize: Int = 1, threads: Int = 1) throws {
        if input == .conllu && !model.isMorphemeModel {
            throw InputError(.model, "CoNLL-U input needs a morpheme model; this one tags '\(model.task)'")
        }
        self.input = input
        self.batchSize = max(1, batchSize)
        self.threads = max(1, min(2, threads))
        workers = WorkerPipeline(first: Worker(model: model, input: input)) {
            Worker(model: model.replica(), input: input)
        }
    }

    /// One sentence as read: its lines and where its tokens are among them.
    struct Block {
        var lines: [String] = []
        var endings: [String] = []
        var tokenLines: [Int] = []
        var tokens: [String] = []
        var conllu: ConlluSentence?
        var glued: [Int] = []
    }

    /// Reads `lines` to the end, calling `write` with output text and `flush` after each batch
    /// (each sentence with `batchSize` 1).
    /// - Throws: `InputError(.data)` for malformed CoNLL-U (or invalid UTF-8 when `lines` fails
    ///   on it); `.io` on read errors. The sentences read before the error are written first.
    public func run(_ lines: LineReader, write: (String) -> Void, flush: () -> Void) throws {
        let limit = batchSize == 1 ? 1 : max(64, batchSize * 8)
        let conllu = input == .conllu ? ConlluReader(lines: lines) : nil
        var partial = Block()
        var ended = false
        // The next sentence: a CoNLL-U sentence, or the lines up to and including a blank one.
        func nextBlock() throws -> Block? {
            if let conllu { return try conllu.next().map(TokenFileTagger.block(conllu:)) }
            guard !ended else { return nil }
            while let line = try lines.nextLine() {
                partial.endings.append(lines.lastLineEnding)
                if line.allSatisfy(\.isWhitespace) {
                    partial.lines.append(line)
                    let block = partial
                    partial = Block()
                    return block
                }
                if let token = token(of: line) {
                    partial.tokenLines.append(partial.lines.count)
                    partial.tokens.append(token)
                }
                partial.lines.append(line)
            }
            ended = true
            return partial.lines.isEmpty ? nil : partial
        }
        var failure: Error?
        let (batchSize, threads) = (self.batchSize, self.threads)
        // Tokens in flight: four batches of ordinary sentences (64 tokens), fewer (down to 2)
        // when sentences are very long.
        let tokens = { (blocks: [Block]) in blocks.reduce(0) { $0 + $1.tokens.count } }
        workers.run(threads: threads, depth: 4, cost: tokens, budget: 4 * limit * 64,
                    next: { () -> ([Block], last: Bool)? in
            guard failure == nil else { return nil }
            var blocks: [Block] = []
            do {
                while blocks.count < limit, let block = try nextBlock() { blocks.append(block) }
            } catch {
                failure = error  // thrown once the sentences read before it are written
            }
            if blocks.isEmpty { return nil }
            // With one sentence per batch, the last for now is the one no input waits behind.
            let waiting = limit == 1 ? (try? lines.hasLineReady()) ?? false : blocks.count == limit
            return (blocks, last: failure != nil || !waiting)
        }, work: { (worker: Worker, blocks: [Block], alone: Bool) -> [String] in
            if threads > 1 { worker.model.threads = alone ? 2 : 1 }
            // A CoNLL-U word starts a morpheme even where no space precedes it.
            let results = worker.model.tag(sequences: blocks.map(\.tokens), batchSize: batchSize,
                                           chunkStarts: blocks.map(\.glued))
            return zip(blocks, results).map { worker.render($0, $1.labels) }
        }, write: { (texts: [String]) in
            for text in texts { write(text) }
            flush()
        })
        if let failure { throw failure }
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

    /// A model and its morpheme decoder, used by one thread at a time.
    private final class Worker: @unchecked Sendable {
        let model: TaggerModel
        let input: Input
        var decoder: MorphemeDecoder

        init(model: TaggerModel, input: Input) {
            self.model = model
            self.input = input
            decoder = MorphemeDecoder(dictionary: model.restorationDictionary(),
                                      kind: model.task == "seg" ? .seg : .pos)
        }

        func render(_ block: Block, _ labels: [String]) -> String {
            if let sentence = block.conllu { return ConlluWriter.format(annotate(sentence, block, labels)) }
            var out = ""
            var next = 0
            for (index, line) in block.lines.enumerated() {
                out += line
                if next < block.tokenLines.count && block.tokenLines[next] == index {
                    out += line.contains("\t") || input == .klue ? "\t" : " "
                    out += next < labels.count ? labels[next] : "O"
                    next += 1
                } else if input == .conll && line.hasPrefix("-DOCSTART-") {
                    out += (line.contains("\t") ? "\t" : " ") + "O"
                }
                out += block.endings[index]
            }
            return out
        }

        /// The sentence with LEMMA and XPOS of each single-word surface token from the decoded labels.
        func annotate(_ sentence: ConlluSentence, _ block: Block, _ labels: [String]) -> ConlluSentence {
            var result = sentence
            let surface = sentence.surfaceTokens
            let words = decoder.words(tokens: block.tokens, labels: labels, glued: block.glued)
            guard words.count == surface.count else { return result }
            let positions = result.words.indices.filter {
                if case .word = result.words[$0].id { return true } else { return false }
            }
            for (token, word) in zip(surface, words)
            where token.wordIndices.count == 1 && !word.morphemes.isEmpty {
                let index = positions[token.wordIndices.lowerBound]
                result.words[index].lemma = word.morphemes.map(\.form).joined(separator: "+")
                result.words[index].xpos = word.morphemes.map { $0.tag.isEmpty ? "_" : $0.tag }
                    .joined(separator: "+")
            }
            return result
        }
    }
}
