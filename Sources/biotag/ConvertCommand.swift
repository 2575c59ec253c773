import Corpus
import Hangul

/// `biotag convert`: Korean morpheme analyses and entity markup <-> syllable BIO. Option
/// parsing and dispatch only; the work is in the Hangul library.
enum ConvertCommand {
    static let inputs = ["conllu", "sejong", "klue", "inline", "bio"]
    static let outputs = ["bio", "sejong", "conllu", "inline", "json"]

    static let specs: [OptionSpec] = [
        OptionSpec(name: "from", value: "FORMAT", help: "input: conllu, sejong, klue, inline or bio (required)"),
        OptionSpec(name: "to", value: "FORMAT", help: "output: bio, sejong, conllu, inline or json (required)"),
        OptionSpec(name: "scheme", value: "NAME", help: "tag scheme of BIO output: bio (default), iobes, iob1, untyped"),
        OptionSpec(name: "labels", value: "KIND", help: "for analyses: pos (default, B-NNG) or seg (B/I only)"),
        OptionSpec(name: "dictionary", value: "FILE",
                   help: "restoration dictionary: written for analyses -> labels, read for labels -> analyses"),
        OptionSpec(name: "no-rules", value: nil,
                   help: "bio -> analyses: restore from dictionary entries alone (no rules learned from them)"),
        OptionSpec(name: "stats", value: nil,
                   help: "print words, fused words, labels, dictionary size, unrestorable words (stderr)"),
    ]

    static let summary = """
        Converts Korean morpheme analyses (CoNLL-U, Sejong) and entity markup (KLUE tsv, inline
        <text:TYPE>) to one label per syllable and back. Reads FILE or standard input, writes
        standard output. A space is the token ▁ (U+2581); a fused syllable (했 = 하+였) gets a
        composite label (B-XSV+EP) that the restoration dictionary turns back into morphemes.
        """

    static func run(_ arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "biotag convert --from FORMAT --to FORMAT [options] [FILE]", summary: summary,
                           specs: specs))
            return
        }
        let output = OutputWriter()
        defer { output.flush() }
        try convert(arguments, output: output, report: { StandardError.line($0) })
        output.flush()
        if output.failed {
            throw InputError(.io, file: "<stdout>", "cannot write the output (disk full or pipe closed)")
        }
    }

    /// Runs a conversion with `arguments`, writing to `output` and statistics lines to `report`.
    static func convert(_ arguments: [String], output: OutputWriter, report: (String) -> Void) throws {
        let args = try Arguments(arguments, specs: specs)
        let inputList = inputs.joined(separator: ", "), outputList = outputs.joined(separator: ", ")
        guard let from = args.string("from") else { throw UsageError("--from is required (\(inputList))") }
        guard let to = args.string("to") else { throw UsageError("--to is required (\(outputList))") }
        guard inputs.contains(from) else { throw UsageError("--from must be one of \(inputList), got '\(from)'") }
        guard outputs.contains(to) else { throw UsageError("--to must be one of \(outputList), got '\(to)'") }
        let schemeName = try args.choice("scheme", ["bio", "iobes", "iob1", "untyped", "iob2"], default: "bio")
        guard let scheme = TagScheme(name: schemeName) else { throw UsageError("unknown scheme '\(schemeName)'") }
        let isEntity = from == "klue" || from == "inline"
        if isEntity && args.string("labels") != nil {
            throw UsageError("--labels applies to analyses (conllu, sejong, bio); entity inputs keep their labels")
        }
        let kindName = try args.choice("labels", ["pos", "seg"], default: "pos")
        let kind = LabelKind(rawValue: kindName) ?? .pos
        if isEntity && (to == "sejong" || to == "conllu") {
            throw UsageError("--from \(from) has entity labels, not morpheme analyses; --to \(to) needs " +
                             "--from conllu, sejong or bio")
        }
        guard args.positionals.count <= 1 else { throw UsageError("give at most one input FILE") }
        let path = args.positionals.first ?? "-"
        let dictionaryPath = args.string("dictionary")
        let isAnalysis = from == "conllu" || from == "sejong"

        var decoder = MorphemeDecoder(kind: kind)
        decoder.usesRules = !args.flag("no-rules")
        if from == "bio" && (to == "sejong" || to == "conllu" || to == "json"), let dictionaryPath {
            decoder.dictionary = try RestorationDictionary.load(path: dictionaryPath)
        }
        var labeling = MorphemeLabeling(kind: kind)
        var labelCounts: [String: Int] = [:]
        var sentences = 0
        let lines = try LineReader(path: path)

        func emit(analysis: AnalyzedSentence?, syllables: SyllableSentence?) {
            sentences += 1
            switch to {
            case "sejong":
                if let analysis { output.write(SejongReader.format(analysis)) }
            case "conllu":
                if let analysis { output.write(ConlluWriter.format(ConlluAnalysis.conllu(analysis))) }
            case "bio":
                if let syllables {
                    if args.flag("stats") {
                        for label in syllables.labels(in: scheme) { labelCounts[label, default: 0] += 1 }
                    }
                    output.write(SyllableBIO.format(syllables, scheme: scheme))
                }
            case "inline":
                if let syllables { output.line(InlineMarkup.format(syllables)) }
            default:
                if let syllables { output.line(SpanJSON.format(syllables, words: analysis?.words)) }
            }
        }

        switch from {
        case "conllu", "sejong":
            let conllu = from == "conllu" ? ConlluReader(lines: lines) : nil
            let sejong = from == "sejong" ? SejongReader(lines: lines) : nil
            while true {
                let next: AnalyzedSentence?
                if let conllu {
                    guard let sentence = try conllu.next() else { break }
                    next = try ConlluAnalysis.sentence(sentence, file: conllu.name)
                } else if let sejong {
                    next = try sejong.next()
                } else {
                    next = nil
                }
                guard let analysis = next else { break }
                let syllables = to == "sejong" || to == "conllu" ? nil : labeling.label(analysis)
                emit(analysis: analysis, syllables: syllables)
            }
        case "klue":
            let reader = KlueReader(lines: lines)
            while let sentence = try reader.next() { emit(analysis: nil, syllables: sentence.syllableSentence) }
        case "inline":
            while let line = try lines.nextLine() {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                emit(analysis: nil, syllables: InlineMarkup.sentence(line))
            }
        default:
            let reader = SyllableBIOReader(lines: lines)
            while let sentence = try reader.next() {
                let needsWords = to == "sejong" || to == "conllu" || to == "json"
                emit(analysis: needsWords ? decoder.decode(sentence) : nil, syllables: sentence)
            }
        }

        if isAnalysis, to != "sejong", to != "conllu", let dictionaryPath {
            try labeling.dictionary.save(path: dictionaryPath)
        }
        guard args.flag("stats") else { return }
        report("sentences: \(sentences)")
        if isAnalysis {
            let s = labeling.statistics
            if to == "sejong" || to == "conllu" {
                report("(labels and dictionary are counted when converting to bio, inline or json)")
            } else {
                let share = s.words == 0 ? 0 : 100 * Double(s.fusedWords) / Double(s.words)
                report("words: \(s.words), fused words: \(s.fusedWords) (\(format(share))%), " +
                       "fused syllables: \(s.fusedSyllables), tokens: \(s.tokens)")
                let plain = s.typeCounts.keys.filter { !LabelKind.isComposite($0) }.count
                let composite = s.typeCounts.count - plain
                report("chunk types: \(s.typeCounts.count) (plain \(plain), composite \(composite))")
                report("dictionary: \(labeling.dictionary.count) pairs, " +
                       "\(labeling.dictionary.restorationCount) restorations")
                let ambiguous = labeling.ambiguousWords()
                report("unrestorable words: \(s.unrestorable.count + ambiguous.count) " +
                       "(not alignable \(s.unrestorable.count), ambiguous restoration \(ambiguous.count))")
                for item in (s.unrestorable + ambiguous).prefix(50) {
                    report("  \(item.word.form)\t\(AnalysisNotation.sejong(item.word.morphemes))\t" +
                           "line \(item.word.line.map(String.init) ?? "?"): \(item.reason)")
                }
            }
        }
        if to == "bio" {
            let plain = labelCounts.keys.filter { !LabelKind.isComposite(TagLabel($0).typeName) }.count
            report("labels (\(scheme.rawValue)): \(labelCounts.count) (plain \(plain), " +
                   "composite \(labelCounts.count - plain))")
        }
        if from == "bio" && (to == "sejong" || to == "conllu" || to == "json") {
            let r = decoder.report
            report("decoded syllables: \(r.syllables), fused restored: \(r.restored), " +
                   "unseen: \(r.unseen) (by learned rules \(r.unseenByRule), kept whole " +
                   "\(r.unseen - r.unseenByRule)), outside chunks: \(r.outside)")
            let top = r.unseenPairs.sorted { $0.value != $1.value ? $0.value > $1.value
                : ($0.key.syllable, $0.key.type) < ($1.key.syllable, $1.key.type) }
            for (key, n) in top.prefix(20) { report("  unseen \(key.syllable)\t\(key.type)\t\(n)") }
        }
    }

    private static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }
}
