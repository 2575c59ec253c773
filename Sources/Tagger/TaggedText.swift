import Corpus

/// One line of raw text after tagging: the text as given, the model's tokens with where each one
/// sits in the text, and a label and its probability per token.
///
/// Offsets count Unicode scalars of `text` (what Python's `str` indexes), end exclusive. A `▁`
/// token (a space, char unit) covers that space; an escape token `<U+0009>` the scalar it names;
/// a syllable typed as conjoining jamo the two or three jamo; an emoji cluster all its scalars.
public struct TaggedText: Sendable, Equatable {
    /// The input line exactly as given (the tokens have conjoining jamo composed; `text` not).
    public var text: String
    /// The model's tokens (`TaggerModel.tokenize`).
    public var tokens: [String]
    /// Scalar range of each token in `text`; empty ranges never occur for a non-empty token.
    public var offsets: [Range<Int>]
    /// One label per token.
    public var labels: [String]
    /// The probability the model gives each label, in 0...1 (CRF marginal or softmax).
    public var confidence: [Float]

    /// A tagged line; `offsets`, `labels` and `confidence` have one entry per token.
    public init(text: String, tokens: [String], offsets: [Range<Int>], labels: [String],
                confidence: [Float]) {
        self.text = text
        self.tokens = tokens
        self.offsets = offsets
        self.labels = labels
        self.confidence = confidence
    }

    /// True for a line without tokens other than whitespace (empty or blank): every format
    /// writes an empty result for it.
    public var isEmpty: Bool {
        tokens.allSatisfy { $0 == TokenUnit.space || TaggedText.escapedScalar($0)?.properties.isWhitespace == true }
    }

    /// The labelled chunks as character spans of `text`, read leniently in `scheme` (a stray
    /// `I-X` opens a chunk). A chunk's confidence is the smallest label probability inside it;
    /// whitespace tokens at a chunk's edges are not part of its text range.
    public func spans(scheme: TagScheme = .bio) -> [TaggedSpan] {
        let scalars = Array(text.unicodeScalars)
        return scheme.spans(of: labels).compactMap { span in
            var first = span.start, last = span.end - 1
            while first < last && tokens[first] == TokenUnit.space { first += 1 }
            while last > first && tokens[last] == TokenUnit.space { last -= 1 }
            let lowest = confidence[span.start..<span.end].min() ?? 0
            let start = offsets[first].lowerBound, end = offsets[last].upperBound
            return TaggedSpan(start: start, end: end, label: span.type,
                              text: TaggedText.string(scalars[start..<end]), confidence: lowest,
                              tokens: span.start..<span.end)
        }
    }

    /// The scalars as a string.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// A labelled chunk of a tagged line.
public struct TaggedSpan: Sendable, Equatable {
    /// First scalar of the chunk in the line's text.
    public var start: Int
    /// One past its last scalar.
    public var end: Int
    /// The chunk type (`PS`, `NNG`; empty for segmentation labels).
    public var label: String
    /// The chunk's text.
    public var text: String
    /// The smallest label probability over the chunk's tokens, in 0...1.
    public var confidence: Float
    /// The chunk's token indexes.
    public var tokens: Range<Int>
}

extension TaggedText {
    /// The scalar an escape token `<U+XXXX>` stands for, nil for any other token.
    static func escapedScalar(_ token: String) -> Unicode.Scalar? {
        guard token.count > 5, token.hasPrefix("<U+"), token.hasSuffix(">"),
              let value = UInt32(token.dropFirst(3).dropLast(), radix: 16) else { return nil }
        return Unicode.Scalar(value)
    }
}
