/// Text <-> syllable tokens, the unit every syllable BIO file and the tagger work on.
///
/// Rules (the same at conversion and at tagging time):
/// - The text is normalised to NFC first (`Normalization.nfc`).
/// - Every Unicode scalar is one token: a Hangul syllable, a digit, a Latin letter, a Hanja, a
///   punctuation mark, an emoji scalar. Mixed words such as `3개` or `K리그` are simply several tokens.
/// - A space (U+0020) is the token `▁` (U+2581).
/// - A literal `▁` in the text, and any other whitespace or control character (tab, no-break
///   space, U+3000, ...), is written as the escape token `<U+XXXX>` (its hexadecimal code, at
///   least four digits), so it can never be confused with a space and never splits a CoNLL line.
///   Every other token is a single scalar, so an escape token is unambiguous.
///
/// `text(of:)` inverts `tokens(of:)` exactly on NFC text.
public enum SyllableTokenizer {
    /// The token standing for one space: U+2581 LOWER ONE EIGHTH BLOCK.
    public static let space = "\u{2581}"

    /// The tokens of `text` (normalised to NFC first). An empty text gives no tokens.
    public static func tokens(of text: String) -> [String] {
        let normalized = Normalization.nfc(text)
        var result: [String] = []
        result.reserveCapacity(normalized.unicodeScalars.count)
        for scalar in normalized.unicodeScalars { result.append(token(for: scalar)) }
        return result
    }

    /// The token of one scalar: `▁` for a space, an escape for whitespace, controls and a literal
    /// `▁`, the scalar itself otherwise.
    public static func token(for scalar: Unicode.Scalar) -> String {
        if scalar == " " { return space }
        if needsEscape(scalar) { return escape(scalar) }
        return String(scalar)
    }

    /// True for a scalar written as `<U+XXXX>`.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (value > 0x20 && value < 0x7F) || (value >= 0xAC00 && value <= 0xD7A3) { return false }
        return scalar.value == 0x2581 || scalar.value < 0x20 || scalar.value == 0x7F
            || (scalar.value >= 0x80 && scalar.value < 0xA0) || scalar.properties.isWhitespace
    }

    /// `<U+XXXX>` for `scalar`.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        return "<U+" + hex + ">"
    }

    /// The text a token stands for: a space for `▁`, the scalar of an escape token, the token
    /// itself otherwise (so word-level tokens pass through unchanged).
    public static func text(of token: String) -> String {
        if isSpace(token) { return " " }
        if token.utf8.first == 0x3C, token.utf8.count >= 8, token.hasPrefix("<U+"), token.hasSuffix(">") {
            let hex = token.dropFirst(3).dropLast()
            if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                return String(scalar)
            }
        }
        return token
    }

    /// The text of a token sequence: `text(of:)` of each token, concatenated.
    public static func text(of tokens: [String]) -> String {
        var result = ""
        for token in tokens { result += text(of: token) }
        return result
    }

    /// True when `token` is `▁` (compared byte-wise: E2 96 81).
    @inline(__always)
    static func isSpace(_ token: String) -> Bool {
        let utf8 = token.utf8
        guard utf8.count == 3 else { return false }
        var iterator = utf8.makeIterator()
        return iterator.next() == 0xE2 && iterator.next() == 0x96 && iterator.next() == 0x81
    }

    /// True for a whitespace scalar (fast for ASCII and Hangul).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x20 || value == 0x09 { return true }
        if (value > 0x20 && value < 0x7F) || (value >= 0xAC00 && value <= 0xD7A3) { return false }
        return scalar.properties.isWhitespace
    }

    /// True for a token that stands for whitespace: `▁` or the escape of a whitespace scalar.
    public static func isWhitespace(_ token: String) -> Bool {
        if isSpace(token) { return true }
        guard token.utf8.first == 0x3C, token.hasPrefix("<U+") else { return false }
        return text(of: token).unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// The words of a token sequence as token ranges: maximal runs of non-whitespace tokens,
    /// also split before each index in `glued` (words written together without a space, such
    /// as `주었다` and `.` in CoNLL-U with `SpaceAfter=No`). Empty runs are not words.
    public static func wordRanges(of tokens: [String], glued: [Int] = []) -> [Range<Int>] {
        var breaks = Set(glued)
        breaks.remove(0)
        var ranges: [Range<Int>] = []
        var start: Int? = nil
        for (index, token) in tokens.enumerated() {
            if isWhitespace(token) {
                if let s = start { ranges.append(s..<index) }
                start = nil
                continue
            }
            if breaks.contains(index), let s = start {
                ranges.append(s..<index)
                start = index
            }
            if start == nil { start = index }
        }
        if let s = start { ranges.append(s..<tokens.count) }
        return ranges
    }
}
