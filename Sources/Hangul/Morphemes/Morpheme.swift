/// One morpheme of an analysis: its form as the corpus spells it (`가깝`, `ㄴ`, `았`) and its
/// part-of-speech tag (`VA`, `ETM`, `EP`; empty when unknown, as in segmentation-only output).
public struct Morpheme: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The morpheme's form (conjoining jamo composed into syllables).
    public var form: String
    /// The tag, e.g. a Sejong tag; `""` when unknown.
    public var tag: String

    /// A morpheme `form/tag`.
    public init(_ form: String, _ tag: String) {
        self.form = form
        self.tag = tag
    }

    /// `form/tag`, or the form alone when the tag is empty.
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    /// Appends `description` to `text` (no intermediate string: for writing many morphemes
    /// into one line).
    public func write(to text: inout String) {
        text += form
        if !tag.isEmpty {
            text += "/"
            text += tag
        }
    }
}
