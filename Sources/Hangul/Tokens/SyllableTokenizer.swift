/// Text <-> syllable tokens, the unit every syllable BIO file and the tagger work on.
///
/// Rules (the same at conversion and at tagging time):
/// - Conjoining jamo are composed into syllables first (`Normalization.composingHangul`); no
///   other character is changed (no NFC: U+F900 豈 stays U+F900).
/// - One token is what a reader sees as one character, an extended grapheme cluster (Swift's
///   `Character`): a Hangul syllable, a digit, a Latin letter, a Hanja, a punctuation mark, an
///   emoji with its skin tone, variation selector or ZWJ sequence, a flag, a keycap. Mixed words
///   such as `3개` or `K리그` are simply several tokens. A cluster holding Hangul, whitespace or a
///   control character is cut into one token per scalar (after composing jamo), so each Hangul
///   syllable stays a token of its own.
/// - A space (U+0020) is the token `▁` (U+2581).
/// - A literal `▁` in the text, and any other whitespace or control character (tab, no-break
///   space, U+3000, NUL, ESC, ...), is written as the escape token `<U+XXXX>` (its hexadecimal
///   code, at least four digits), so it can never be confused with a space and never splits a
///   CoNLL line. No other token starts with `<U+` and ends with `>`, so an escape is unambiguous.
///
/// `text(of:)` inverts `tokens(of:)` exactly on text without conjoining jamo.
public enum SyllableTokenizer {
    /// The token standing for one space: U+2581 LOWER ONE EIGHTH BLOCK.
    public static let space = "\u{2581}"

    /// The tokens of `text` (conjoining jamo composed first). An empty text gives no tokens.
    public static func tokens(of text: String) -> [String] {
        if text.unicodeScalars.allSatisfy({ standsAlone($0.value) }) {
            // The common case, without offsets.
            var tokens: [String] = []
            tokens.reserveCapacity(text.utf8.count / 2)
            for scalar in text.unicodeScalars { tokens.append(token(for: scalar)) }
            return tokens
        }
        return split(text).tokens
    }

    /// The tokens of `text` and the scalar range each covers in `text` itself (before jamo are
    /// composed: a syllable typed as three conjoining jamo covers three scalars). The ranges are
    /// in order, never empty, and cover every scalar once.
    public static func split(_ text: String) -> (tokens: [String], offsets: [Range<Int>]) {
        var tokens: [String] = []
        var offsets: [Range<Int>] = []
        if text.unicodeScalars.allSatisfy({ standsAlone($0.value) }) {
            // The common case: no scalar can join a neighbour in a cluster or compose.
            tokens.reserveCapacity(text.utf8.count / 2)
            offsets.reserveCapacity(text.utf8.count / 2)
            var position = 0
            for scalar in text.unicodeScalars {
                tokens.append(token(for: scalar))
                offsets.append(position..<position + 1)
                position += 1
            }
            return (tokens, offsets)
        }
        var position = 0
        for character in text {
            let scalars = character.unicodeScalars
            var count = 0
            for _ in scalars { count += 1 }
            if count > 1 && !scalars.contains(where: cutsCluster) {
                tokens.append(String(character))
                offsets.append(position..<position + count)
                position += count
                continue
            }
            // One token per scalar, conjoining jamo composed onto the syllable before them.
            var composable: UInt32? = nil
            for scalar in scalars {
                if let last = composable, let syllable = Jamo.compose(last, scalar.value),
                   let composed = Unicode.Scalar(syllable) {
                    tokens[tokens.count - 1] = String(composed)
                    offsets[offsets.count - 1] = offsets[offsets.count - 1].lowerBound..<position + 1
                    composable = syllable
                } else {
                    tokens.append(token(for: scalar))
                    offsets.append(position..<position + 1)
                    composable = scalar.value
                }
                position += 1
            }
        }
        return (tokens, offsets)
    }

    /// True for a scalar that never forms a grapheme cluster with a neighbour other than CR LF
    /// (escaped one by one anyway) and never composes: ASCII, Latin-1 and Latin Extended
    /// letters, precomposed syllables, compatibility jamo, CJK ideographs, common punctuation.
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x300: return true
        case 0xAC00...0xD7A3: return true          // precomposed syllables
        case 0x4E00...0x9FFF: return true          // CJK unified ideographs
        case 0x3000...0x3029: return true          // CJK punctuation (not the tone marks after)
        case 0x3131...0x318E: return true          // compatibility jamo
        case 0x2010...0x2027, 0x2030...0x205E: return true
        case 0x2581: return true                   // a literal space token
        case 0xFF01...0xFF9D: return true          // full-width forms (not the sound marks)
        default: return false
        }
    }

    /// True for a scalar whose grapheme cluster is cut into one token per scalar: Hangul (so
    /// syllables stay tokens of their own), whitespace, controls and `▁` (escape tokens).
    static func cutsCluster(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF, 0xAC00...0xD7A3: return true
        default: return scalar == " " || needsEscape(scalar)
        }
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

    /// `text` with every scalar a token would write as an escape (controls such as NUL and ESC,
    /// whitespace other than the space, a literal `▁`) written `<U+XXXX>`, as in BIO output:
    /// how `morph` and `seg` output show morpheme forms. Text without such scalars is returned
    /// as is.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != " " && needsEscape($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar != " " && needsEscape(scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
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
