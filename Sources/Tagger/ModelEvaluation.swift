import Corpus
import Hangul

/// A model's predictions on an annotated corpus, ready to be scored: the predicted labels per
/// sentence (feed them with the gold labels to `Evaluation.ChunkEvaluator`) and, for morpheme
/// models on morpheme-analysed data, the word-level `MorphemeScores`.
public struct ModelEvaluation: Sendable {
    /// One predicted label sequence per corpus sentence.
    public var predicted: [[String]]
    /// Word-level morpheme scores (morpheme model and CoNLL-U/Sejong data), else nil.
    public var morphemes: MorphemeScores?

    /// Tags every sentence of `corpus` with `model` (in batches of `batchSize`).
    public init(model: TaggerModel, corpus: LabeledCorpus, batchSize: Int = 64) {
        let computes = model.computesConfidence
        model.computesConfidence = false   // only the labels are scored
        defer { model.computesConfidence = computes }
        // Words written without a space before them still start a chunk (as `tag --input conllu`).
        predicted = model.tagInParallel(batch: corpus.sentences.map(\.tokens), batchSize: batchSize,
                                        chunkStarts: corpus.sentences.map(\.glued))
            .map(\.labels)
        guard let analyses = corpus.analyses, analyses.count == corpus.sentences.count,
              model.task == "pos" || model.task == "seg" else { return }
        var decoder = MorphemeDecoder(dictionary: model.restoration ?? RestorationDictionary(),
                                      kind: model.task == "seg" ? .seg : .pos)
        var scores = MorphemeScores()
        for (index, sentence) in corpus.sentences.enumerated() {
            scores.add(tokens: sentence.tokens, predicted: predicted[index], glued: sentence.glued,
                       gold: analyses[index], decoder: &decoder)
        }
        morphemes = scores
    }
}
