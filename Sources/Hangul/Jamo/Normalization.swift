@_spi(_Unicode) import Swift

/// Unicode normalisation of input text to NFC, the form every converter works in: decomposed
/// Hangul (NFD, conjoining jamo) becomes precomposed syllables, so `했` typed as ᄒ+ᅢ+ᆻ and as
/// U+D588 give the same token.
public enum Normalization {
    /// `text` in Unicode NFC. Text made only of scalars that NFC never changes (ASCII and Latin-1
    /// letters, precomposed Hangul, compatibility jamo, CJK ideographs, common punctuation) is
    /// returned unchanged without normalising, which keeps conversion fast. Other text goes through
    /// the standard library's NFC (its `_nfc` view, the one `String` comparison uses), so no
    /// Foundation library is loaded.
    public static func nfc(_ text: String) -> String {
        var stable = true
        for scalar in text.unicodeScalars where !isStable(scalar.value) {
            stable = false
            break
        }
        if stable { return text }
        var result = ""
        result.unicodeScalars.append(contentsOf: text._nfc)
        return result
    }

    /// True for scalars that are unchanged by NFC and never combine with a neighbour.
    static func isStable(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x300: return true
        case 0xAC00...0xD7A3: return true          // precomposed syllables
        case 0x4E00...0x9FFF: return true          // CJK unified ideographs
        case 0x3000...0x303F: return true          // CJK punctuation
        case 0x2010...0x2027, 0x2030...0x205E: return true
        case 0x2581: return true                   // the space token
        case 0xFF01...0xFFEF: return true          // full-width forms
        default: return Jamo.isCompatibility(value)
        }
    }
}
