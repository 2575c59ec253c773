import Corpus
import Glibc
import Hangul
import Network
import Tagger

/// `biotag train`: parses options into `TrainingOptions` and runs `Tagger.Trainer`.
enum TrainCommand {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "train", value: "FILE", help: "training data (CoNLL columns, 2-column, KLUE tsv, CoNLL-U, Sejong, syllable BIO)"),
        OptionSpec(name: "dev", value: "FILE", help: "development data for early stopping (same formats)"),
        OptionSpec(name: "out", value: "MODEL", help: "where the best model goes (checkpoint: MODEL.checkpoint)"),
        OptionSpec(name: "input-format", value: "FORMAT", help: "conll|klue|conllu|sejong|bio (default: detected from content)"),
        OptionSpec(name: "labels", value: "KIND", help: "pos|seg: labels built from morpheme data (default pos)"),
        OptionSpec(name: "dictionary", value: "FILE",
                   help: "restoration dictionary of syllable BIO from analyses (convert --dictionary): "
                       + "the model restores morphemes"),
        OptionSpec(name: "scheme", value: "SCHEME",
                   help: "bio|iobes: the scheme entity labels are learnt in (default: the data's); "
                       + "iobes learns BIO data as IOBES and the model still writes BIO"),
        OptionSpec(name: "unit", value: "UNIT", help: "auto|char|word (auto: char when every token is one character)"),
        OptionSpec(name: "emb", value: "N", help: "token embedding size (char 64, word 100)"),
        OptionSpec(name: "cell", value: "CELL",
                   help: "lstm|gru: the recurrent unit of every layer (lstm); gru has 3 gates to lstm's 4"),
        OptionSpec(name: "hidden", value: "N", help: "recurrent size per direction (char 192, word 128)"),
        OptionSpec(name: "layers", value: "N", help: "stacked bidirectional layers (char 2, word 1)"),
        OptionSpec(name: "dropout", value: "P", help: "dropout on embeddings and between layers (char 0.3, word 0.5)"),
        OptionSpec(name: "input-dropout", value: "P",
                   help: "dropout on the embeddings alone (default: --dropout); 0 also trains faster"),
        OptionSpec(name: "crf", value: nil, help: "linear-chain CRF output layer instead of softmax"),
        OptionSpec(name: "bigrams", value: "N",
                   help: "token-bigram embedding size, 0 = off (0): each token also reads its left "
                       + "and right pair"),
        OptionSpec(name: "bigram-min-count", value: "N",
                   help: "bigrams seen fewer times map to the bigram UNK (2)"),
        OptionSpec(name: "window-features", value: "N",
                   help: "hash buckets of sparse window n-gram features added to the label scores, 0 = off (0)"),
        OptionSpec(name: "window-templates", value: "SET",
                   help: "basic|extended: the CRF tagger's 12 window features, or 20 with longer "
                       + "n-grams and the token's word (basic)"),
        OptionSpec(name: "window-dropout", value: "P",
                   help: "training drops each window feature with probability P (0)"),
        OptionSpec(name: "adversarial", value: "EPS",
                   help: "adversarial training: each step also learns from the token embeddings moved by EPS "
                       + "(L2 norm) along their loss gradient, 0 = off (0); steps take twice as long"),
        OptionSpec(name: "morph-features", value: "MODEL",
                   help: "a morpheme model (file or shipped name) whose labels each token also reads; "
                       + "stored in the model, run before it when tagging"),
        OptionSpec(name: "morph-embedding", value: "N", help: "embedding size of --morph-features labels (16)"),
        OptionSpec(name: "average-epochs", value: "K",
                   help: "score and save a moving average of the weights over about K epochs, 0 = off (0)"),
        OptionSpec(name: "epochs", value: "N", help: "maximum epochs (30)"),
        OptionSpec(name: "batch", value: "N", help: "sentences per batch (char 32, word 16)"),
        OptionSpec(name: "optimizer", value: "NAME", help: "adam|sgd (adam)"),
        OptionSpec(name: "lr", value: "RATE", help: "learning rate (adam: char 0.002, word 0.001; sgd 0.05)"),
        OptionSpec(name: "lr-decay", value: "D", help: "lr at epoch e is lr/(1+D*e) (0.05)"),
        OptionSpec(name: "clip", value: "NORM", help: "global gradient-norm clipping, 0 = off (5)"),
        OptionSpec(name: "patience", value: "N", help: "stop after N epochs without a better dev F1, 0 = never (5)"),
        OptionSpec(name: "seed", value: "N", help: "random seed (1)"),
        OptionSpec(name: "threads", value: "N",
                   help: "worker threads, 1 or 2 (2): half of each batch per core, same results"),
        OptionSpec(name: "min-count", value: "N", help: "tokens seen fewer times become UNK (1)"),
        OptionSpec(name: "vectors", value: "FILE", help: "word2vec/GloVe text vectors for the token embedding"),
        OptionSpec(name: "freeze-vectors", value: nil, help: "keep --vectors fixed during training"),
        OptionSpec(name: "skip-invalid", value: nil,
                   help: "leave out sentences that cannot be read, with a warning each (stderr)"),
        OptionSpec(name: "resume", value: "CHECKPOINT", help: "continue a run from its checkpoint"),
        OptionSpec(name: "quiet", value: nil, help: "no progress output"),
    ]

    static let help = helpText(
        usage: "biotag train --train FILE --dev FILE --out MODEL [options]",
        summary: "Trains a BiLSTM(-CRF) or BiGRU(-CRF) tagger; saves the model with the best dev span F1 and a checkpoint after every epoch.",
        specs: specs)

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: specs)
        guard args.positionals.isEmpty else {
            throw UsageError("unexpected argument '\(args.positionals[0])'; give files with --train and --dev")
        }
        guard let trainPath = args.string("train") else { throw UsageError("--train FILE is required") }
        guard let devPath = args.string("dev") else { throw UsageError("--dev FILE is required (used for early stopping)") }
        guard let outPath = args.string("out") else { throw UsageError("--out MODEL is required") }
        let format: InputFormat? = try args.choice("input-format")
        let labels = try args.choice("labels") ?? MorphemeLabels.pos
        let unitName = try args.choice("unit", ["auto", "char", "word"], default: "auto")
        // Outputs are checked before any work: a missing folder fails now, not after an epoch.
        try AtomicFile.checkWritable(outPath)
        try AtomicFile.checkWritable(outPath + ".checkpoint")
        // A run to continue is read first: options that disagree with it are refused before the data is read.
        var resumePoint = try args.string("resume").map { try ResumePoint(path: $0) }
        if let point = resumePoint { try checkResume(args, point: point, trainPath: trainPath) }

        let skip: ((InputError) -> Void)? = args.flag("skip-invalid")
            ? { StandardError.line("biotag train: warning: \($0); sentence skipped") } : nil
        if args.string("dictionary") != nil && resumePoint != nil {
            throw UsageError("--dictionary does not apply with --resume: the checkpoint keeps the run's own")
        }
        let dictionary = try args.string("dictionary").map { try RestorationDictionary.load(path: $0) }
        var train = try LabeledCorpus.read(path: trainPath, format: format, labels: labels, skip: skip)
        if let dictionary { try train.attach(restoration: dictionary) }
        let dev = try LabeledCorpus.read(path: devPath, format: format, labels: labels, skip: skip)
        for corpus in [train, dev] where corpus.skipped > 0 {
            StandardError.line("biotag train: \(corpus.file): \(corpus.skipped) of "
                               + "\(corpus.skipped + corpus.sentences.count) sentences skipped (--skip-invalid)")
        }
        let printer = ProgressPrinter()
        let quiet = args.flag("quiet")
        if !quiet { StandardError.line(ProgressPrinter.dataLine(train: train, dev: dev)) }

        let trainer: Trainer
        if var point = resumePoint {
            // --epochs, --patience and --threads apply to the rest of the run (checkResume).
            var options = point.header.options
            options.epochs = try args.int("epochs", default: options.epochs, in: 1...10_000)
            options.patience = try args.int("patience", default: options.patience, in: 0...10_000)
            options.threads = try args.int("threads", default: options.threads, in: 1...2)
            point.header.options = options
            resumePoint = nil
            trainer = try Trainer(resuming: point, train: train, dev: dev)
        } else {
            let unit = unitName == "auto" ? Trainer.detectUnit(train) : (TokenUnit(rawValue: unitName) ?? .char)
            let vectors = try args.string("vectors").map { try WordVectors(path: $0) }
            var network = try parseNetwork(args, unit: unit)
            if args.string("emb") == nil, let vectors {
                // The embedding takes the vectors' width unless --emb says otherwise.
                network.embedding = vectors.dimension
            }
            if let vectors, let path = args.string("vectors"), vectors.dimension != network.embedding {
                let width = vectors.dimension
                throw InputError(.data, file: path, "the vectors have \(width) values per word but --emb is "
                                 + "\(network.embedding); give --emb \(width) or leave it out")
            }
            let guide = try args.string("morph-features").map { try ShippedModels.load($0, restoration: false) }
            if let guide, guide.task == "entity" {
                throw UsageError("--morph-features takes a morpheme model; '\(args.string("morph-features") ?? "")' "
                                 + "is an entity model")
            }
            trainer = try Trainer(train: train, dev: dev, unit: unit, network: network,
                                  options: try parseOptions(args, unit: unit), vectors: vectors, guide: guide)
        }
        if !quiet {
            StandardError.line(ProgressPrinter.modelLine(trainer.header))
            trainer.onEvent = printer.handle
        }
        let interrupted = InterruptFlag.install()
        trainer.shouldStop = { interrupted.isSet }
        let best = try trainer.train(modelPath: outPath)
        if interrupted.isSet {
            StandardError.line("interrupted; continue with --resume \(outPath).checkpoint")
            exit(ExitCode.interrupted.rawValue)
        }
        if !quiet { StandardError.line(ProgressPrinter.doneLine(best: best, path: outPath)) }
    }

    /// Refuses options of a `--resume` run that disagree with its checkpoint, naming the option
    /// and both values: the network's shape and the training options are the run's own (only
    /// --epochs, not below the epochs done, --patience and --threads may change), and --train
    /// must be the file it was trained on (compared by name).
    /// - Throws: `UsageError` for the first conflict.
    static func checkResume(_ args: Arguments, point: ResumePoint, trainPath: String) throws {
        let network = point.header.network, options = point.header.options
        func conflict(_ name: String, _ given: String, _ saved: String) -> UsageError {
            UsageError("--\(name) \(given) conflicts with the checkpoint's \(saved); --resume continues the run "
                       + "as it was set up: leave --\(name) out or train a new model")
        }
        func int(_ name: String, _ saved: Int, _ range: ClosedRange<Int>) throws {
            guard args.string(name) != nil else { return }
            let given = try args.int(name, default: saved, in: range)
            if given != saved { throw conflict(name, String(given), String(saved)) }
        }
        func real(_ name: String, _ saved: Float, _ range: ClosedRange<Double>) throws {
            guard args.string(name) != nil else { return }
            let given = Float(try args.double(name, default: Double(saved), in: range))
            if given != saved { throw conflict(name, String(given), String(saved)) }
        }
        func text(_ name: String, _ saved: String) throws {
            guard let given = args.string(name), given != saved else { return }
            throw conflict(name, given, saved)
        }
        try int("emb", network.embedding, 1...4096)
        try int("hidden", network.hidden, 1...4096)
        try int("layers", network.layers, 1...8)
        try text("cell", network.recurrentCell.rawValue)
        try real("dropout", network.dropout, 0...0.95)
        try real("input-dropout", network.inputDropoutRate, 0...0.95)
        if args.flag("crf") && !network.crf { throw conflict("crf", "(a CRF output layer)", "softmax") }
        try int("bigrams", network.bigramEmbedding ?? 0, 0...4096)
        try int("bigram-min-count", options.bigramMinCount ?? 2, 1...1_000_000)
        try int("window-features", network.windowBuckets ?? 0, 0...(1 << 26))
        try real("window-dropout", network.windowDropout ?? 0, 0...0.95)
        try real("adversarial", network.adversarial ?? 0, 0...100)
        if network.usesWindowFeatures, let set = WindowTemplates(count: network.windowTemplates ?? 0) {
            try text("window-templates", set.rawValue)
        }
        try real("average-epochs", options.averageEpochs ?? 0, 0...1000)
        try text("scheme", options.labelScheme ?? point.header.scheme)
        try int("batch", options.batchSize, 1...4096)
        try text("optimizer", options.optimizer.rawValue)
        try real("lr", options.learningRate, 1e-9...10)
        try real("lr-decay", options.learningRateDecay, 0...100)
        try real("clip", options.clip, 0...1e6)
        try int("seed", Int(options.seed), 0...Int.max)
        try int("min-count", options.minCount, 1...1_000_000)
        if args.flag("freeze-vectors") && !options.freezeVectors {
            throw conflict("freeze-vectors", "(frozen vectors)", "trained embedding")
        }
        if args.string("vectors") != nil {
            throw UsageError("--vectors does not apply with --resume: the checkpoint holds the embedding "
                             + "it started with")
        }
        if args.string("morph-features") != nil {
            throw UsageError("--morph-features does not apply with --resume: the checkpoint holds the "
                             + "morpheme model it started with")
        }
        try int("morph-embedding", network.guideEmbedding ?? 0, 1...4096)
        if let unit = args.string("unit"), unit != "auto" { try text("unit", point.header.unit.rawValue) }
        try text("input-format", point.header.inputFormat.rawValue)
        if point.header.task == "pos" || point.header.task == "seg" { try text("labels", point.header.task) }
        let name = trainPath.split(separator: "/").last.map(String.init) ?? trainPath
        if let saved = point.header.trainingData.first, saved != name {
            throw UsageError("--train \(trainPath) is not the file this run was trained on (\(saved)); "
                             + "resume with the same --train or train a new model")
        }
        if args.string("epochs") != nil {
            let epochs = try args.int("epochs", default: 0, in: 1...10_000)
            if epochs < point.epoch {
                throw UsageError("--epochs \(epochs) is below the checkpoint's \(point.epoch) completed epochs; "
                                 + "give --epochs \(point.epoch + 1) or more")
            }
        }
    }

    /// The network's shape from --cell, --emb, --hidden, --layers, --dropout, --input-dropout, --crf,
    /// --bigrams, --window-features, --window-templates, --window-dropout, --adversarial.
    static func parseNetwork(_ args: Arguments, unit: TokenUnit) throws -> NetworkConfig {
        var n = NetworkConfig.defaults(for: unit)
        // Recorded when given; absent (as in older model files) it means an LSTM.
        n.cell = try args.choice("cell") as RecurrentCell?
        n.embedding = try args.int("emb", default: n.embedding, in: 1...4096)
        n.hidden = try args.int("hidden", default: n.hidden, in: 1...4096)
        n.layers = try args.int("layers", default: n.layers, in: 1...8)
        n.dropout = Float(try args.double("dropout", default: Double(n.dropout), in: 0...0.95))
        if args.string("input-dropout") != nil {
            n.inputDropout = Float(try args.double("input-dropout", default: Double(n.dropout), in: 0...0.95))
        }
        n.crf = args.flag("crf")
        let bigrams = try args.int("bigrams", default: 0, in: 0...4096)
        n.bigramEmbedding = bigrams > 0 ? bigrams : nil
        let buckets = try args.int("window-features", default: 0, in: 0...(1 << 26))
        n.windowBuckets = buckets > 0 ? buckets : nil
        if let set = try args.choice("window-templates") as WindowTemplates? {
            guard buckets > 0 else {
                throw UsageError("--window-templates needs --window-features N (hash buckets, N > 0)")
            }
            n.windowTemplates = set.count
        }
        if buckets > 0, args.string("window-dropout") != nil {
            n.windowDropout = Float(try args.double("window-dropout", default: 0, in: 0...0.95))
        }
        let adversarial = try args.double("adversarial", default: 0, in: 0...100)
        n.adversarial = adversarial > 0 ? Float(adversarial) : nil
        if args.string("morph-features") != nil {
            n.guideEmbedding = try args.int("morph-embedding", default: 16, in: 1...4096)
        }
        return n
    }

    /// The training options from the remaining options.
    static func parseOptions(_ args: Arguments, unit: TokenUnit) throws -> TrainingOptions {
        var o = TrainingOptions.defaults(for: unit)
        o.epochs = try args.int("epochs", default: o.epochs, in: 1...10_000)
        o.batchSize = try args.int("batch", default: o.batchSize, in: 1...4096)
        o.optimizer = try args.choice("optimizer") ?? o.optimizer
        let defaultRate = o.optimizer == .sgd ? TrainingOptions.sgdLearningRate : o.learningRate
        o.learningRate = Float(try args.double("lr", default: Double(defaultRate), in: 1e-9...10))
        o.learningRateDecay = Float(try args.double("lr-decay", default: Double(o.learningRateDecay), in: 0...100))
        o.clip = Float(try args.double("clip", default: Double(o.clip), in: 0...1e6))
        o.patience = try args.int("patience", default: o.patience, in: 0...10_000)
        o.seed = UInt64(try args.int("seed", default: Int(o.seed), in: 0...Int.max))
        o.threads = try args.int("threads", default: o.threads, in: 1...2)
        o.minCount = try args.int("min-count", default: o.minCount, in: 1...1_000_000)
        o.freezeVectors = args.flag("freeze-vectors")
        if args.string("bigrams") != nil {
            o.bigramMinCount = try args.int("bigram-min-count", default: 2, in: 1...1_000_000)
        }
        let average = try args.double("average-epochs", default: 0, in: 0...1000)
        o.averageEpochs = average > 0 ? Float(average) : nil
        if args.string("scheme") != nil {
            o.labelScheme = try args.choice("scheme", ["bio", "iobes"], default: "bio")
        }
        return o
    }
}
