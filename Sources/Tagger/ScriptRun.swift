/// Runs of characters that a morpheme model keeps in one morpheme, in a sequence of character
/// tokens: Latin letters and Hanja (UD Korean GSD writes 965 of the 969 Latin-letter runs in its
/// train part inside one morpheme, 960 of them `SL`, and 168 of its 169 Hanja runs as one `SH`
/// morpheme, which a network reading one character at a time sometimes cuts: `ChatGPT` →
/// `Chat/SL GPT/SL`), and the runs of everyday writing GSD has almost none of: compatibility
/// jamo (`ㅋㅋㅋ`, `ㅠㅠ`: one `SW` morpheme, as Kiwi writes them), repeated question and
/// exclamation marks (`??`, `!!!`, `?!`: one `SF`, as GSD writes `...` as one `SE`) and one
/// symbol repeated (`^^`, `♥♥♥`, `;;`: one `SW`, as GSD writes `^^`).
enum ScriptRun: CaseIterable {
    /// Latin letters (ASCII and full-width).
    case latin
    /// Hanja (CJK unified ideographs, extension A, compatibility ideographs).
    case hanja
    /// Modern compatibility jamo, consonants and vowels (U+3131-U+3163; not the archaic ones,
    /// among them `ㆍ` U+318D, written as a middle dot).
    case jamo
    /// Question and exclamation marks, ASCII and full-width.
    case marks
    /// One symbol character repeated (a run holds one character only): Unicode symbols (Sm,
    /// Sc, Sk, So: `^`, `♥`, `★`, `😀`) but not `~` (GSD's `SO`), and `;`.
    case symbols

    /// The Sejong tag of the morpheme a run makes.
    var tag: String {
        switch self {
        case .latin: "SL"
        case .hanja: "SH"
        case .jamo: "SW"
        case .marks: "SF"
        case .symbols: "SW"
        }
    }

    /// The shortest run kept whole: any Hanja run (a single Hanja is `SH` too), else two
    /// characters (a lone letter, jamo or mark is left to the network).
    var shortest: Int { self == .hanja ? 1 : 2 }

    /// The kind of a one-character token, or nil (also for the space token, `▁`).
    static func script(of token: String) -> ScriptRun? {
        var scalars = token.unicodeScalars.makeIterator()
        guard let scalar = scalars.next(), scalars.next() == nil, token != TokenUnit.space else { return nil }
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .latin
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return .hanja
        case 0x3131...0x3163: return .jamo
        case 0x21, 0x3F, 0xFF01, 0xFF1F: return .marks
        case 0x3B: return .symbols
        case 0x7E, 0xAC00...0xD7A3, 0x30...0x39: return nil
        default:
            switch scalar.properties.generalCategory {
            case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return .symbols
            default: return nil
            }
        }
    }

    /// The maximal runs of tokens of one kind in `tokens` (of one token repeated for
    /// `.symbols`), in order (of any length).
    static func runs(in tokens: [String]) -> [(script: ScriptRun, range: Range<Int>)] {
        var found: [(script: ScriptRun, range: Range<Int>)] = []
        var start = 0
        while start < tokens.count {
            guard let script = script(of: tokens[start]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end < tokens.count && self.script(of: tokens[end]) == script
                    && (script != .symbols || tokens[end] == tokens[start]) {
                end += 1
            }
            found.append((script, start..<end))
            start = end
        }
        return found
    }
}
