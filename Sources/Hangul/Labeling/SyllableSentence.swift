import Corpus

/// A sentence as syllable tokens with chunks over them: what a syllable BIO file holds.
///
/// Tokens follow `SyllableTokenizer` (one per scalar, `▁` for a space). Chunks are `Span`s so
/// one sentence can be written in any `TagScheme` (`labels(in:)`). Word boundaries are the
/// whitespace tokens plus the `glued` token indexes: a word that follows the previous one
/// without a space (CoNLL-U `SpaceAfter=No`) starts at a glued index; the index `tokens.count`
/// in `glued` means the last word has `SpaceAfter=No`.
public struct SyllableSentence: Sendable, Equatable {
    /// Sentence identifier (`# sent_id`), nil when unknown.
    public var id: String?
    /// The exact text (`# text`) when the source gave one, nil otherwise (`surfaceText` rebuilds it).
    public var text: String?
    /// Syllable tokens.
    public var tokens: [String]
    /// Chunks over `tokens`, in order, not overlapping.
    public var spans: [Span]
    /// Token indexes where a word starts with no space before it; sorted.
    public var glued: [Int]

    /// A sentence from tokens and chunks.
    public init(id: String? = nil, text: String? = nil, tokens: [String], spans: [Span], glued: [Int] = []) {
        self.id = id
        self.text = text
        self.tokens = tokens
        self.spans = spans
        self.glued = glued
    }

    /// A sentence from tokens and labels in any scheme: the labels are read leniently (as
    /// `TagScheme.spans(of:)` does, a bare `I` continuing any chunk), so BIO, IOBES, IOB1 and
    /// untyped labels all work. Labels beyond the tokens are ignored; missing ones count as `O`.
    public init(id: String? = nil, text: String? = nil, tokens: [String], labels: [String], glued: [Int] = []) {
        let padded = labels.count >= tokens.count ? Array(labels.prefix(tokens.count))
            : labels + [String](repeating: "O", count: tokens.count - labels.count)
        self.init(id: id, text: text, tokens: tokens, spans: TagScheme.untyped.spans(of: padded), glued: glued)
    }

    /// One label per token in `scheme`. Chunks of the empty type (segmentation labels) are
    /// written without a hyphen: `B`, `I` (and `E`, `S` under IOBES).
    public func labels(in scheme: TagScheme) -> [String] {
        var labels = scheme.labels(for: spans, count: tokens.count)
        guard spans.contains(where: { $0.type.isEmpty }) else { return labels }
        for index in labels.indices where labels[index].hasSuffix("-") {
            labels[index].removeLast()
        }
        return labels
    }

    /// The text the tokens stand for (spaces for `▁`, escapes undone).
    public var surfaceText: String { SyllableTokenizer.text(of: tokens) }

    /// The words as token ranges (see `SyllableTokenizer.wordRanges`).
    public var wordRanges: [Range<Int>] { SyllableTokenizer.wordRanges(of: tokens, glued: glued) }

    /// Each chunk's text, in span order.
    public func text(of span: Span) -> String {
        SyllableTokenizer.text(of: Array(tokens[max(0, span.start)..<min(tokens.count, span.end)]))
    }
}
