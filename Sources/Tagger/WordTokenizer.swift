import Hangul

/// Splits raw text into words the way CoNLL-2003 and the Penn Treebank write them, so a
/// word-unit model sees raw text as it saw its training data:
/// `He said: "EU rejects it." (Reuters)` → `He said : " EU rejects it . " ( Reuters )`.
///
/// - Whitespace separates words and is never a token.
/// - Punctuation, quotes, brackets and symbols are tokens of their own (`$`, `%`, `(`, `"`); a
///   run of `.`, `-`, `*`, `=` or `_` is one token (`...`, `--`).
/// - Kept inside a word: a hyphen between letters or digits (`EU-wide`, `1996-97`), `&` between
///   letters (`S&P`), `.` `,` `:` `/` between digits (`3.5`, `1,000`, `10:30`, `1/2`), an
///   apostrophe between letters (`O'Brien`); a final period after single letters with periods
///   (`U.S.`, `a.m.`), an initial (`J.`) or a common abbreviation (`Mr.`, `Inc.`, `vs.`).
/// - Clitics are split off: `'s` `'re` `'ve` `'ll` `'d` `'m` (`He's` → `He` `'s`) and `n't`
///   (`don't` → `do` `n't`), with `'` or `’`.
/// - A control character or a literal `▁` is an escape token `<U+XXXX>` of its own, as in the
///   character unit.
///
/// Offsets are ranges of Unicode scalars of the text as given, end exclusive.
enum WordTokenizer {
    /// Abbreviations that keep their final period.
    static let abbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "Bros", "Gen", "Rev",
        "Gov", "Sen", "Rep", "Col", "Lt", "Sgt", "Capt", "Prof", "Mt", "Ave", "Jan", "Feb", "Mar",
        "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Calif", "Fla", "Mass", "Conn", "Ariz",
        "No", "vs", "etc", "vol",
    ]
    /// Clitics split off a word's end (compared lower-cased, apostrophe normalised to `'`).
    static let clitics = ["'s", "'re", "'ve", "'ll", "'d", "'m"]

    /// The tokens of `text` and the scalar range of each (see the type's rules).
    static func split(_ text: String) -> (tokens: [String], offsets: [Range<Int>]) {
        let characters = Array(text)
        var sizes: [Int] = []
        sizes.reserveCapacity(characters.count)
        for character in characters {
            var count = 0
            for _ in character.unicodeScalars { count += 1 }
            sizes.append(count)
        }
        var starts = [0]
        starts.reserveCapacity(characters.count + 1)
        for size in sizes { starts.append(starts[starts.count - 1] + size) }

        var tokens: [String] = []
        var offsets: [Range<Int>] = []
        func emit(_ range: Range<Int>) {
            tokens.append(String(characters[range]))
            offsets.append(starts[range.lowerBound]..<starts[range.upperBound])
        }
        var i = 0
        let n = characters.count
        while i < n {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
               SyllableTokenizer.token(for: scalar) != String(scalar) {
                tokens.append(SyllableTokenizer.token(for: scalar))
                offsets.append(starts[i]..<starts[i + 1])
                i += 1
                continue
            }
            if isWordCharacter(c) {
                let end = wordEnd(characters, from: i)
                var cut = end
                for clitic in clitics + ["n't"] where end - i > clitic.count {
                    let tail = characters[(end - clitic.count)..<end]
                    if String(tail).lowercased().replacingApostrophes == clitic {
                        cut = end - clitic.count
                        break
                    }
                }
                emit(i..<cut)
                if cut < end { emit(cut..<end) }
                i = end
                continue
            }
            var end = i + 1
            if ".-*=_".contains(c) { while end < n && characters[end] == c { end += 1 } }
            emit(i..<end)
            i = end
        }
        return (tokens, offsets)
    }

    /// A letter, digit or mark (a cluster counts by its first scalar).
    static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c.unicodeScalars.first?.properties.generalCategory == .nonspacingMark
    }

    /// One past the last character of the word starting at `start` (a word character).
    static func wordEnd(_ s: [Character], from start: Int) -> Int {
        let n = s.count
        // Single letters with periods: U.S., a.m., m.p.h.
        var j = start
        var groups = 0
        while j + 1 < n && s[j].isLetter && s[j + 1] == "." && (j == start || s[j - 1] == ".") {
            groups += 1
            j += 2
        }
        if groups >= 2 && (j == n || !isWordCharacter(s[j])) { return j }
        j = start + 1
        while j < n {
            if isWordCharacter(s[j]) { j += 1; continue }
            guard j + 1 < n, isWordCharacter(s[j + 1]) else { break }
            let (before, connector, after) = (s[j - 1], s[j], s[j + 1])
            let joins: Bool
            switch connector {
            case "-": joins = true
            case "&": joins = before.isLetter && after.isLetter
            case ".", ",", ":", "/": joins = before.isNumber && after.isNumber
            case "'", "\u{2019}": joins = before.isLetter && after.isLetter
            default: joins = false
            }
            if !joins { break }
            j += 2
        }
        // An initial or a known abbreviation keeps its period (not the first of `...`).
        if j < n && s[j] == "." && !(j + 1 < n && s[j + 1] == ".") {
            let word = String(s[start..<j])
            let initial = j - start == 1 && s[start].isUppercase
            if initial || abbreviations.contains(word) { return j + 1 }
        }
        return j
    }
}

private extension String {
    /// The text with `’` written `'`.
    var replacingApostrophes: String {
        String(map { $0 == "\u{2019}" ? "'" : $0 })
    }
}
