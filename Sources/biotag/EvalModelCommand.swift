import Corpus
import Evaluation
import Tagger

/// `biotag eval --model MODEL FILE...`: tags each FILE's tokens with MODEL and prints the span
/// report against the FILE's gold labels in any `--format`; for a morpheme model on CoNLL-U or
/// Sejong data, word-level XPOS/LEMMA accuracy and morpheme P/R/F1 follow (`Tagger.ModelReport`).
/// The input format is detected from content; the label kind (pos/seg) is the model's.
enum EvalModelCommand {
    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, specs: EvalCommand.specs)
        guard let modelPath = parsed.string("model") else { throw UsageError("--model MODEL is required") }
        for option in ["raw", "delimiter", "outside", "gold", "pred"]
            where parsed.flag(option) || parsed.string(option) != nil {
            throw UsageError("--\(option) does not apply with --model (the FILEs hold gold labels)")
        }
        guard !parsed.positionals.isEmpty, !parsed.positionals.contains("-") else {
            throw UsageError("give the annotated FILE(s) to tag and evaluate after --model MODEL")
        }
        let format = try EvalCommand.format(parsed)
        var options = EvaluationOptions()
        options.confusion = parsed.flag("confusion")
        if parsed.flag("strict") {
            let scheme = try parsed.choice("scheme", ["bio", "iobes"], default: "bio")
            options.strict = EvaluationOptions.StrictScheme(rawValue: scheme)
        }
        let report = try ModelReport(model: try ShippedModels.load(modelPath), paths: parsed.positionals,
                                     options: options)
        try EvalCommand.write(report.bytes(format))
    }
}
