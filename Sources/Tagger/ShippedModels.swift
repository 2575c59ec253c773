import Corpus
import FoundationEssentials
import Glibc

/// The models that come with the package, in `Sources/Tagger/Resources/Models`. A build finds
/// them there (the path is fixed at compile time); an installed `biotag` finds them in a
/// `biotag-models` folder next to the executable or in `$BIOTAG_MODELS`.
///
/// ```swift
/// let model = try ShippedModels.load("ner")       // or "morph", or a file path
/// ```
public enum ShippedModels {
    /// One shipped model: its name and file name.
    public struct Entry: Sendable, Equatable {
        /// The name `--model` accepts (`morph`, `ner`).
        public var name: String
        /// Other accepted names.
        public var aliases: [String]
        /// The file name inside the models folder.
        public var file: String
        /// One line on what it does.
        public var summary: String
    }

    /// The shipped models; the first is the default of `biotag tag`.
    public static let all: [Entry] = [
        Entry(name: "morph", aliases: ["ko-morph", "pos"], file: "ko-morph.model",
              summary: "Korean morpheme segmentation + Sejong POS (UD Korean GSD)"),
        Entry(name: "morph-fast", aliases: ["ko-morph-fast"], file: "ko-morph-fast.model",
              summary: "one GRU layer of 64, smaller window table: about 1.5x faster"),
        Entry(name: "ner", aliases: ["ko-ner"], file: "ko-ner.model",
              summary: "Korean named entities PS LC OG DT TI QT (KLUE NER)"),
    ]

    /// The default model's name.
    public static var defaultName: String { all[0].name }

    /// The folder name, next to an installed executable, that holds the shipped models.
    public static let installFolder = "biotag-models"

    /// The models folder of the package source this library was compiled from.
    static let sourceFolder: String = {
        let file = "\(#filePath)"
        let folder = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        return folder + "/Resources/Models"
    }()

    /// The environment variable that overrides where shipped models are looked for.
    public static let environmentVariable = "BIOTAG_MODELS"

    /// The entry called `name` (or one of its aliases), nil when there is none.
    public static func entry(named name: String) -> Entry? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Folders searched for shipped model files, in order: `$BIOTAG_MODELS`; next to the
    /// running executable (also through symbolic links) `biotag-models`, then the SwiftPM
    /// resource bundle names earlier versions used; last, the package's own
    /// `Sources/Tagger/Resources/Models` as it was when this file was compiled.
    public static func searchFolders() -> [String] {
        var folders: [String] = []
        if let override = ProcessInfo.processInfo.environment[environmentVariable], !override.isEmpty {
            folders.append(override)
        }
        var executables = [CommandLine.arguments.first ?? ""]
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executables.append(resolved)
        }
        for executable in executables where !executable.isEmpty {
            let folder = executable.lastIndex(of: "/").map { String(executable[..<$0]) } ?? "."
            folders.append(folder + "/" + installFolder)
            for bundle in ["BIOTagger_Tagger.resources", "BIOTagger_Tagger.bundle"] {
                folders.append(folder + "/" + bundle + "/Models")
                folders.append(folder + "/" + bundle)
            }
        }
        folders.append(sourceFolder)
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// The file of the shipped model `entry`, nil when it is not installed.
    public static func path(of entry: Entry) -> String? {
        for folder in searchFolders() {
            let path = folder + "/" + entry.file
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Where `nameOrPath` points: an existing file as given, else a shipped model's file.
    /// - Throws: `UsageError` for a word that is neither a file nor a shipped model name (a
    ///   mistyped name: the message lists the names and suggests the nearest); `InputError(.model)`
    ///   for a missing file given as a path (with a `/` or a `.`) or a shipped model not installed.
    public static func resolve(_ nameOrPath: String) throws -> String {
        if FileManager.default.fileExists(atPath: nameOrPath) { return nameOrPath }
        guard let entry = entry(named: nameOrPath) else {
            let names = all.map(\.name).joined(separator: ", ")
            if nameOrPath.contains("/") || nameOrPath.contains(".") {
                throw InputError(.model, file: nameOrPath,
                                 "no such model file, and not a shipped model name (\(names)); see biotag models")
            }
            let nearest = nearestName(to: nameOrPath)
            throw UsageError("--model '\(nameOrPath)' is neither a model file nor a shipped model name "
                             + "(\(names))" + (nearest.map { "; did you mean '\($0)'?" } ?? ""))
        }
        guard let path = path(of: entry) else {
            throw InputError(.model, "the shipped model '\(entry.name)' (\(entry.file)) is not installed "
                             + "next to this executable; set \(environmentVariable) to its folder "
                             + "or give --model FILE")
        }
        return path
    }

    /// The shipped name or alias nearest to `word` in edit distance (ties: the first listed),
    /// nil when `word` shares no character with any of them.
    static func nearestName(to word: String) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let target = Array(word.lowercased())
        let candidates = all.flatMap { [$0.name] + $0.aliases }
        guard let best = candidates.min(by: { distance(target, Array($0)) < distance(target, Array($1)) }),
              distance(target, Array(best)) < max(target.count, best.count) else { return nil }
        return entry(named: best)?.name ?? best
    }

    /// The table `biotag models` prints: a header line, then per model its name (`*` marks the
    /// default), task, dev span F1, precision, recall and token accuracy in percent, file size,
    /// number of weights and what it does (or that it is not installed, or that its file is
    /// damaged), then a note on the default and the dev data.
    /// - Returns: the lines, and the errors of the model files that could not be loaded (each
    ///   naming its file); the other models are listed all the same.
    public static func listing() -> (lines: [String], damaged: [Error]) {
        var damaged: [Error] = []
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        func number(_ value: Double?) -> String { value.map { CFormat.string("%.2f", $0) } ?? "-" }
        let width = max(7, (all.map(\.name.count).max() ?? 0) + 2)
        var lines = [pad("name", width) + pad("task", 8) + pad("dev F1", 8) + pad("P", 7) + pad("R", 7)
                     + pad("acc", 7) + pad("size", 9) + pad("weights", 10) + "description"]
        for entry in all {
            let name = pad(entry.name + (entry.name == defaultName ? "*" : ""), width)
            guard let path = path(of: entry) else {
                lines.append(name + "not installed (\(entry.file)); " + entry.summary)
                continue
            }
            let model: TaggerModel
            do {
                model = try TaggerModel.load(path)
            } catch {
                damaged.append(error)
                lines.append(name + "damaged (\(path.split(separator: "/").last ?? "")); " + entry.summary)
                continue
            }
            let bytes = FileStatus.size(path) ?? 0
            let dev = model.header.dev
            lines.append(name + pad(model.task, 8) + pad(number(dev?.f1), 8) + pad(number(dev?.precision), 7)
                         + pad(number(dev?.recall), 7) + pad(number(dev?.accuracy), 7)
                         + pad(CFormat.string("%.1f MB", Double(bytes) / 1_048_576), 9)
                         + pad(CFormat.string("%.2fM", Double(model.parameterCount) / 1e6), 10)
                         + entry.summary)
        }
        lines.append("* default of biotag tag; dev data: "
                     + "UD Korean GSD dev (morph, morph-fast), KLUE NER split dev (ner)")
        return (lines, damaged)
    }

    /// Loads a model by file path or shipped name (see `resolve`).
    /// - Throws: as `resolve` and `TaggerModel.load`.
    /// - Parameter restoration: as for `TaggerModel.load`.
    public static func load(_ nameOrPath: String, restoration: Bool = true) throws -> TaggerModel {
        try TaggerModel.load(try resolve(nameOrPath), restoration: restoration)
    }
}

extension TaggerModel {
    /// Number of trainable weights (float32 values) in the network.
    public var parameterCount: Int { network.parameters.reduce(0) { $0 + $1.value.count } }
}
