/// What one fused syllable stands for: the pieces of morphemes it carries, in order.
///
/// `했` in `했다` carries `하/XSV` and `았/EP`; `운` in `가까운` (= 가깝/VA + ㄴ/ETM) carries the
/// last letter of `가깝`, written as the conjoining final `ᆸ` (U+11B8), and then `ㄴ/ETM`, so its
/// first piece `joinsPrevious`: decoding appends it to the morpheme the previous syllable left
/// open (`가까` + `ᆸ` composes to `가깝`). A piece's form is the piece's jamo composed
/// (`Jamo.compose`), so a split inside a syllable is written with conjoining jamo.
public struct Restoration: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The pieces, in order; each is a whole morpheme except possibly the first (when
    /// `joinsPrevious`) and the last (when the next syllable continues it).
    public var morphemes: [Morpheme]
    /// True when the first piece continues the morpheme of the previous syllable.
    public var joinsPrevious: Bool

    /// A restoration of pieces.
    public init(_ morphemes: [Morpheme], joinsPrevious: Bool = false) {
        self.morphemes = morphemes
        self.joinsPrevious = joinsPrevious
    }

    /// Sejong-style pieces, prefixed by `~` when the first joins the previous morpheme.
    public var description: String {
        (joinsPrevious ? "~" : "") + AnalysisNotation.sejong(morphemes)
    }
}
