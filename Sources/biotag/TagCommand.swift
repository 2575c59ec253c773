import Corpus
import Tagger

/// `biotag tag`: tags raw text (or token files) line by line with a model file or a shipped
/// model. Option parsing and dispatch only; tagging and formatting live in `Tagger`.
enum TagCommand {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "model", value: "PATH|NAME",
                   help: "model file or shipped model name (default: \(ShippedModels.defaultName); see biotag models)"),
        OptionSpec(name: "format", value: "FORMAT",
                   help: "morph|seg|inline|bio|json|conllu (default: morph for morpheme models, inline for entities)"),
        OptionSpec(name: "scores", value: nil, help: "add each label's probability (bio; json always has them)"),
        OptionSpec(name: "input", value: "KIND",
                   help: "text|conll|conllu|klue (default text: one sentence per line)"),
        OptionSpec(name: "batch", value: "N",
                   help: "throughput mode: N sentences per network call, output per block, not per line (default 1)"),
        OptionSpec(name: "read-ahead", value: "N",
                   help: "tag up to N lines already waiting in the input together; same output; "
                       + "1: each line alone (default 32)"),
        OptionSpec(name: "user-dictionary", value: "FILE",
                   help: "entries the output must follow (SURFACE<TAB>ANALYSIS or SURFACE<TAB>TYPE, "
                       + "optional <TAB>word); repeatable, later files win"),
        OptionSpec(name: "line-ends-sentence", value: nil,
                   help: "read the end of each line (each sentence of a token file) as a sentence end: "
                       + "an unpunctuated one is tagged as if a period followed its last word (not written), "
                       + "so its last ending reads EF where GSD, the default, has EC"),
        OptionSpec(name: "threads", value: "N",
                   help: "1 or 2 (default 1); 2 tags the lines or blocks waiting on two cores, same output"),
    ]

    static let summary = """
        Tags standard input (or FILEs) line by line and writes one result per input line, ended \
        as the input line was (CRLF stays CRLF), flushed \
        as soon as the line is read (lines already waiting behind it are tagged with it, see \
        --read-ahead); an empty line gives an empty line. Any text works (NFD jamo \
        are composed; invalid UTF-8 is replaced with a one-line warning). Token files (--input \
        conll|klue) get a predicted column; CoNLL-U (--input conllu) gets LEMMA and XPOS.
        """

    static let help = helpText(usage: "biotag tag [--model PATH|NAME] [--format FORMAT] [options] [FILE...]",
                               summary: summary, specs: specs)

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: specs)
        let inputName = try args.choice("input", TokenFileTagger.Input.allCases.map(\.rawValue) + ["text"],
                                        default: "text")
        let batch = try args.int("batch", default: 1, in: 1...4096)
        let threads = try args.int("threads", default: 1, in: 1...2)
        let readAhead = try args.int("read-ahead", default: 32, in: 1...4096)
        let formatName: OutputFormat? = try args.choice("format")
        // Text tagged as bio or inline never restores morphemes: skip decoding the dictionary.
        let restores = inputName != "text" || !(formatName == .bio || formatName == .inline)
        let model = try ShippedModels.load(args.string("model") ?? ShippedModels.defaultName,
                                           restoration: restores)
        model.threads = threads
        // A malformed entry is an error naming file and line (exit 2) before any input is read.
        if let paths = args.values["user-dictionary"] {
            model.userDictionary = try UserDictionary(model: model, paths: paths)
        }
        // Confidences are printed by json and by --scores only.
        model.computesConfidence = formatName == .json || args.flag("scores")
        model.lineEndsSentence = args.flag("line-ends-sentence")
        if inputName == "conllu" && !model.isMorphemeModel {
            throw UsageError("--input conllu fills LEMMA and XPOS and needs a morpheme model; this model tags "
                             + "'\(model.task)' (use --input conll or klue)")
        }
        let format = formatName ?? (inputName == "conllu" ? .conllu : OutputFormat.defaultFormat(for: model))
        if let problem = format.problem(with: model) { throw UsageError(problem) }
        if args.flag("scores") && (inputName != "text" || format != .bio) {
            StandardError.line("biotag tag: --scores has no effect with "
                               + (inputName != "text" ? "--input \(inputName)" : "--format \(format.rawValue)")
                               + " (only --format bio adds them; json always has them)")
        }
        if format == .conllu && inputName != "conllu" {
            throw UsageError("--format conllu needs CoNLL-U input (--input conllu)")
        }
        let paths = args.positionals.isEmpty ? ["-"] : args.positionals
        // Standard output that cannot be written (disk full, closed pipe) is an I/O error, exit 4.
        let output = OutputWriter()
        defer { output.flush() }

        if let input = TokenFileTagger.Input(rawValue: inputName) {
            if formatName != nil && format != .conllu {
                StandardError.line("biotag tag: --format is ignored with --input \(inputName): "
                                   + "the file's own format is written with the prediction added")
            }
            let tagger = try TokenFileTagger(model: model, input: input, batchSize: batch, threads: threads)
            for path in paths {
                // Token files are data: invalid UTF-8 is an error naming file, line and byte (exit 2).
                let lines = try LineReader(path: path, invalidUTF8: .fail)
                try tagger.run(lines, write: { output.write($0) }, flush: output.flush)
                try output.finish()
            }
            return
        }

        let tagger = LineTagger(model: model, format: format, scores: args.flag("scores"),
                                options: LineTagger.Options(batch: batch, readAhead: readAhead, threads: threads))
        for path in paths {
            // Each result line ends as its input line did (CRLF files stay CRLF).
            try tagger.run(reader(path), line: { text, ending in
                output.write(text)
                output.write(ending)
            }, flush: { try output.finish() })
        }
    }

    /// Lines of `path` (`-`: standard input); invalid UTF-8 is replaced with a warning naming the line.
    static func reader(_ path: String) throws -> LineReader {
        let lines = try LineReader(path: path, invalidUTF8: .replace)
        let name = lines.name
        lines.onInvalid = { line in
            StandardError.line("biotag tag: \(name):\(line): invalid UTF-8 replaced by U+FFFD; "
                               + "the line is tagged as repaired")
        }
        return lines
    }
}
