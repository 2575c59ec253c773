import Corpus
import Hangul

/// `biotag convert`: Korean morpheme analyses and entity markup <-> syllable BIO. Option
/// parsing and dispatch only; the work is in the Hangul library.
enum ConvertCommand {
    static let inputs = Conversion.Input.allCases.map(\.rawValue)
    static let outputs = Conversion.Output.allCases.map(\.rawValue)

    static let specs: [OptionSpec] = [
        OptionSpec(name: "from", value: "FORMAT", help: "input: conllu, sejong, klue, inline or bio (required)"),
        OptionSpec(name: "to", value: "FORMAT", help: "output: bio, sejong, conllu, inline or json (required)"),
        OptionSpec(name: "scheme", value: "NAME", help: "tag scheme of BIO output: bio (default), iobes, iob1, untyped"),
        OptionSpec(name: "labels", value: "KIND", help: "for analyses: pos (default, B-NNG) or seg (B/I only)"),
        OptionSpec(name: "dictionary", value: "FILE",
                   help: "restoration dictionary: written for analyses -> labels, read for labels -> analyses"),
        OptionSpec(name: "no-rules", value: nil,
                   help: "bio -> analyses: restore from dictionary entries alone (no rules learned from them)"),
        OptionSpec(name: "skip-invalid", value: nil,
                   help: "pass over sentences that cannot be read, with a warning each (stderr)"),
        OptionSpec(name: "stats", value: nil,
                   help: "print words, fused words, labels, dictionary size, unrestorable words (stderr)"),
    ]

    static let summary = """
        Converts Korean morpheme analyses (CoNLL-U, Sejong) and entity markup (KLUE tsv, inline
        <text:TYPE>) to one label per syllable and back. Reads FILE or standard input, writes
        standard output. A space is the token ▁ (U+2581); a fused syllable (했 = 하+였) gets a
        composite label (B-XSV+EP) that the restoration dictionary turns back into morphemes.
        """

    static let help = helpText(usage: "biotag convert --from FORMAT --to FORMAT [options] [FILE]",
                               summary: summary, specs: specs)

    static func run(_ arguments: [String]) throws {
        let output = OutputWriter()
        defer { output.flush() }
        try convert(arguments, output: output, report: { StandardError.line($0) })
        try output.finish()
    }

    /// Runs a conversion with `arguments`, writing to `output` and statistics lines and warnings
    /// to `report`.
    static func convert(_ arguments: [String], output: OutputWriter, report: (String) -> Void) throws {
        let args = try Arguments(arguments, specs: specs)
        guard args.string("from") != nil else {
            throw UsageError("--from is required (\(inputs.joined(separator: ", ")))")
        }
        guard args.string("to") != nil else {
            throw UsageError("--to is required (\(outputs.joined(separator: ", ")))")
        }
        guard let from: Conversion.Input = try args.choice("from"),
              let to: Conversion.Output = try args.choice("to") else { return }
        let schemeName = try args.choice("scheme", ["bio", "iobes", "iob1", "untyped", "iob2"], default: "bio")
        guard let scheme = TagScheme(name: schemeName) else { throw UsageError("unknown scheme '\(schemeName)'") }
        if from.hasEntityLabels && args.string("labels") != nil {
            throw UsageError("--labels applies to analyses (conllu, sejong, bio); entity inputs keep their labels")
        }
        let kind = try args.choice("labels") ?? LabelKind.pos
        if Conversion.problem(from: from, to: to) != nil {
            throw UsageError("--from \(from.rawValue) has entity labels, not morpheme analyses; "
                             + "--to \(to.rawValue) needs --from conllu, sejong or bio")
        }
        guard args.positionals.count <= 1 else { throw UsageError("give at most one input FILE") }
        let dictionaryPath = args.string("dictionary")

        var conversion = Conversion(from: from, to: to, scheme: scheme, kind: kind,
                                    countsLabels: args.flag("stats"))
        conversion.usesRules = !args.flag("no-rules")
        if conversion.restoresMorphemes, let dictionaryPath {
            conversion.dictionary = try RestorationDictionary.load(path: dictionaryPath)
        }
        // The dictionary written at the end is checked before the input is read.
        if conversion.labelsAnalyses, let dictionaryPath { try AtomicFile.checkWritable(dictionaryPath) }
        let input = try LineReader(path: args.positionals.first ?? "-")
        let result = try withoutActuallyEscaping(report) { report in
            try conversion.run(input, write: output.write, skip: args.flag("skip-invalid")
                ? { report("biotag convert: warning: \($0); sentence skipped") } : nil)
        }
        if result.skipped > 0 {
            report("biotag convert: \(result.skipped) of \(result.skipped + result.sentences) sentences "
                   + "skipped (--skip-invalid)")
            if result.sentences == 0 {
                throw InputError(.data, file: input.name, "no sentence could be read; nothing converted")
            }
        }
        if let dictionaryPath, let learnt = result.learntDictionary { try learnt.save(path: dictionaryPath) }
        if dictionaryPath == nil, let restoration = result.restoration, restoration.unseen > 0 {
            let byRule = restoration.unseenByRule
            report("biotag convert: warning: no --dictionary: \(restoration.unseen) fused syllables restored by "
                   + "rule (\(byRule)) or kept whole (\(restoration.unseen - byRule)); give the dictionary "
                   + "that convert --to bio --dictionary FILE wrote")
        }
        if args.flag("stats") { result.lines.forEach(report) }
    }
}
