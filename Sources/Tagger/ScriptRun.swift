/// Runs of Latin letters and of Hanja in a sequence of character tokens. UD Korean GSD writes
/// each as part of one morpheme: 965 of the 969 Latin-letter runs in GSD train lie inside one
/// morpheme (960 of them `SL`), and 168 of its 169 Hanja runs are one `SH` morpheme, which a
/// network reading one character at a time sometimes cuts (`ChatGPT` → `Chat/SL GPT/SL`).
enum ScriptRun {
    /// Latin letters (ASCII and full-width) and Hanja (CJK unified ideographs, extension A,
    /// compatibility ideographs).
    case latin, hanja

    /// The script of a one-character token, or nil.
    static func script(of token: String) -> ScriptRun? {
        var scalars = token.unicodeScalars.makeIterator()
        guard let scalar = scalars.next(), scalars.next() == nil else { return nil }
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .latin
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return .hanja
        default: return nil
        }
    }

    /// The maximal runs of tokens of one script in `tokens`, in order.
    static func runs(in tokens: [String]) -> [(script: ScriptRun, range: Range<Int>)] {
        var found: [(script: ScriptRun, range: Range<Int>)] = []
        var start = 0
        while start < tokens.count {
            guard let script = script(of: tokens[start]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end < tokens.count && self.script(of: tokens[end]) == script { end += 1 }
            found.append((script, start..<end))
            start = end
        }
        return found
    }
}
