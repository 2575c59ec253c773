/// Hangul syllable and jamo arithmetic on Unicode scalars.
///
/// A precomposed syllable (U+AC00...U+D7A3) is `0xAC00 + (lead * 21 + vowel) * 28 + tail`, with
/// 19 leads (initial consonants), 21 vowels and 28 tails (0 = no final consonant). Its canonical
/// decomposition is the conjoining jamo lead U+1100+lead, vowel U+1161+vowel and, when present,
/// tail U+11A7+tail. Compatibility jamo (U+3131...U+3163, the letters typed alone, as in the
/// lemma `ㄴ`) are a separate block with no role; `letterKey` maps a conjoining consonant and its
/// compatibility twin to the same key so alignments can match them.
public enum Jamo {
    /// First precomposed syllable, 가.
    public static let firstSyllable: UInt32 = 0xAC00
    /// Last precomposed syllable, 힣.
    public static let lastSyllable: UInt32 = 0xD7A3
    static let leadBase: UInt32 = 0x1100
    static let vowelBase: UInt32 = 0x1161
    static let tailBase: UInt32 = 0x11A7
    static let leadCount: UInt32 = 19
    static let vowelCount: UInt32 = 21
    static let tailCount: UInt32 = 28

    /// Compatibility consonant for each conjoining lead ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ.
    static let leadToCompatibility: [UInt32] = [
        0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
        0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
    ]
    /// Compatibility consonant for each conjoining tail 1...27 (index 0 unused).
    static let tailToCompatibility: [UInt32] = [
        0, 0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313A, 0x313B,
        0x313C, 0x313D, 0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146,
        0x3147, 0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
    ]

    /// True for a precomposed Hangul syllable U+AC00...U+D7A3.
    @inlinable
    public static func isSyllable(_ scalar: UInt32) -> Bool {
        scalar >= 0xAC00 && scalar <= 0xD7A3
    }

    /// True for a compatibility jamo letter U+3131...U+318E.
    public static func isCompatibility(_ scalar: UInt32) -> Bool {
        scalar >= 0x3131 && scalar <= 0x318E
    }

    /// True for a modern conjoining jamo: lead U+1100...U+1112, vowel U+1161...U+1175 or tail
    /// U+11A8...U+11C2.
    public static func isConjoining(_ scalar: UInt32) -> Bool {
        (0x1100...0x1112).contains(scalar) || (0x1161...0x1175).contains(scalar)
            || (0x11A8...0x11C2).contains(scalar)
    }

    /// The (lead, vowel, tail) indexes of a precomposed syllable (tail 0 = none), nil otherwise.
    public static func split(_ scalar: UInt32) -> (lead: Int, vowel: Int, tail: Int)? {
        guard isSyllable(scalar) else { return nil }
        let index = scalar - firstSyllable
        return (Int(index / (vowelCount * tailCount)), Int((index / tailCount) % vowelCount),
                Int(index % tailCount))
    }

    /// The syllable with these indexes (lead 0..<19, vowel 0..<21, tail 0..<28), nil when out of range.
    public static func syllable(lead: Int, vowel: Int, tail: Int = 0) -> UInt32? {
        guard (0..<Int(leadCount)).contains(lead), (0..<Int(vowelCount)).contains(vowel),
              (0..<Int(tailCount)).contains(tail) else { return nil }
        return firstSyllable + (UInt32(lead) * vowelCount + UInt32(vowel)) * tailCount + UInt32(tail)
    }

    /// The canonical decomposition of one scalar into conjoining jamo (a syllable gives two or
    /// three scalars); any other scalar is returned alone.
    public static func decompose(_ scalar: UInt32) -> [UInt32] {
        guard let (lead, vowel, tail) = split(scalar) else { return [scalar] }
        var result = [leadBase + UInt32(lead), vowelBase + UInt32(vowel)]
        if tail > 0 { result.append(tailBase + UInt32(tail)) }
        return result
    }

    /// Composes conjoining jamo in `scalars` the way Unicode NFC does for Hangul: lead + vowel
    /// becomes a syllable, and a syllable without a tail + a conjoining tail becomes one with it.
    /// Everything else (compatibility jamo, other scripts) is kept as is. Composing the
    /// concatenation of pieces of a decomposed word gives back the word.
    public static func compose(_ scalars: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(scalars.count)
        for scalar in scalars {
            if let last = result.last, let syllable = compose(last, scalar) {
                result[result.count - 1] = syllable
                continue
            }
            result.append(scalar)
        }
        return result
    }

    /// The syllable that `first` followed by `second` composes into (lead + vowel, or a syllable
    /// without a final + a conjoining final), nil when the pair does not compose.
    @inline(__always)
    public static func compose(_ first: UInt32, _ second: UInt32) -> UInt32? {
        if (0x1100...0x1112).contains(first) && (0x1161...0x1175).contains(second) {
            return firstSyllable + ((first - leadBase) * vowelCount + (second - vowelBase)) * tailCount
        }
        if isSyllable(first) && (first - firstSyllable) % tailCount == 0
            && (0x11A8...0x11C2).contains(second) {
            return first + (second - tailBase)
        }
        return nil
    }

    /// `compose` on strings: the scalars of `text` composed, as a string.
    public static func compose(_ text: String) -> String {
        string(compose(text.unicodeScalars.map(\.value)))
    }

    /// `text` with every modern conjoining jamo that did not compose into a syllable replaced by
    /// its compatibility letter (a stray lead ᄅ becomes ㄹ), so a restored morpheme never ends
    /// in an invisible half syllable. Text without conjoining jamo is returned as is.
    public static func compatibilityForStrays(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isConjoining($0.value) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isConjoining(value), let letter = Unicode.Scalar(letterKey(value).key) {
                result.append(letter)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A string from scalar values (invalid values become U+FFFD).
    static func string(_ scalars: [UInt32]) -> String {
        var result = String.UnicodeScalarView()
        for value in scalars { result.append(Unicode.Scalar(value) ?? "\u{FFFD}") }
        return String(result)
    }

    /// What a letter is, for alignment costs.
    enum LetterClass: UInt8 { case other, consonant, vowel }

    /// The identity of a jamo letter regardless of role: conjoining leads and tails map to their
    /// compatibility consonant (so the lead ㄴ, the tail ㄴ and the lemma `ㄴ` are equal),
    /// conjoining vowels to their compatibility vowel; other scalars map to themselves.
    static func letterKey(_ scalar: UInt32) -> (key: UInt32, kind: LetterClass) {
        switch scalar {
        case 0x1100...0x1112: return (leadToCompatibility[Int(scalar - leadBase)], .consonant)
        case 0x1161...0x1175: return (0x314F + scalar - vowelBase, .vowel)
        case 0x11A8...0x11C2: return (tailToCompatibility[Int(scalar - tailBase)], .consonant)
        case 0x3131...0x314E: return (scalar, .consonant)
        case 0x314F...0x3163: return (scalar, .vowel)
        default: return (scalar, .other)
        }
    }
}
