import Foundation
@testable import Evaluation

/// The worked examples under annotations/eval: inputs, options and expected reports.
struct GoldenCase {
    var name: String
    var input: String
    var arguments: [String]
    var expected: String

    static var folder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("annotations/eval").path
    }

    /// Every `*.expected` file with its input and arguments.
    static func all() throws -> [GoldenCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".expected") }.sorted()
        return try names.map { file in
            let stem = String(file.dropLast(".expected".count))
            let base = String(stem.prefix { $0 != "." })
            let argsPath = folder + "/" + stem + ".args"
            let arguments = (try? String(contentsOfFile: argsPath, encoding: .utf8))
                .map { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) } ?? []
            return GoldenCase(name: stem, input: folder + "/" + base + ".input", arguments: arguments,
                              expected: try String(contentsOfFile: folder + "/" + file, encoding: .utf8))
        }
    }

    /// The options and report format the arguments ask for (the subset of `biotag eval` options
    /// the cases use).
    func options() throws -> (EvaluationOptions, String) {
        var options = EvaluationOptions()
        var format = "conlleval"
        var scheme = EvaluationOptions.StrictScheme.bio
        var strict = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch argument {
            case "-r": options.raw = true
            case "-o": options.outsideTag = value; index += 1
            case "-d": options.delimiter = try DelimiterPattern(value); index += 1
            case "--strict": strict = true
            case "--scheme": scheme = EvaluationOptions.StrictScheme(rawValue: value) ?? .bio; index += 1
            case "--format": format = value; index += 1
            case "--confusion": options.confusion = true
            default: throw NSError(domain: "GoldenCase", code: 1, userInfo: [NSLocalizedDescriptionKey: argument])
            }
            index += 1
        }
        if strict { options.strict = scheme }
        return (options, format)
    }
}
