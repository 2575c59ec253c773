import Corpus
import FoundationEssentials
import Glibc
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

    static func run(_ arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "biotag models", summary: summary, specs: specs))
            return
        }
        let args = try Arguments(arguments, specs: specs)
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let output = OutputWriter()
        defer { output.flush() }
        for line in try listing() { output.line(line) }
    }

    /// The listing, one model per line after a header line.
    static func listing() throws -> [String] {
        let width = max(7, (ShippedModels.all.map(\.name.count).max() ?? 0) + 2)
        var lines = [pad("name", width) + pad("task", 8) + pad("dev F1", 8) + pad("P", 7) + pad("R", 7)
                     + pad("acc", 7) + pad("size", 9) + pad("weights", 10) + "description"]
        for entry in ShippedModels.all {
            let name = pad(entry.name + (entry.name == ShippedModels.defaultName ? "*" : ""), width)
            guard let path = ShippedModels.path(of: entry) else {
                lines.append(name + "not installed (\(entry.file)); " + entry.summary)
                continue
            }
            let model = try TaggerModel.load(path)
            let bytes = FileStatus.size(path) ?? 0
            let dev = model.header.dev
            func number(_ value: Double?) -> String { value.map { CFormat.string("%.2f", $0) } ?? "-" }
            lines.append(name + pad(model.task, 8) + pad(number(dev?.f1), 8) + pad(number(dev?.precision), 7)
                         + pad(number(dev?.recall), 7) + pad(number(dev?.accuracy), 7)
                         + pad(CFormat.string("%.1f MB", Double(bytes) / 1_048_576), 9)
                         + pad(CFormat.string("%.2fM", Double(model.parameterCount) / 1e6), 10)
                         + entry.summary)
        }
        lines.append("* default of biotag tag; dev data: "
                     + "UD Korean GSD dev (morph, morph-fast), KLUE NER split dev (ner)")
        return lines
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
