import Corpus
import Tagger

/// `biotag models`: lists the shipped models with their dev scores and sizes.
enum ModelsCommand {
    static let specs: [OptionSpec] = []

    static let summary = """
        Lists the models shipped with biotag: the name --model accepts, what it does, its dev \
        scores (span P/R/F1 and token accuracy, in percent, of the saved epoch), its file size \
        and number of weights. The first one is the default of biotag tag. Models are looked \
        for in $\(ShippedModels.environmentVariable), then in biotag-models next to the executable, \
        then in the source tree biotag was built from.
        """

    static let help = helpText(usage: "biotag models", summary: summary, specs: specs)

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: specs)
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let output = OutputWriter()
        defer { output.flush() }
        let (lines, damaged) = ShippedModels.listing()
        for line in lines { output.line(line) }
        try output.finish()
        // The readable models are listed; a damaged file is then an error naming it (exit 3).
        for error in damaged.dropLast() { StandardError.line("biotag models: \(error)") }
        if let last = damaged.last { throw last }
    }
}
