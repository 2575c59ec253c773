import Corpus

/// The two ways corpora write a word's morphemes, parsed and written.
///
/// - Sejong style: `아버지/NNG + 가/JKS`, also without spaces (`아버지/NNG+가/JKS`). A form may
///   itself contain `/` or `+` (`+/SW`, `//SP`, `1/2/SN`): a morpheme ends at the first `/` that
///   is followed by a tag (an ASCII capital or `?`, then letters, digits, `_`, `-`, `?`) and then
///   by the end or a `+` separator; forms contain no spaces.
/// - UD CoNLL-U: LEMMA = forms joined by `+`, XPOS = tags joined by `+` (`가깝+ㄴ`, `VA+ETM`).
///   A literal plus sign is written FORM `+`, LEMMA `+`, XPOS `+SW` (UD Korean GSD): empty XPOS
///   pieces are ignored, and the LEMMA is cut at the `+` signs that give exactly one non-empty
///   piece per tag (the leftmost such cut when several do).
public enum AnalysisNotation {
    /// Parses a Sejong-style analysis. Returns nil (with the 0-based character offset of the
    /// problem) when it is not one.
    public static func parseSejong(_ text: String) -> (morphemes: [Morpheme]?, errorOffset: Int) {
        var text = text
        return text.withUTF8 { parseSejong(utf8: $0) }
    }

    /// `parseSejong` over UTF-8 bytes. Every byte the grammar looks at (space, `/`, `+`, tag
    /// letters) is ASCII and never part of a multi-byte sequence, so scanning bytes cuts exactly
    /// where scanning characters would; the error offset is converted back to characters
    /// (Unicode scalars).
    static func parseSejong(utf8 s: UnsafeBufferPointer<UInt8>)
        -> (morphemes: [Morpheme]?, errorOffset: Int) {
        let space = UInt8(ascii: " "), slash = UInt8(ascii: "/")
        func failure(at byte: Int) -> ([Morpheme]?, Int) {
            (nil, s[..<byte].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
        }
        var morphemes: [Morpheme] = []
        var position = 0
        while position < s.count && s[position] == space { position += 1 }
        if position == s.count { return failure(at: position) }
        while position < s.count {
            var found: (slash: Int, tagEnd: Int, next: Int)? = nil
            var j = position + 1
            while j < s.count && s[j] != space {
                if s[j] == slash, let (tagEnd, next) = tagAndSeparator(s, from: j + 1) {
                    found = (j, tagEnd, next)
                    break
                }
                j += 1
            }
            guard let (slashAt, tagEnd, next) = found else { return failure(at: position) }
            let form = String(decoding: UnsafeBufferPointer(rebasing: s[position..<slashAt]), as: UTF8.self)
            let tag = String(decoding: UnsafeBufferPointer(rebasing: s[(slashAt + 1)..<tagEnd]),
                             as: UTF8.self)
            morphemes.append(Morpheme(form, tag))
            position = next
        }
        return (morphemes, 0)
    }

    /// If a tag starts at `start` and is followed by the end, or by optional spaces, `+` and
    /// optional spaces with more text after, the end of the tag and the start of the next morpheme.
    private static func tagAndSeparator(_ s: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        let space = UInt8(ascii: " ")
        guard start < s.count, isTagHead(s[start]) else { return nil }
        var end = start + 1
        while end < s.count, isTagBody(s[end]) { end += 1 }
        var k = end
        while k < s.count && s[k] == space { k += 1 }
        if k == s.count { return (end, k) }
        guard s[k] == UInt8(ascii: "+") else { return nil }
        k += 1
        while k < s.count && s[k] == space { k += 1 }
        guard k < s.count else { return nil }
        return (end, k)
    }

    private static func isTagHead(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || c == UInt8(ascii: "?")
    }

    private static func isTagBody(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "?")
    }

    /// Writes morphemes Sejong style, `form/tag` joined by ` + ` (the form alone when the tag is
    /// empty).
    public static func sejong(_ morphemes: [Morpheme]) -> String {
        morphemes.map(\.description).joined(separator: " + ")
    }

    /// Splits a CoNLL-U LEMMA and XPOS into morphemes. Returns nil when no cut of LEMMA gives one
    /// non-empty form per tag (or XPOS has no tag).
    public static func parseUD(lemma: String, xpos: String) -> [Morpheme]? {
        let tags = splitAtPlus(xpos).filter { !$0.isEmpty }
        guard !tags.isEmpty, !lemma.isEmpty else { return nil }
        let simple = splitAtPlus(lemma)
        if simple.count == tags.count && !simple.contains(where: \.isEmpty) {
            var morphemes: [Morpheme] = []
            morphemes.reserveCapacity(tags.count)
            for index in tags.indices { morphemes.append(Morpheme(simple[index], tags[index])) }
            return morphemes
        }
        // Choose tags.count - 1 of the plus signs as cuts, leftmost first, every piece non-empty.
        let chars = Array(lemma)
        let plusPositions = chars.indices.filter { chars[$0] == "+" }
        let needed = tags.count - 1
        guard needed <= plusPositions.count else { return nil }
        var chosen: [Int] = []
        var attempts = 0
        func search(_ from: Int, _ previousCut: Int) -> Bool {
            attempts += 1
            if attempts > 10_000 { return false }
            if chosen.count == needed { return previousCut + 1 < chars.count }
            var k = from
            while k < plusPositions.count {
                let cut = plusPositions[k]
                if cut > previousCut + 1 {
                    chosen.append(cut)
                    if search(k + 1, cut) { return true }
                    chosen.removeLast()
                }
                k += 1
            }
            return false
        }
        guard search(0, -1) else { return nil }
        var morphemes: [Morpheme] = []
        var start = 0
        for (index, cut) in (chosen + [chars.count]).enumerated() {
            morphemes.append(Morpheme(String(chars[start..<cut]), tags[index]))
            start = cut + 1
        }
        return morphemes
    }

    /// `text` split at every `+`, empty pieces kept (a fast byte-level split).
    static func splitAtPlus(_ text: String) -> [String] {
        var pieces: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x2B {
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
        }
        return pieces
    }

    /// Writes morphemes as CoNLL-U LEMMA and XPOS. A word that is one morpheme `+` gets XPOS `+TAG`
    /// (the UD Korean convention that `parseUD` reads back). Empty tags (segmentation only) give
    /// XPOS `_`.
    public static func ud(_ morphemes: [Morpheme]) -> (lemma: String, xpos: String) {
        guard !morphemes.isEmpty else { return ("_", "_") }
        let lemma = morphemes.map(\.form).joined(separator: "+")
        if morphemes.allSatisfy({ $0.tag.isEmpty }) { return (lemma, "_") }
        if morphemes.count == 1 && morphemes[0].form == "+" { return (lemma, "+" + morphemes[0].tag) }
        return (lemma, morphemes.map { $0.tag.isEmpty ? "_" : $0.tag }.joined(separator: "+"))
    }
}
