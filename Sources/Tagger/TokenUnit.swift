import FoundationEssentials
import Glibc
import Hangul

/// What one input token is, which decides how raw text is split at tagging time and which
/// per-token feature the network sees.
public enum TokenUnit: String, Codable, Sendable, CaseIterable {
    /// One character per token; whitespace between words becomes the token `▁` (U+2581).
    /// Used for Korean syllable tagging.
    case char
    /// One whitespace-separated word per token, each also spelled out character by character
    /// for the network's character encoder. Used for CoNLL-2003 style data.
    case word

    /// The word-separator token of the syllable representation.
    public static let space = SyllableTokenizer.space

    /// Number of distinct feature ids `features(of:)` can return for this unit.
    public var featureCount: Int {
        switch self {
        case .char: return CharacterClass.count * 4
        case .word: return WordShape.count
        }
    }

    /// Splits raw text into tokens: `.char` follows `Hangul.SyllableTokenizer` (conjoining jamo
    /// composed, one token per grapheme cluster and per Hangul syllable, each space a `▁`, other
    /// whitespace and controls an escape token such as `<U+0009>`), exactly as the converters
    /// write syllable files; `.word` splits words and punctuation as CoNLL-2003 and the Penn
    /// Treebank write them (`WordTokenizer`). Empty text gives no tokens.
    public func tokenize(_ text: String) -> [String] {
        split(text).tokens
    }

    /// The tokens of `tokenize(_:)` and the range of Unicode scalars of `text` itself that each
    /// one covers (end exclusive; a syllable typed as conjoining jamo covers all of them).
    public func split(_ text: String) -> (tokens: [String], offsets: [Range<Int>]) {
        switch self {
        case .word:
            return WordTokenizer.split(text)
        case .char:
            return SyllableTokenizer.split(text)
        }
    }

    /// One categorical feature id per token, in `0..<featureCount`, computed from the tokens
    /// alone (so raw text at tagging time gets the same features as training files):
    /// `.char`: the character's class (space, Hangul, upper/lower Latin, digit, punctuation,
    /// other) times whether a word starts and ends at this token; `.word`: the word's shape
    /// (lower, capitalised, upper, mixed, number, contains a digit, punctuation, other).
    public func features(of tokens: [String]) -> [Int32] {
        switch self {
        case .word:
            return tokens.map { Int32(WordShape(of: $0).rawValue) }
        case .char:
            let classes = tokens.map { CharacterClass(of: $0) }
            return classes.indices.map { i in
                let startsWord = i == 0 || classes[i - 1] == .space
                let endsWord = i == classes.count - 1 || classes[i + 1] == .space
                return Int32(classes[i].rawValue * 4 + (startsWord ? 2 : 0) + (endsWord ? 1 : 0))
            }
        }
    }
}

extension TokenUnit {
    /// One coarse class per token for the window features: the character class (`.char`) or
    /// the word shape (`.word`).
    func classes(of tokens: [String]) -> [Int32] {
        switch self {
        case .char: return tokens.map { Int32(CharacterClass(of: $0).rawValue) }
        case .word: return tokens.map { Int32(WordShape(of: $0).rawValue) }
        }
    }
}

/// Coarse class of a character token.
enum CharacterClass: Int {
    case space, hangul, upper, lower, digit, punctuation, other
    static let count = 7
    /// The scalar of `TokenUnit.space` (`▁`).
    static let spaceToken: UInt32 = TokenUnit.space.unicodeScalars.first?.value ?? 0x2581

    init(of token: String) {
        // The common case first, without String comparison or Unicode property lookups: one
        // Hangul scalar (or the space token).
        let scalars = token.unicodeScalars
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            switch first.value {
            case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: self = .hangul; return
            case CharacterClass.spaceToken: self = .space; return
            default: break
            }
        }
        // Escape tokens (`<U+0009>`) are classed by the character they stand for.
        let text = token.unicodeScalars.count > 1 ? SyllableTokenizer.text(of: token) : token
        guard let scalar = text.unicodeScalars.first else { self = .other; return }
        if token == TokenUnit.space || scalar.properties.isWhitespace { self = .space; return }
        switch scalar.value {
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: self = .hangul
        default:
            let properties = scalar.properties
            if properties.isUppercase { self = .upper }
            else if properties.isLowercase || properties.isAlphabetic { self = .lower }
            else if properties.numericType != nil { self = .digit }
            else if properties.generalCategory.isPunctuationOrSymbol { self = .punctuation }
            else { self = .other }
        }
    }
}

/// Shape of a word token (capitalisation, digits), a strong cue for named entities.
enum WordShape: Int {
    case lower, capitalised, upper, mixed, number, hasDigit, punctuation, other
    static let count = 8

    init(of word: String) {
        let scalars = Array(word.unicodeScalars)
        let letters = scalars.filter { $0.properties.isAlphabetic }
        let digits = scalars.filter { $0.properties.numericType != nil }
        if letters.isEmpty && digits.isEmpty {
            self = scalars.allSatisfy({ $0.properties.generalCategory.isPunctuationOrSymbol })
                ? .punctuation : .other
        } else if letters.isEmpty {
            self = .number
        } else if !digits.isEmpty {
            self = .hasDigit
        } else if letters.allSatisfy({ $0.properties.isLowercase }) {
            self = .lower
        } else if letters.allSatisfy({ $0.properties.isUppercase }) {
            self = letters.count == 1 ? .capitalised : .upper
        } else if letters[0].properties.isUppercase && letters.dropFirst().allSatisfy({ !$0.properties.isUppercase }) {
            self = .capitalised
        } else {
            self = .mixed
        }
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
