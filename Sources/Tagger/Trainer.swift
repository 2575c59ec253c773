import Corpus
import FoundationEssentials
import Glibc
import Network

/// Trains a tagger: builds vocabularies and the network from training data, runs mini-batch
/// epochs, scores the dev data after each epoch, keeps the best model by dev span F1 (saved
/// atomically), writes a checkpoint after every epoch, and stops early after `patience`
/// epochs without improvement.
///
/// ```swift
/// let train = try LabeledCorpus.read(path: "train.conll")
/// let dev = try LabeledCorpus.read(path: "dev.conll")
/// let trainer = try Trainer(train: train, dev: dev, unit: nil, options: nil)
/// let summary = try trainer.train(modelPath: "ner.model")
/// ```
public final class Trainer {
    /// The header the saved models get (vocabularies, labels, options, ...).
    public var header: ModelHeader { model.header }
    /// Called with progress; the default does nothing. `ProgressPrinter` renders it.
    public var onEvent: (TrainingEvent) -> Void = { _ in }
    /// Polled between batches; returning true stops after writing a checkpoint (SIGINT).
    public var shouldStop: () -> Bool = { false }

    /// The model being trained (its header without dev scores and creation time).
    let model: TaggerModel
    var network: TaggerNetwork { model.network }
    var encoder: InputEncoder { model.encoder }
    let optimizer: OptimizerBox
    /// The moving average of the weights that is scored and saved (`averageEpochs`), or nil.
    let average: WeightAverage?
    let train: [LabeledSentence]
    let trainLabels: [[Int32]]
    let trainInputs: [InputEncoder.Encoded]
    let dev: LabeledCorpus
    let singletons: Set<Int32>
    var state: TrainingState
    /// Remarks found while setting up, reported when training starts.
    var notes: [String] = []

    /// Sets up a new run.
    /// - Parameters:
    ///   - unit: nil chooses `.char` when every training token is one character, else `.word`.
    ///   - network: the network's shape; nil takes `NetworkConfig.defaults(for:)` of the unit. Its
    ///     sizes that come from the data are set here: `vocabularySize`, `labelCount`,
    ///     `characterVocabularySize` (0 without a character encoder: always for `.char`), and
    ///     `featureCount` (the unit's, or 0 when `featureEmbedding` is 0).
    ///   - options: nil takes `TrainingOptions.defaults(for:)` of the unit.
    ///   - vectors: pretrained word vectors for the token embedding (their dimension must equal
    ///     `network.embedding`).
    ///   - guide: a model of the same unit whose predicted labels the new model reads as an
    ///     input (`network.guideEmbedding` values per token, 16 when not set), stored in its
    ///     file and run before it at tagging time; its weights are not trained.
    /// - Throws: `InputError(.data)` when the vectors' dimension does not match, the guide's
    ///   unit is not the data's, the shape cannot be built, the training labels do not look
    ///   like labels (`LabeledCorpus.labelProblem`), `options.labelScheme` does not apply to
    ///   them (`relabeled(_:scheme:)`), or most dev tokens carry labels unseen in training.
    public convenience init(train given: LabeledCorpus, dev: LabeledCorpus, unit: TokenUnit? = nil,
                            network: NetworkConfig? = nil, options: TrainingOptions? = nil,
                            vectors: WordVectors? = nil, guide: TaggerModel? = nil) throws {
        if let problem = given.labelProblem { throw InputError(.data, file: given.file, problem) }
        let unit = unit ?? Trainer.detectUnit(given)
        if let guide, guide.unit != unit {
            throw InputError(.data, "the guide model splits text into \(guide.unit.rawValue) tokens, "
                             + "the training data into \(unit.rawValue) tokens")
        }
        let options = options ?? TrainingOptions.defaults(for: unit)
        let (train, outputScheme) = try Trainer.relabeled(given, scheme: options.labelScheme)
        var config = network ?? NetworkConfig.defaults(for: unit)
        var counts: [String: Int] = [:]
        var characterSet = Set<String>()
        for sentence in train.sentences {
            for token in sentence.tokens {
                counts[token, default: 0] += 1
                if unit == .word { for character in token { characterSet.insert(String(character)) } }
            }
        }
        var vocabulary = Vocabulary(counts: counts, minCount: options.minCount, lowercaseFallback: unit == .word)
        if let vectors {
            guard vectors.dimension == config.embedding else {
                throw InputError(.data, "the word vectors have \(vectors.dimension) values per word but "
                                 + "--emb is \(config.embedding); give --emb \(vectors.dimension)")
            }
            for word in vectors.words { vocabulary.insert(word) }
        }
        let singletons = Set(counts.filter { $0.value == 1 }.map { vocabulary.id($0.key) })
        let characters = unit == .word && config.characterHidden > 0
            ? Vocabulary(tokens: characterSet.sorted()) : nil
        let labels = Trainer.labelList(train.sentences.flatMap(\.labels))
        config.vocabularySize = vocabulary.count
        config.labelCount = labels.count
        config.featureCount = config.featureEmbedding > 0 ? unit.featureCount : 0
        config.characterVocabularySize = characters?.count ?? 0
        if characters == nil {
            config.characterEmbedding = 0
            config.characterHidden = 0
        }
        let bigramSize = config.bigramEmbedding ?? 0, buckets = config.windowBuckets ?? 0
        let bigrams = bigramSize > 0
            ? ContextFeatures.bigramVocabulary(train.sentences.map(\.tokens),
                                               minCount: options.bigramMinCount ?? 2)
            : nil
        config.bigramVocabularySize = bigrams?.count
        config.bigramEmbedding = bigrams == nil ? nil : bigramSize
        config.windowBuckets = buckets > 0 ? buckets : nil
        config.windowTemplates = buckets > 0 ? config.windowTemplates ?? ContextFeatures.basicTemplates : nil
        if let templates = config.windowTemplates, WindowTemplates(count: templates) == nil {
            throw InputError(.data, "cannot build the network: \(templates) window-feature templates; "
                             + "\(ContextFeatures.basicTemplates) or \(ContextFeatures.extendedTemplates) "
                             + "are known")
        }
        config.windowDropout = buckets > 0 ? config.windowDropout : nil
        config.guideCount = guide.map { $0.labels.count + 1 }
        config.guideEmbedding = guide == nil ? nil : max(config.guideEmbedding ?? 16, 1)
        if let problem = config.problem {
            throw InputError(.data, "cannot build the network: \(problem)")
        }
        let header = ModelHeader(
            network: config, options: options, unit: unit, scheme: train.scheme.rawValue,
            outputScheme: outputScheme, labels: labels,
            vocabulary: vocabulary, characters: characters, bigrams: bigrams,
            task: train.task, restoration: train.restoration,
            trainingData: [train.file, dev.file].map { URL(fileURLWithPath: $0).lastPathComponent },
            inputFormat: train.format, dev: nil, created: "", guide: guide.map { GuideHeader($0.header) })
        let model = try TaggerModel(header: header, tensors: nil, seed: options.seed, guide: guide)
        if let vectors {
            Trainer.initialise(model.network, with: vectors, vocabulary: vocabulary,
                               freeze: options.freezeVectors)
        }
        let state = TrainingState(epoch: 0, step: 0, random: SplitMix64.derive(options.seed, stream: 7),
                                  best: nil, badEpochs: 0)
        try self.init(model: model, train: train, dev: dev, singletons: singletons, state: state)
    }

    /// Continues the run saved in the checkpoint at `path` with the same training data;
    /// `epochs` (when given) replaces the run's maximum number of epochs.
    /// - Throws: `InputError(.model)` for a bad checkpoint; `.data` when the data's labels do
    ///   not fit the checkpoint's model (training labels it lacks, most dev labels unseen).
    public convenience init(resuming path: String, train: LabeledCorpus, dev: LabeledCorpus,
                            epochs: Int? = nil) throws {
        var point = try ResumePoint(path: path)
        if let epochs { point.header.options.epochs = epochs }
        try self.init(resuming: point, train: train, dev: dev)
    }

    /// Continues the run of a checkpoint already read (see `ResumePoint`) with the same
    /// training data.
    /// - Throws: `InputError(.model)` for weights that do not fit the header; `.data` when the
    ///   data's labels do not fit the checkpoint's model (training labels it lacks, most dev
    ///   labels unseen).
    public convenience init(resuming point: ResumePoint, train given: LabeledCorpus,
                            dev: LabeledCorpus) throws {
        let checkpoint = point.checkpoint, path = point.path
        let train = try Trainer.relabeled(given, scheme: checkpoint.header.options.labelScheme).corpus
        let model: TaggerModel
        do {
            model = try TaggerModel(header: checkpoint.header, tensors: checkpoint.tensors,
                                    seed: checkpoint.header.options.seed)
        } catch var error as InputError {
            error.file = path
            throw error
        }
        var singletonCounts: [String: Int] = [:]
        for sentence in train.sentences { for token in sentence.tokens { singletonCounts[token, default: 0] += 1 } }
        let singletons = Set(singletonCounts.filter { $0.value == 1 }.map { checkpoint.header.vocabulary.id($0.key) })
        try self.init(model: model, train: train, dev: dev, singletons: singletons, state: checkpoint.state)
        do {
            try optimizer.restore(checkpoint.tensors)
            try average?.restore(checkpoint.tensors)
        } catch var error as InputError {
            error.file = path
            throw error
        }
    }

    private init(model: TaggerModel, train: LabeledCorpus, dev: LabeledCorpus,
                 singletons: Set<Int32>, state: TrainingState) throws {
        self.model = model
        let header = model.header, encoder = model.encoder
        self.train = train.sentences
        self.dev = dev
        self.singletons = singletons.subtracting([Vocabulary.unknown])
        self.state = state
        var ids: [[Int32]] = []
        for sentence in train.sentences {
            guard let labelIDs = encoder.labelIDs(sentence.labels) else {
                let known = Set(header.labels)
                let offset = sentence.labels.firstIndex { !known.contains($0) } ?? 0
                let label = offset < sentence.labels.count ? sentence.labels[offset] : "?"
                throw InputError(.data, file: train.file, line: sentence.line + offset,
                                 "label '\(label)' is not in the model's label set (\(header.labels.count) labels); "
                                 + "resume with the data the run started with, or train a new model")
            }
            ids.append(labelIDs)
        }
        self.trainLabels = ids
        var inputs = train.sentences.map { encoder.encode($0.tokens) }
        if let guide = model.guide {
            let guided = guide.tagInParallel(batch: train.sentences.map(\.tokens), batchSize: 64)
            for (i, result) in guided.enumerated() {
                inputs[i].guide = result.labels.map { (guide.encoder.labelIndex[$0] ?? -1) + 1 }
            }
        }
        self.trainInputs = inputs
        // Dev keeps the data's own labels: it is scored against what the model writes.
        let written = Set(model.outputLabels)
        var unseen: [String: Int] = [:]
        for sentence in dev.sentences {
            for label in sentence.labels where !written.contains(label) { unseen[label, default: 0] += 1 }
        }
        if !unseen.isEmpty {
            let examples = unseen.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) x\($0.value)" }
            let count = unseen.values.reduce(0, +), tokens = dev.tokenCount
            if count * 2 > tokens {
                throw InputError(.data, file: dev.file, "\(count) of \(tokens) dev tokens carry labels "
                                 + "never seen in training (\(examples.joined(separator: ", "))); give dev data labelled "
                                 + "like the training data")
            }
            notes.append("\(unseen.values.reduce(0, +)) dev tokens carry \(unseen.count) labels never seen in "
                         + "training (\(examples.joined(separator: ", "))); they count as errors")
        }
        model.network.threads = header.options.threads
        optimizer = OptimizerBox(options: header.options, parameters: model.network.parameters)
        if let epochs = header.options.averageEpochs, epochs > 0 {
            // About this many optimiser steps per epoch (length bucketing may add a few).
            let batch = max(header.options.batchSize, 1)
            let steps = (train.sentences.count + batch - 1) / batch
            average = WeightAverage(parameters: model.network.parameters,
                                    decay: WeightAverage.decay(epochs: epochs, stepsPerEpoch: steps))
        } else {
            average = nil
        }
    }

    /// `.char` when every training token is a single character, else `.word`.
    public static func detectUnit(_ corpus: LabeledCorpus) -> TokenUnit {
        corpus.sentences.allSatisfy { $0.tokens.allSatisfy { $0.count == 1 } } ? .char : .word
    }

    /// `train` with its labels in `scheme` (`TrainingOptions.labelScheme`) and the scheme the
    /// model then writes (nil: the data's own). Nil, or the data's own scheme, leaves the corpus
    /// as it is; `iobes` turns the labels of BIO entity data into IOBES, whose valid sequences
    /// the model writes back as BIO.
    /// - Throws: `InputError(.data)` naming the file for another scheme, data in another
    ///   scheme, or morpheme labels (their restoration reads BIO).
    public static func relabeled(_ train: LabeledCorpus, scheme name: String?) throws
        -> (corpus: LabeledCorpus, outputScheme: String?) {
        guard let name, name != train.scheme.rawValue else { return (train, nil) }
        guard name == TagScheme.iobes.rawValue else {
            throw InputError(.data, file: train.file, "cannot learn the labels as \(name): the data "
                             + "is written in \(train.scheme.rawValue); only BIO data can be learnt as iobes")
        }
        guard train.scheme == .bio, train.task == "entity" else {
            let what = train.task == "entity" ? "written in \(train.scheme.rawValue)" : "morpheme labels"
            throw InputError(.data, file: train.file, "cannot learn the labels as iobes: the data holds "
                             + "\(what); only BIO entity labels can be")
        }
        var corpus = train
        for index in corpus.sentences.indices {
            corpus.sentences[index].labels = TagScheme.bio.convert(corpus.sentences[index].labels, to: .iobes)
        }
        corpus.scheme = .iobes
        return (corpus, TagScheme.bio.rawValue)
    }

    /// `O` first (when present), then the other labels ordered by type, then prefix.
    static func labelList(_ labels: [String]) -> [String] {
        let unique = Set(labels)
        func key(_ label: String) -> (String, String) {
            guard let hyphen = label.firstIndex(of: "-") else { return (label == "O" ? "" : label, "") }
            return (String(label[label.index(after: hyphen)...]), String(label[..<hyphen]))
        }
        return unique.sorted { a, b in
            if a == "O" || b == "O" { return a == "O" && b != "O" }
            let (ka, kb) = (key(a), key(b))
            return ka.0 != kb.0 ? ka.0 < kb.0 : ka.1 < kb.1
        }
    }

    static func initialise(_ network: TaggerNetwork, with vectors: WordVectors, vocabulary: Vocabulary,
                           freeze: Bool) {
        guard let embedding = network.parameters.first(where: { $0.name == "embedding.word" }),
              embedding.shape.count == 2, embedding.shape[1] == vectors.dimension else { return }
        let width = vectors.dimension
        for (id, token) in vocabulary.tokens.enumerated() where id >= 2 {
            guard let vector = vectors.vector(token) else { continue }
            for (k, value) in vector.enumerated() { embedding.value[id * width + k] = value }
        }
        embedding.frozen = freeze
    }

    // MARK: Training

    /// Runs the remaining epochs. Saves the best model to `modelPath` and, after every epoch, a
    /// checkpoint to `checkpointPath` (default `modelPath + ".checkpoint"`).
    /// - Returns: the best dev scores.
    /// - Throws: `InputError(.data)` when the loss or gradient becomes NaN or infinite (naming
    ///   epoch, batch and step; the saved model is left as it was), `.io` when writing fails.
    @discardableResult
    public func train(modelPath: String, checkpointPath: String? = nil) throws -> DevScores {
        let checkpointPath = checkpointPath ?? modelPath + ".checkpoint"
        let options = header.options
        for note in notes { onEvent(.note(note)) }
        if state.epoch > 0 || state.nextBatch != nil {
            onEvent(.note("resuming after epoch \(state.epoch) (step \(state.step))"
                          + (state.nextBatch.map { ", at batch \($0 + 1) of epoch \(state.epoch + 1)" } ?? "")))
        }
        while state.epoch < options.epochs {
            if options.patience > 0 && state.badEpochs >= options.patience { break }
            let epoch = state.epoch + 1
            let learningRate = options.learningRate(epoch: state.epoch)
            optimizer.learningRate = learningRate
            // A run stopped mid-epoch redraws the same batch order from the generator state the
            // epoch started with, keeps the generator where it stopped, and skips the done batches.
            let resumeAt = state.nextBatch ?? 0
            let epochStart = state.nextBatch == nil ? state.randomState : (state.epochStart ?? state.randomState)
            var batchRandom = SplitMix64(seed: epochStart)
            let batches = Batching.batches(lengths: train.map(\.tokens.count), batchSize: options.batchSize,
                                           random: &batchRandom)
            if state.nextBatch == nil { state.random = batchRandom }
            state.epochStart = epochStart
            let started = Date()
            var tokens = 0
            var lossSum = 0.0
            var sentences = 0
            for (b, batch) in batches.enumerated() where b >= resumeAt {
                if shouldStop() {
                    state.nextBatch = b
                    try writeCheckpoint(to: checkpointPath)
                    onEvent(.note("stopped in epoch \(epoch) before batch \(b + 1) of \(batches.count); "
                                  + "checkpoint written to \(checkpointPath) (continue with --resume)"))
                    return state.best ?? DevScores(epoch: 0, precision: 0, recall: 0, f1: 0, accuracy: 0)
                }
                let input = encoder.batch(batch.map { trainInputs[$0] }, labels: batch.map { trainLabels[$0] },
                                          unknownDropout: options.unknownDropout, singletons: singletons,
                                          random: &state.random)
                optimizer.zeroGrad()
                let loss = network.trainStep(input, dropoutSeed: state.random.next())
                state.step += 1
                guard loss.isFinite else {
                    throw diverged("the loss is \(loss)", epoch: epoch, batch: b + 1, modelPath: modelPath)
                }
                let norm = clipGlobalNorm(network.parameters, maxNorm: options.clip > 0 ? options.clip : .infinity)
                guard norm.isFinite else {
                    throw diverged("the gradient norm is \(norm)", epoch: epoch, batch: b + 1, modelPath: modelPath)
                }
                optimizer.step()
                average?.update(network.parameters)
                tokens += batch.reduce(0) { $0 + train[$1].tokens.count }
                lossSum += Double(loss) * Double(batch.count)
                sentences += batch.count
                let elapsed = max(Date().timeIntervalSince(started), 1e-6)
                onEvent(.batch(BatchProgress(
                    epoch: epoch, epochs: options.epochs, batch: b + 1, batches: batches.count, step: state.step,
                    loss: lossSum / Double(max(sentences, 1)), tokensPerSecond: Double(tokens) / elapsed,
                    secondsLeft: elapsed / Double(b + 1) * Double(batches.count - b - 1))))
            }
            let seconds = Date().timeIntervalSince(started)
            let scores = averaged { score(dev) }
            let devScores = DevScores(epoch: epoch, precision: scores.precision, recall: scores.recall,
                                      f1: scores.f1, accuracy: scores.accuracy)
            let improved = state.best.map { devScores.f1 > $0.f1 } ?? true
            state.epoch = epoch
            state.nextBatch = nil
            state.epochStart = nil
            if improved {
                state.best = devScores
                state.badEpochs = 0
                try averaged { try model(dev: devScores).save(to: modelPath) }
            } else {
                state.badEpochs += 1
            }
            try writeCheckpoint(to: checkpointPath)
            onEvent(.epoch(EpochReport(
                epoch: epoch, epochs: options.epochs, loss: lossSum / Double(max(sentences, 1)),
                learningRate: learningRate, tokensPerSecond: Double(tokens) / max(seconds, 1e-6), seconds: seconds,
                dev: devScores, perType: scores.perType, best: state.best ?? devScores, improved: improved)))
        }
        if options.patience > 0 && state.badEpochs >= options.patience {
            onEvent(.note("stopped early: no better dev F1 for \(options.patience) epochs"))
        }
        return state.best ?? DevScores(epoch: 0, precision: 0, recall: 0, f1: 0, accuracy: 0)
    }

    /// `body` with the averaged weights in the network when the run averages them.
    private func averaged<R>(_ body: () throws -> R) rethrows -> R {
        guard let average else { return try body() }
        return try average.withAveraged(network.parameters, body)
    }

    private func diverged(_ what: String, epoch: Int, batch: Int, modelPath: String) -> InputError {
        InputError(.data, "training diverged: \(what) at epoch \(epoch), batch \(batch) (step \(state.step)); "
                   + "nothing was written for this epoch (\(modelPath) keeps the last good model); "
                   + "lower --lr or set --clip")
    }

    /// The current weights as a model with `dev` scores.
    func model(dev: DevScores?) -> TaggerModel {
        var header = self.header
        header.dev = dev
        header.created = Date().formatted(.iso8601)
        return model.with(header: header)
    }

    private func writeCheckpoint(to path: String) throws {
        var modelHeader = header
        modelHeader.created = Date().formatted(.iso8601)
        let checkpoint = Checkpoint(header: modelHeader, state: state,
                                    tensors: model.tensors + optimizer.tensors()
                                        + (average?.tensors() ?? []))
        try checkpoint.write(to: path)
    }

    /// Tags `corpus` with the current weights and scores it.
    func score(_ corpus: LabeledCorpus) -> SpanScores {
        let current = model(dev: nil)
        current.computesConfidence = false  // only the labels are scored
        let predicted = current.tagInParallel(batch: corpus.sentences.map(\.tokens), batchSize: 64)
            .map(\.labels)
        return SpanScores(gold: corpus.sentences.map(\.labels), predicted: predicted)
    }
}

/// Where a run stands: completed epochs, optimiser steps, the generator, best scores.
struct TrainingState: Codable, Equatable {
    var epoch: Int
    var step: Int
    var randomState: UInt64
    var best: DevScores?
    var badEpochs: Int
    /// Set when training stopped inside an epoch (SIGINT): the first batch not yet trained.
    var nextBatch: Int?
    /// The generator state the unfinished epoch drew its batch order from.
    var epochStart: UInt64?

    var random: SplitMix64 {
        get { SplitMix64(seed: randomState) }
        set { randomState = newValue.state }
    }

    init(epoch: Int, step: Int, random: UInt64, best: DevScores?, badEpochs: Int) {
        self.epoch = epoch
        self.step = step
        self.randomState = random
        self.best = best
        self.badEpochs = badEpochs
    }
}
