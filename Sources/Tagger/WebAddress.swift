/// Web and e-mail addresses in a sequence of character tokens, which a morpheme model keeps
/// whole as one foreign-word morpheme (`https://news.naver.com/a?id=5/SL`), as UD Korean GSD
/// writes them (`www.modetour.com/SL`). A network that reads one character at a time cuts an
/// address at its `:` and `/` marks; `TaggerModel.forceWholeMorphemes` keeps it whole.
enum WebAddress {
    /// The characters an address is made of: ASCII letters and digits and the marks of URLs
    /// (no brackets, quotes, commas or semicolons, which close text around an address more often
    /// than they occur inside one).
    private static let addressMarks = Set("-._~:/?#@!$&*+=%".utf8)

    /// Marks an address never ends with: sentence punctuation right after it.
    private static let trailingMarks = Set(".:!?".utf8)

    /// The byte of `token` when it is one character that may be part of an address, else nil
    /// (one ASCII byte: no grapheme breaking on the tagging path).
    private static func addressByte(_ token: String) -> UInt8? {
        var bytes = token.utf8.makeIterator()
        guard let byte = bytes.next(), bytes.next() == nil else { return nil }
        return isAlphanumeric(byte) || addressMarks.contains(byte) ? byte : nil
    }

    /// Whether `byte` is an ASCII letter or digit.
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return false
        }
    }

    /// The token ranges of the addresses in `tokens` (one character per token, the `char`
    /// unit; any other token ends a run): in each run of address characters, from its first
    /// `http://`, `https://`, `ftp://` or `www.` (with a dot later) to the run's end, or, without
    /// one, the run from its first letter or digit when it is an e-mail address
    /// (`name@domain.tld`); sentence punctuation at the end (`.:!?`) is left out. Ranges are in
    /// order and do not overlap; a Hangul particle after an address ends it (`https://a.kr에서`).
    /// A run without `:`, `@` or `w` (numbers, a period) is passed over without building text.
    static func ranges(in tokens: [String]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        while start < tokens.count {
            guard addressByte(tokens[start]) != nil else {
                start += 1
                continue
            }
            // One ASCII byte per token: an offset in `run` is a token offset.
            var run: [UInt8] = []
            var end = start
            while end < tokens.count, let byte = addressByte(tokens[end]) {
                run.append(byte | (isAlphanumeric(byte) ? 0x20 : 0))      // ASCII letters lowercased
                end += 1
            }
            defer { start = end }
            guard run.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@")
                                        || $0 == UInt8(ascii: "w") }) else { continue }
            var first = 0
            if let offset = schemes.compactMap({ firstOffset(of: Array($0.utf8), in: run) }).min() {
                first = offset
            } else {
                while first < run.count && !isAlphanumeric(run[first]) { first += 1 }
            }
            var last = run.count
            while last > first && trailingMarks.contains(run[last - 1]) { last -= 1 }
            if first < last && isAddress(String(decoding: run[first..<last], as: UTF8.self)) {
                found.append(start + first..<start + last)
            }
        }
        return found
    }

    /// What starts a web address.
    private static let schemes = ["http://", "https://", "ftp://", "www."]

    /// Where `pattern` first occurs in `bytes`, or nil.
    private static func firstOffset(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first {
            bytes[$0..<$0 + pattern.count].elementsEqual(pattern)
        }
    }

    /// Whether `text`, a run of address characters, is a web or e-mail address.
    static func isAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        for scheme in schemes where lower.hasPrefix(scheme) {
            let rest = lower.dropFirst(scheme.count)
            // www.: another dot; http:// and the like: at least "a.b" after it.
            return rest.contains(".") && (scheme == "www." || rest.count >= 3)
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
