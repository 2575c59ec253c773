/// The one normalisation every converter and the tagger apply to input text: decomposed Hangul
/// (conjoining jamo) becomes precomposed syllables, so `했` typed as ᄒ+ᅢ+ᆻ and as U+D588 give the
/// same token. Nothing else changes: unlike Unicode NFC, CJK compatibility ideographs (U+F900 豈,
/// which Korean text uses to mark a reading), canonical singletons (Ω U+2126, Å U+212B) and
/// decomposed Latin letters stay exactly as they came.
public enum Normalization {
    /// `text` with conjoining jamo composed into syllables the way NFC composes Hangul (lead +
    /// vowel, and a syllable without a final + a conjoining final; see `Jamo.compose`); every
    /// other scalar is kept. Text without conjoining jamo is returned unchanged without copying.
    public static func composingHangul(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { composes($0.value) }) else { return text }
        return Jamo.compose(text)
    }

    /// True for a conjoining vowel or final, the scalars that compose with what precedes them.
    @inline(__always)
    static func composes(_ value: UInt32) -> Bool {
        (0x1161...0x1175).contains(value) || (0x11A8...0x11C2).contains(value)
    }
}
