import Corpus

/// Counts chunks and tokens exactly as conlleval.pl (version 2004-01-26) does, or as seqeval's
/// strict mode does, from a stream of (gold, predicted) labels with sentence boundaries.
///
/// Feed it conlleval input lines (`add(line:)`, `add(lines:)`), aligned gold and predicted
/// files (`add(gold:predicted:)`), or labels directly (`add(gold:predicted:)` on strings,
/// `addBoundary()`), then read `result()`. Memory is flat: only counts are kept (plus one
/// sentence of labels in strict mode). Labels are compared as bytes and interned, so a token
/// costs two hash lookups and no allocation.
///
/// conlleval's rules, reproduced: a label's prefix is the text before its first hyphen and its
/// type the text after it (type `0` counts as no type, as in Perl); chunk starts and ends follow
/// its `startOfChunk`/`endOfChunk` (B/I/E/O, `[`, `]`, `.`; an `I-` after `O` or a type change
/// opens a chunk; `S-` is not special); a blank line or a line whose first field is `-X-` is a
/// sentence boundary and not a token; every line must have as many fields as the first one.
public final class ChunkEvaluator {
    var counter: ChunkCounter

    /// The options in force.
    public var options: EvaluationOptions { counter.options }

    /// A fresh evaluator.
    public init(options: EvaluationOptions = EvaluationOptions()) {
        counter = ChunkCounter(options: options)
    }

    /// Adds one line of conlleval input: fields separated by the delimiter, gold and predicted
    /// labels in the last two fields; blank or `-X-` lines are sentence boundaries.
    /// `file` names the stream (lines of one stream must agree on their field count) and is used
    /// with `line` in errors.
    /// - Throws: `InputError(.data)` where conlleval dies: a field count different from the
    ///   stream's first line, or a token line with fewer than two fields; in strict mode, a
    ///   label the scheme does not allow.
    public func add(line bytes: UnsafeBufferPointer<UInt8>, file: String = "<input>", line: Int = 0) throws {
        try counter.add(line: bytes, file: file, line: line)
    }

    /// Adds one line of conlleval input given as text. See `add(line:file:line:)`.
    public func add(line text: String, file: String = "<input>", line: Int = 0) throws {
        try counter.add(line: text, file: file, line: line)
    }

    /// Adds every line of `lines` (conlleval input) until its end.
    /// - Throws: as `add(line:file:line:)`, and `InputError(.io)` on read errors.
    public func add(lines: LineReader) throws {
        try counter.add(lines: lines)
    }

    /// Evaluates two files of the same tokens: `gold` and `predicted` each have one label per
    /// token line in their last field (a first field, when a line has two or more, is the token
    /// and must agree between the files). Sentences are separated by blank or `-X-` lines; runs of
    /// them count once. Streams both files in step.
    /// - Throws: `InputError(.data)` naming both files and lines at the first misalignment (a
    ///   token against a boundary, different tokens, one file ending early), and as
    ///   `add(line:file:line:)` for field counts.
    public func add(gold: LineReader, predicted: LineReader) throws {
        try counter.add(gold: gold, predicted: predicted)
    }

    /// Adds one token's gold and predicted labels (as written, e.g. `B-PER`, `O`).
    /// - Throws: in strict mode, `InputError(.data)` for a label the scheme does not allow.
    public func add(gold: String, predicted: String) throws {
        try counter.add(gold: gold, predicted: predicted)
    }

    /// Adds one sentence of parallel labels followed by a boundary.
    /// - Throws: `InputError(.data)` when the counts differ, or as `add(gold:predicted:)`.
    public func add(sentence gold: [String], predicted: [String]) throws {
        try counter.add(sentence: gold, predicted: predicted)
    }

    /// Ends the current sentence (a blank line in conlleval input).
    public func addBoundary() {
        counter.addBoundary()
    }

    /// The counts so far, with conlleval's end-of-input handling (an open correct chunk counts).
    /// Does not change the evaluator: more input may follow.
    public func result() -> EvaluationResult {
        counter.result()
    }
}
