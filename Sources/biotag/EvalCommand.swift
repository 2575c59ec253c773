import Corpus
import Evaluation
import Glibc
import Tagger

/// `biotag eval`: span precision/recall/F1 of predicted labels against gold labels, printed
/// exactly as conlleval.pl prints it (or as a table, or JSON); with `--model`, of a model's
/// predictions. Parsing and dispatch only; the counting lives in `Evaluation.ChunkEvaluator`.
enum EvalCommand {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "format", value: "conlleval|table|json",
                   help: "report format (default conlleval: byte-identical to conlleval.pl)"),
        OptionSpec(name: "raw", value: nil, help: "labels have no B-/I- prefixes, one token per chunk (conlleval -r)",
                   short: "r"),
        OptionSpec(name: "delimiter", value: "REGEX",
                   help: "field separator, a Perl regex as conlleval's -d (default: one space)", short: "d"),
        OptionSpec(name: "outside", value: "TAG", help: "outside label in raw mode (conlleval -o; default O)",
                   short: "o"),
        OptionSpec(name: "strict", value: nil, help: "seqeval strict mode: chunks must start and end properly"),
        OptionSpec(name: "scheme", value: "bio|iobes", help: "the scheme for --strict (default bio)"),
        OptionSpec(name: "confusion", value: nil, help: "also print a token-level confusion matrix of labels"),
        OptionSpec(name: "gold", value: "FILE", help: "gold labels (last column), aligned with --pred"),
        OptionSpec(name: "pred", value: "FILE", help: "predicted labels (last column), aligned with --gold"),
        OptionSpec(name: "model", value: "MODEL", help: "tag FILE... with MODEL (a file or shipped model name), then evaluate against its labels"),
    ]

    static let summary = """
        Reads conlleval input (one token per line, gold and predicted labels in the last two
        fields, blank or -X- lines between sentences) from the FILEs, or standard input when
        none is given, and prints chunk precision, recall and F1. Several FILEs are evaluated
        together, as if concatenated.
        """

    static let help = helpText(usage: "biotag eval [options] [FILE...]", summary: summary, specs: specs)

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, specs: specs)
        // With --model the FILEs are annotated data to tag, and the options about reading
        // conlleval input do not apply.
        let model = parsed.string("model")
        if model != nil {
            for option in ["raw", "delimiter", "outside", "gold", "pred"]
                where parsed.flag(option) || parsed.string(option) != nil {
                throw UsageError("--\(option) does not apply with --model (the FILEs hold gold labels)")
            }
            if parsed.positionals.filter({ $0 == "-" }).count > 1 {
                throw UsageError("standard input (-) can be given once")
            }
        }
        let format = try parsed.choice("format") ?? ReportFormat.conlleval
        var options = EvaluationOptions()
        options.raw = parsed.flag("raw")
        options.outsideTag = parsed.string("outside") ?? "O"
        options.confusion = parsed.flag("confusion")
        if let delimiter = parsed.string("delimiter") {
            do {
                options.delimiter = try DelimiterPattern(delimiter)
            } catch {
                throw UsageError("--delimiter '\(delimiter)': \(error)")
            }
        }
        if parsed.flag("strict") {
            options.strict = try parsed.choice("scheme") ?? .bio
        } else if model == nil && parsed.string("scheme") != nil {
            throw UsageError("--scheme only applies with --strict")
        }
        if let model {
            // Tagged with MODEL, then reported like conlleval input, with morpheme scores for a
            // morpheme model on CoNLL-U or Sejong data (`Tagger.ModelReport`).
            let loaded = try ShippedModels.load(model)
            // Standard input (no FILE, or -) is kept in a temporary file: its format is detected
            // from its first lines before it is read.
            let paths = parsed.positionals.isEmpty ? ["-"] : parsed.positionals
            let copy = paths.contains("-") ? try copyStandardInput() : nil
            defer { if let copy { unlink(copy) } }
            do {
                let report = try ModelReport(model: loaded, paths: paths.map { $0 == "-" ? copy ?? $0 : $0 },
                                             options: options)
                return try write(report.bytes(format))
            } catch var error as InputError where copy != nil && error.file == copy {
                error.file = "<stdin>"
                throw error
            }
        }

        let evaluator = ChunkEvaluator(options: options)
        // A data error with the default delimiter (one space) in a file with tabs: suggest -d '\t'.
        func hinting(_ body: () throws -> Void) throws {
            do {
                try body()
            } catch var error as InputError where error.kind == .data && parsed.string("delimiter") == nil {
                if let file = error.file, Self.hasTab(file) {
                    error.message += "; the fields are separated by tabs: try -d '\\t'"
                }
                throw error
            }
        }
        let gold = parsed.string("gold"), predicted = parsed.string("pred")
        if gold != nil || predicted != nil {
            guard let gold, let predicted else {
                throw UsageError("--gold and --pred go together; give both files")
            }
            guard parsed.positionals.isEmpty else {
                throw UsageError("give either FILEs or --gold/--pred, not both")
            }
            try hinting {
                try evaluator.add(gold: try LineReader(path: gold), predicted: try LineReader(path: predicted))
            }
        } else {
            let files = parsed.positionals.isEmpty ? ["-"] : parsed.positionals
            for file in files {
                try hinting { try evaluator.add(lines: try LineReader(path: file)) }
            }
        }

        try write(format.bytes(evaluator.result()))
    }

    /// True when the first 64 KiB of the file `name` (an error's file; not standard input) hold a tab.
    static func hasTab(_ name: String) -> Bool {
        guard name != "<stdin>" else { return false }
        let fd = open(name, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return n > 0 && bytes[..<n].contains(0x09)
    }

    /// Standard input copied to a new temporary file, whose path is returned (the caller removes it).
    /// - Throws: `InputError(.io)` when it cannot be read or written.
    static func copyStandardInput() throws -> String {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/biotag-stdin-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw InputError(.io, file: "<stdin>", "cannot keep standard input in \(folder): "
                             + String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let path = String(cString: template)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                unlink(path)
                throw InputError(.io, file: "<stdin>", "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return path }
            var offset = 0
            while offset < n {
                let written = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, n - offset) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    unlink(path)
                    throw InputError(.io, file: "<stdin>", "cannot keep standard input in \(folder): "
                                     + String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }

    /// Writes a report to standard output.
    /// - Throws: `InputError(.io)` when it cannot be written.
    static func write(_ report: [UInt8]) throws {
        let output = OutputWriter()
        output.write(bytes: report)
        try output.finish("cannot write the report")
    }
}
