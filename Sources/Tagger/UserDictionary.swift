import Corpus
import Hangul
import Network

/// Words and names a model must tag as given, without retraining: the entries of user
/// dictionary files, matched in each line at tagging time and forced onto the decoder
/// (`TaggerModel.userDictionary`).
///
/// File format (UTF-8, one entry per line; lines starting with `#` and blank lines ignored),
/// columns separated by a TAB:
/// - morpheme models: `SURFACE<TAB>ANALYSIS`, the analysis in Sejong notation
///   (`카카오페이<TAB>카카오페이/NNP`, `했다<TAB>하/VV + 았/EP + 다/EF`); the surface is one word;
/// - entity models: `SURFACE<TAB>TYPE` (`현대자동차<TAB>OG`; the surface may contain spaces);
/// - an optional third column `word` restricts the entry to whole words (between whitespace or
///   the line's ends); otherwise it matches anywhere, e.g. inside `카카오페이로`.
///
/// An entry fixes the labels of its tokens to those `biotag convert` writes for its analysis
/// (or for one chunk of its type), in the model's scheme; the decoder then finds the best
/// labels for the rest of the line around them. Matching is leftmost-longest without overlaps
/// (`TokenTrie`); the same surface given again (a later line or file) replaces the earlier
/// entry. Fused syllables of morpheme entries bring their restorations (`restorations`), which
/// take precedence over the model's dictionary.
///
/// ```swift
/// let model = try ShippedModels.load("morph")
/// var dictionary = UserDictionary(model: model)
/// try dictionary.read(path: "names.tsv")
/// model.userDictionary = dictionary
/// ```
public struct UserDictionary: Sendable {
    /// The model's labels the forced labels index.
    public let labels: [String]
    /// How the model splits text (entries are split the same way).
    public let unit: TokenUnit
    /// The label kind of a morpheme model, nil for an entity model.
    public let kind: LabelKind?
    /// The scheme of the model's labels (the one it learnt them in, `header.scheme`).
    public let scheme: TagScheme
    /// Fused-syllable restorations of the morpheme entries, each counted `restorationWeight`
    /// times.
    public private(set) var restorations = RestorationDictionary()
    /// Number of entries read (an entry replacing an earlier one counts too).
    public var count: Int { trie.count }

    /// The count each entry's restoration gets in `restorations`, so that merged with a model's
    /// dictionary it is preferred to what the corpus saw (`TaggerModel.restorationDictionary()`).
    public static let restorationWeight = 1 << 40

    /// The ids of the labels that continue a chunk (`I-X`, `E-X`, bare `I`): banned right
    /// after a match, so that the model cannot extend it (`서울` + `외곽` stays two morphemes).
    public let continuing: [Int32]

    private let labelIDs: [String: Int32]
    private var trie = TokenTrie()
    /// Forced label ids of every entry, one after another; entry `k` at `entryStart[k]`.
    private var forcedIDs: [Int32] = []
    private var entryStart: [Int] = []

    /// An empty dictionary for `model`'s labels, scheme, unit and task.
    public init(model: TaggerModel) {
        labels = model.labels
        unit = model.unit
        scheme = TagScheme(name: model.header.scheme) ?? .bio
        kind = model.isMorphemeModel ? (model.task == "seg" ? .seg : .pos) : nil
        var ids: [String: Int32] = [:]
        for (index, label) in model.labels.enumerated() { ids[label] = Int32(index) }
        labelIDs = ids
        continuing = model.continuingLabelIDs
    }

    /// The dictionary of the files at `paths` for `model`, read in order (later files win ties).
    /// - Throws: as `read(path:)`.
    public init(model: TaggerModel, paths: [String]) throws {
        self.init(model: model)
        for path in paths { try read(path: path) }
    }

    /// Adds every entry of the file at `path` (`-` is not standard input here: a file name).
    /// - Throws: `InputError(.io)` when it cannot be read; `InputError(.data)` naming the file
    ///   and line for invalid UTF-8 or a malformed entry (see `add(line:)`); entries before it
    ///   stay added.
    public mutating func read(path: String) throws {
        let lines = try LineReader(path: path, invalidUTF8: .fail)
        while let line = try lines.nextLine() {
            do {
                try add(line: line)
            } catch var error as InputError {
                error.file = lines.name
                error.line = lines.lineNumber
                throw error
            }
        }
    }

    /// Adds one line of a dictionary file (a comment or blank line adds nothing).
    /// - Throws: `InputError(.data)` without file or line: wrong number of columns, an empty or
    ///   space-padded surface, a third column other than `word`, an analysis that is not Sejong
    ///   notation or does not spell its surface, a morpheme surface with spaces, an entity type
    ///   with spaces, or labels the model does not have (an unknown type or fused combination).
    public mutating func add(line: String) throws {
        var line = Substring(line)
        if line.last == "\r" { line.removeLast() }
        if line.first == "#" || line.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
        // Split as bytes: a TAB is ASCII, never inside a multi-byte sequence.
        let columns = line.utf8.split(separator: 9, omittingEmptySubsequences: false).map { Substring($0) }
        let second = kind == nil ? "TYPE" : "ANALYSIS"
        guard columns.count == 2 || columns.count == 3 else {
            throw InputError(.data, "expected SURFACE<TAB>\(second), optionally <TAB>word; found "
                             + "\(columns.count) "
                             + "column\(columns.count == 1 ? "" : "s")")
        }
        var wholeWord = false
        if columns.count == 3 {
            guard columns[2] == "word" else {
                throw InputError(.data, "the third column may only be 'word', found '\(columns[2])'")
            }
            wholeWord = true
        }
        try add(surface: String(columns[0]), String(columns[1]), wholeWord: wholeWord)
    }

    /// Adds one entry: `value` is a Sejong analysis for a morpheme model, a type for an entity
    /// model.
    /// - Throws: `InputError(.data)` as `add(line:)`.
    public mutating func add(surface: String, _ value: String, wholeWord: Bool = false) throws {
        let surface = Normalization.composingHangul(surface)
        guard !surface.isEmpty else { throw InputError(.data, "empty surface") }
        guard surface.unicodeScalars.first.map({ !$0.properties.isWhitespace }) == true,
              surface.unicodeScalars.last.map({ !$0.properties.isWhitespace }) == true else {
            throw InputError(.data, "surface '\(surface)' starts or ends with whitespace")
        }
        let tokens = unit.tokenize(surface)
        let forced: [String]
        if let kind {
            forced = try morphemeLabels(surface: surface, analysis: value, tokens: tokens, kind: kind)
        } else {
            guard !value.isEmpty, !value.contains(where: \.isWhitespace) else {
                throw InputError(.data, "entity type '\(value)' is empty or contains whitespace")
            }
            forced = scheme.labels(for: [Span(start: 0, end: tokens.count, type: value)], count: tokens.count)
            if let missing = forced.first(where: { labelIDs[$0] == nil }) {
                let types = Set(labels.compactMap { TagLabel($0).type.map(String.init) }).sorted()
                throw InputError(.data, "type '\(value)' is not one the model tags "
                                 + "(it has no label '\(missing)'; "
                                 + "types: \(types.joined(separator: " ")))")
            }
        }
        let value = entryStart.count
        entryStart.append(forcedIDs.count)
        for label in forced { forcedIDs.append(labelIDs[label] ?? -1) }
        trie.insert(tokens, value: value, wholeWord: wholeWord)
    }

    /// The labels `convert` writes for `analysis` of the one-word `surface`, its fused
    /// syllables' restorations added to `restorations`.
    private mutating func morphemeLabels(surface: String, analysis: String, tokens: [String],
                                         kind: LabelKind) throws -> [String] {
        guard !surface.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw InputError(.data, "a morpheme entry's surface is one word; '\(surface)' contains whitespace")
        }
        let parsed = AnalysisNotation.parseSejong(Normalization.composingHangul(analysis))
        guard let morphemes = parsed.morphemes else {
            throw InputError(.data, "analysis '\(analysis)' is not Sejong notation (form/TAG + form/TAG ...) "
                             + "at character \(parsed.errorOffset + 1)")
        }
        let word = AnalyzedWord(form: surface, morphemes: morphemes)
        if word.isSpelledOut && unit == .char && surface.unicodeScalars.count == tokens.count {
            // What `MorphemeLabeling` writes for a spelled-out word (one chunk per morpheme, no
            // restorations), without its bookkeeping: most entries are names.
            var spans: [Span] = []
            var start = 0
            for morpheme in morphemes {
                let end = start + morpheme.form.unicodeScalars.count
                if end > start {
                    spans.append(Span(start: start, end: end, type: kind.plainType(tag: morpheme.tag)))
                }
                start = end
            }
            return try known(SyllableSentence(tokens: tokens, spans: spans).labels(in: scheme),
                             analysis: analysis, surface: surface)
        }
        var labeling = MorphemeLabeling(kind: kind)
        let labelled = labeling.label(AnalyzedSentence(words: [word]))
        if let problem = labeling.statistics.unrestorable.first {
            throw InputError(.data, "analysis '\(analysis)' does not spell '\(surface)': \(problem.reason)")
        }
        if let analyses = SyllableAligner.align(word),
           let syllable = SyllableAligner.unrelatedSyllable(analyses) {
            throw InputError(.data, "analysis '\(analysis)' does not spell '\(surface)': no piece of it "
                             + "shares a letter with the syllable '\(syllable)'")
        }
        guard labelled.tokens == tokens else {
            throw InputError(.data, "analysis '\(analysis)' does not spell '\(surface)'")
        }
        let forced = try known(labelled.labels(in: scheme), analysis: analysis, surface: surface)
        for entry in labeling.dictionary.entries {
            restorations.add(entry.restoration, syllable: entry.key.syllable, type: entry.key.type,
                             previous: entry.previous, count: UserDictionary.restorationWeight)
        }
        return forced
    }

    /// `labels`, when the model has every one of them.
    private func known(_ labels: [String], analysis: String, surface: String) throws -> [String] {
        if let missing = labels.first(where: { labelIDs[$0] == nil }) {
            throw InputError(.data, "the model has no label '\(missing)' for analysis '\(analysis)' "
                             + "of '\(surface)'")
        }
        return labels
    }

    /// The matches in `tokens` (the model's tokens of one line): leftmost-longest, in order,
    /// not overlapping, each with the label ids it forces (one per token of the match).
    public func matches(in tokens: [String]) -> [(tokens: Range<Int>, labels: ArraySlice<Int32>)] {
        trie.matches(in: tokens, isSpace: SyllableTokenizer.isWhitespace).map { match in
            let start = entryStart[match.value]
            return (match.tokens, forcedIDs[start..<start + match.tokens.count])
        }
    }

    /// The label id forced at each token of `tokens` (-1: free; `ForcedLabels.startsChunk`
    /// right after a match, where no `continuing` label may follow), or nil when nothing
    /// matches, as `TaggerNetwork.predict` takes them.
    public func forcedLabels(_ tokens: [String]) -> [Int32]? {
        let found = matches(in: tokens)
        guard !found.isEmpty else { return nil }
        var forced = [Int32](repeating: -1, count: tokens.count)
        for match in found {
            forced.replaceSubrange(match.tokens, with: match.labels)
        }
        for match in found where match.tokens.upperBound < tokens.count && forced[match.tokens.upperBound] == -1 {
            forced[match.tokens.upperBound] = ForcedLabels.startsChunk
        }
        return forced
    }
}
