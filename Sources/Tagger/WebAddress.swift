/// Web and e-mail addresses in a sequence of character tokens, which a morpheme model keeps
/// whole as one foreign-word morpheme (`https://news.naver.com/a?id=5/SL`), as UD Korean GSD
/// writes them (`www.modetour.com/SL`). A network that reads one character at a time cuts an
/// address at its `:` and `/` marks; `TaggerModel.forceWholeMorphemes` keeps it whole.
enum WebAddress {
    /// The characters an address is made of: ASCII letters and digits and the marks of URLs
    /// (no brackets, quotes, commas or semicolons, which close text around an address more often
    /// than they occur inside one).
    private static let addressMarks = Set("-._~:/?#@!$&*+=%")

    /// Marks an address never ends with: sentence punctuation right after it.
    private static let trailingMarks = Set(".:!?")

    /// Whether `token` is one character that may be part of an address.
    private static func isAddressCharacter(_ token: String) -> Bool {
        guard token.count == 1, let character = token.first, character.isASCII else { return false }
        return character.isLetter || character.isNumber || addressMarks.contains(character)
    }

    /// The token ranges of the addresses in `tokens` (one character per token, the `char`
    /// unit; any other token ends a run): in each run of address characters, from its first
    /// `http://`, `https://`, `ftp://` or `www.` (with a dot later) to the run's end, or, without
    /// one, the run from its first letter or digit when it is an e-mail address
    /// (`name@domain.tld`); sentence punctuation at the end (`.:!?`) is left out. Ranges are in
    /// order and do not overlap; a Hangul particle after an address ends it (`https://a.kr에서`).
    static func ranges(in tokens: [String]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        while start < tokens.count {
            guard isAddressCharacter(tokens[start]) else {
                start += 1
                continue
            }
            var end = start
            while end < tokens.count && isAddressCharacter(tokens[end]) { end += 1 }
            // One ASCII character per token: a character offset in `run` is a token offset.
            let run = Array(tokens[start..<end].joined().lowercased())
            var first = start
            if let offset = schemes.compactMap({ firstOffset(of: $0, in: run) }).min() {
                first = start + offset
            } else {
                while first < end, let c = tokens[first].first, !(c.isLetter || c.isNumber) { first += 1 }
            }
            var last = end
            while last > first, let mark = tokens[last - 1].first, trailingMarks.contains(mark) { last -= 1 }
            if first < last && isAddress(tokens[first..<last].joined()) { found.append(first..<last) }
            start = end
        }
        return found
    }

    /// What starts a web address.
    private static let schemes = ["http://", "https://", "ftp://", "www."]

    /// Where `pattern` first occurs in `characters`, or nil.
    private static func firstOffset(of pattern: String, in characters: [Character]) -> Int? {
        let pattern = Array(pattern)
        guard characters.count >= pattern.count else { return nil }
        return (0...(characters.count - pattern.count)).first {
            characters[$0..<$0 + pattern.count].elementsEqual(pattern)
        }
    }

    /// Whether `text`, a run of address characters, is a web or e-mail address.
    static func isAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        for scheme in schemes.dropLast() where lower.hasPrefix(scheme) {
            return lower.count > scheme.count + 2 && lower.dropFirst(scheme.count).contains(".")
        }
        if lower.hasPrefix("www.") {
            return lower.dropFirst(4).contains(".")
        }
        // name@domain.tld: one @, something before it, a dot after it followed by letters.
        let parts = lower.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let dot = parts[1].lastIndex(of: ".") else {
            return false
        }
        let domain = parts[1][..<dot], top = parts[1][parts[1].index(after: dot)...]
        return !domain.isEmpty && top.count >= 2 && top.allSatisfy(\.isLetter)
    }
}
