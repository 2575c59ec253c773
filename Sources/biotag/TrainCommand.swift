import Corpus
import Glibc
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
        OptionSpec(name: "window-dropout", value: "P",
                   help: "training drops each window feature with probability P (0)"),
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

        let train = try LabeledCorpus.read(path: trainPath, format: format, labels: labels)
        let dev = try LabeledCorpus.read(path: devPath, format: format, labels: labels)
        let printer = ProgressPrinter()
        let quiet = args.flag("quiet")
        if !quiet { StandardError.line(ProgressPrinter.dataLine(train: train, dev: dev)) }

        let trainer: Trainer
        if let resume = args.string("resume") {
            let epochs = try args.string("epochs").map { _ in try args.int("epochs", default: 0, in: 1...10_000) }
            trainer = try Trainer(resuming: resume, train: train, dev: dev, epochs: epochs)
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
            trainer = try Trainer(train: train, dev: dev, unit: unit, network: network,
                                  options: try parseOptions(args, unit: unit), vectors: vectors)
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

    /// The network's shape from --cell, --emb, --hidden, --layers, --dropout, --input-dropout, --crf,
    /// --bigrams, --window-features, --window-dropout.
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
        if buckets > 0, args.string("window-dropout") != nil {
            n.windowDropout = Float(try args.double("window-dropout", default: 0, in: 0...0.95))
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
        return o
    }
}
