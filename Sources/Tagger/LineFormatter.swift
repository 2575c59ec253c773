import Corpus
import FoundationEssentials
import Glibc
import Hangul

/// Writes tagged lines in an `OutputFormat` (see there for each format's layout).
///
/// ```swift
/// let model = try TaggerModel.load("ko-morph.model")
/// var formatter = try LineFormatter(format: .morph, model: model)
/// print(formatter.format(model.tag(line: "아버지가방에들어가신다")))
/// ```
public struct LineFormatter {
    /// The format written.
    public let format: OutputFormat
    /// Whether `bio` adds a probability column.
    public let scores: Bool
    private let scheme: TagScheme
    private let morphemes: Bool
    private var decoder: MorphemeDecoder

    /// A formatter for labels in `scheme`.
    /// - Parameters:
    ///   - morphemes: the label kind of a morpheme model (`.pos`, `.seg`), nil for entity labels
    ///     (then `json` has no `words`).
    ///   - dictionary: where fused syllables are restored from (morpheme labels).
    ///   - scores: add each label's probability (`bio`; `json` always has them).
    public init(format: OutputFormat, scheme: TagScheme = .bio, morphemes: LabelKind? = nil,
                dictionary: RestorationDictionary = RestorationDictionary(), scores: Bool = false) {
        self.format = format
        self.scores = scores
        self.scheme = scheme
        self.morphemes = morphemes != nil
        decoder = MorphemeDecoder(dictionary: dictionary, kind: morphemes ?? .pos)
    }

    /// A formatter for `model`'s output (its scheme, label kind and dictionary).
    public init(format: OutputFormat, model: TaggerModel, scores: Bool = false) {
        self.init(format: format, scheme: TagScheme(name: model.scheme) ?? .bio,
                  morphemes: model.isMorphemeModel ? (model.task == "seg" ? .seg : .pos) : nil,
                  dictionary: model.restorationDictionary(), scores: scores)
    }

    /// The result for one line, without a final newline (`bio`: the token lines each ended by
    /// a newline, so the caller's newline makes the blank separator line). Empty for a blank line,
    /// except in `json`: an object with the line's text and no tokens (JSON on every line).
    public mutating func format(_ tagged: TaggedText) -> String {
        if tagged.isEmpty { return format == .json ? emptyJSON(tagged.text) : "" }
        switch format {
        case .morph, .seg, .conllu:
            // Morphemes `form/tag` (`seg`: forms) joined by a space, words by two; appended into
            // one string rather than joining arrays of per-morpheme strings.
            var line = ""
            for (w, word) in words(tagged).enumerated() {
                if w > 0 { line += "  " }
                for (k, var morpheme) in word.morphemes.enumerated() {
                    if k > 0 { line += " " }
                    // Controls and a literal `▁` as in `bio`: `<U+001B>`, `<U+2581>`.
                    morpheme.form = SyllableTokenizer.escapingControls(morpheme.form)
                    if format == .seg { line += morpheme.form } else { morpheme.write(to: &line) }
                }
            }
            return line
        case .inline:
            return inline(tagged)
        case .bio:
            var lines = ""
            for i in tagged.tokens.indices {
                lines += tagged.tokens[i] + "\t" + tagged.labels[i]
                if scores { lines += "\t" + LineFormatter.probability(tagged.confidence[i]) }
                lines += "\n"
            }
            return lines
        case .json:
            return json(tagged)
        }
    }

    /// The words of a line with their morphemes (morpheme models; one word per whitespace word).
    public mutating func words(_ tagged: TaggedText) -> [AnalyzedWord] {
        decoder.words(tokens: tagged.tokens, labels: tagged.labels)
    }

    /// The line as given with each chunk written `<text:TYPE>`, escaped only where reading it
    /// back would differ (`InlineMarkup.line`).
    private func inline(_ tagged: TaggedText) -> String {
        let scalars = Array(tagged.text.unicodeScalars)
        var pieces: [InlineMarkup.Piece] = []
        var position = 0
        for span in tagged.spans(scheme: scheme) where span.start >= position && span.start < span.end {
            if position < span.start { pieces.append(.text(Array(scalars[position..<span.start]))) }
            pieces.append(.entity(Array(scalars[span.start..<span.end]), span.label))
            position = span.end
        }
        if position < scalars.count { pieces.append(.text(Array(scalars[position...]))) }
        return InlineMarkup.line(pieces)
    }

    private mutating func json(_ tagged: TaggedText) -> String {
        let quote = SpanJSON.quote
        var json = "{\"text\":" + quote(tagged.text)
        json += ",\"tokens\":[" + tagged.tokens.map(quote).joined(separator: ",") + "]"
        json += ",\"labels\":[" + tagged.labels.map(quote).joined(separator: ",") + "]"
        json += ",\"confidence\":[" + tagged.confidence.map(LineFormatter.probability).joined(separator: ",") + "]"
        json += ",\"spans\":[" + tagged.spans(scheme: scheme).map { span in
            "{\"start\":\(span.start),\"end\":\(span.end),\"type\":\(quote(span.label)),"
                + "\"text\":\(quote(span.text)),\"confidence\":\(LineFormatter.probability(span.confidence))}"
        }.joined(separator: ",") + "]"
        if morphemes {
            // The decoder's words are the whitespace-separated token runs, in order.
            let ranges = SyllableTokenizer.wordRanges(of: tagged.tokens)
            json += ",\"words\":[" + zip(ranges, words(tagged)).map { range, word in
                "{\"start\":\(tagged.offsets[range.lowerBound].lowerBound),"
                    + "\"end\":\(tagged.offsets[range.upperBound - 1].upperBound),"
                    + "\"form\":\(quote(word.form)),"
                    + "\"morphemes\":["
                    + word.morphemes.map { "{\"form\":\(quote($0.form)),\"tag\":\(quote($0.tag))}" }
                        .joined(separator: ",") + "]}"
            }.joined(separator: ",") + "]"
        }
        return json + "}"
    }

    /// The object of an empty or blank line: its text, nothing else.
    private func emptyJSON(_ text: String) -> String {
        "{\"text\":" + SpanJSON.quote(text) + ",\"tokens\":[],\"labels\":[],\"confidence\":[],\"spans\":[]"
            + (morphemes ? ",\"words\":[]}" : "}")
    }

    /// A probability with four decimals (`0.9731`), clamped to `0...1` (NaN gives `0.0000`):
    /// exactly what `printf("%.4f")` writes, without its cost (a quarter of a `--format json`
    /// run went to formatting). A float times 10⁴ is exact in a double (24 + 14 bits), so
    /// rounding that product half to even is the correctly rounded decimal.
    static func probability(_ value: Float) -> String {
        let units = Int((Double(min(1, max(0, value))) * 10_000).rounded(.toNearestOrEven))
        let fraction = units % 10_000
        let digits = fraction < 10 ? "000" : fraction < 100 ? "00" : fraction < 1000 ? "0" : ""
        return "\(units / 10_000)." + digits + String(fraction)
    }
}

extension TaggerModel {
    /// The fused-syllable restoration dictionary stored in the model (empty for entity models).
    public func restorationDictionary() -> RestorationDictionary {
        restoration ?? RestorationDictionary()
    }
}
