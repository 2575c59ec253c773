/// Writes CoNLL-U: comment lines as stored, one tab-separated line of ten fields per word line
/// (ranges and empty nodes included), a blank line after each sentence. Reading what it writes
/// gives back an equal `ConlluSentence` (line numbers aside).
public enum ConlluWriter {
    /// The text of `sentence`, ending with its blank line. Empty fields are written as `_`.
    public static func format(_ sentence: ConlluSentence) -> String {
        var text = ""
        for comment in sentence.comments {
            text += comment.hasPrefix("#") ? comment : "# " + comment
            text += "\n"
        }
        for word in sentence.words {
            text += word.fields.map { $0.isEmpty ? "_" : $0 }.joined(separator: "\t")
            text += "\n"
        }
        return text + "\n"
    }

    /// Writes `sentence` (see `format(_:)`) to `output`.
    public static func write(_ sentence: ConlluSentence, to output: OutputWriter) {
        output.write(format(sentence))
    }
}
