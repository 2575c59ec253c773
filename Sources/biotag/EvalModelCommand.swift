import Corpus
import Evaluation
import Tagger

/// `biotag eval --model MODEL FILE...`: tags each FILE's tokens with MODEL and prints the span
/// report against the FILE's gold labels in any `--format`; for a morpheme model on CoNLL-U or
/// Sejong data, word-level XPOS/LEMMA accuracy and morpheme P/R/F1 follow. The input format is
/// detected from content; the label kind (pos/seg) is the model's.
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
        let format = try parsed.choice("format", ["conlleval", "table", "json"], default: "conlleval")
        var options = EvaluationOptions()
        options.confusion = parsed.flag("confusion")
        if parsed.flag("strict") {
            let scheme = try parsed.choice("scheme", ["bio", "iobes"], default: "bio")
            options.strict = EvaluationOptions.StrictScheme(rawValue: scheme)
        }

        let model = try ShippedModels.load(modelPath)
        let labels: MorphemeLabels = model.task == "seg" ? .seg : .pos
        let evaluator = ChunkEvaluator(options: options)
        var morphemes: MorphemeScores?
        for file in parsed.positionals {
            let corpus = try LabeledCorpus.read(path: file, labels: labels)
            let evaluation = ModelEvaluation(model: model, corpus: corpus)
            for (sentence, predicted) in zip(corpus.sentences, evaluation.predicted) {
                try evaluator.add(sentence: sentence.labels, predicted: predicted)
            }
            if let scores = evaluation.morphemes {
                var total = morphemes ?? MorphemeScores()
                total.merge(scores)
                morphemes = total
            }
        }

        let result = evaluator.result()
        let output = OutputWriter()
        switch format {
        case "table":
            output.write(TableReport.format(result))
            if let morphemes { output.write("\n" + morphemes.reportLines.joined(separator: "\n") + "\n") }
        case "json":
            var json = JSONReport.format(result)
            if let morphemes, json.hasPrefix("{") {
                json = "{\"morphemes\": " + morphemes.json + ", " + json.dropFirst()
            }
            output.write(json)
        default:
            output.write(bytes: ConllevalReport.bytes(result))
            if let confusion = result.confusion { output.write("\n" + ConfusionReport.format(confusion)) }
            if let morphemes { output.write(morphemes.reportLines.joined(separator: "\n") + "\n") }
        }
        output.flush()
        if output.failed { throw InputError(.io, file: "<stdout>", "cannot write the report") }
    }
}
