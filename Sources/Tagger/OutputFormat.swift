/// How `biotag tag` (and a library user) writes one tagged line.
///
/// Every format writes exactly one result per input line; a blank line gives an empty result
/// (`json`: an object with the line's text and no tokens).
/// - `morph`: morphemes `form/TAG` separated by one space, words by two spaces, fused syllables
///   restored through the model's dictionary: `아버지/NNG 가/JKS  방/NNG 에/JKB`.
/// - `seg`: the same without tags: `아버지 가  방 에`. In both, a control character or a literal
///   `▁` in a form is written `<U+XXXX>`, as `bio` writes its token.
/// - `inline`: the input text with each chunk written `<text:TYPE>`; a backslash escapes only
///   what would otherwise read back differently (`InlineMarkup.line`, the `biotag convert
///   --from inline` notation).
/// - `bio`: one `token<TAB>label` line per token (`<TAB>probability` with scores), the block
///   ended by a blank line (a blank input line gives just the blank line).
/// - `json`: one JSON object per line: `text`, `tokens`, `labels`, `confidence`, `spans`
///   (scalar offsets into `text`, `type`, `text`, `confidence`) and, for morpheme models,
///   `words` with their offsets, form and morphemes (the keys `SpanJSON` writes).
/// - `conllu`: CoNLL-U input with LEMMA and XPOS filled per word (`ConlluTagging`).
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Morphemes with tags, words separated by two spaces.
    case morph
    /// Morphemes without tags, words separated by two spaces.
    case seg
    /// The text with `<text:TYPE>` chunks.
    case inline
    /// `token<TAB>label` lines, a blank line after each input line.
    case bio
    /// One JSON object per line.
    case json
    /// CoNLL-U input with LEMMA and XPOS filled (`TokenFileTagger`); for a text line the
    /// `LineFormatter` writes what `morph` does.
    case conllu

    /// `morph` for a morpheme model, `inline` for an entity model.
    public static func defaultFormat(for model: TaggerModel) -> OutputFormat {
        model.isMorphemeModel ? .morph : .inline
    }

    /// Why this format cannot be written with `model`, or nil when it can.
    public func problem(with model: TaggerModel) -> String? {
        switch self {
        case .morph, .seg, .conllu:
            if !model.isMorphemeModel {
                return "--format \(rawValue) needs a morpheme model; this model tags '\(model.task)' "
                    + "(use inline, bio or json)"
            }
            return nil
        case .inline, .bio, .json:
            return nil
        }
    }
}

extension TaggerModel {
    /// True for a Korean morpheme model (task `pos` or `seg`), whose labels decode to morphemes.
    public var isMorphemeModel: Bool { task == "pos" || task == "seg" }
}
