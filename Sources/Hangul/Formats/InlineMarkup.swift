import Corpus

/// Inline entity markup, one sentence per line: `<경찰:OG>은 또 <박:PS>씨의 딸`.
///
/// An entity is `<`, its text, `:`, its type, `>`; the type is empty or an ASCII letter followed
/// by letters, digits, `_`, `+`, `-`; the text is cut at the last `:` (so `<10:30:TI>` works).
/// A backslash escapes the next character (`\<`, `\>`, `\\`); an unescaped `<` that does not
/// open a well-formed entity and a `>` outside an entity are literal (KLUE's own marked text has
/// `<뚝방전설>`, and `내일>(18일)` needs no escape). The writer escapes only where reading back
/// would otherwise change the text or the entities: a `<` that would open an entity, a `\`
/// before another character, and `<`, `>`, `\` inside an entity, so a line in that form reads
/// and writes back byte for byte.
public enum InlineMarkup {
    /// The plain text and the entities of one marked-up line (offsets in Unicode scalars of the
    /// text, whose conjoining jamo are composed; nothing else is changed).
    public static func parse(_ line: String) -> (text: String, spans: [Span]) {
        let s = Array(Normalization.composingHangul(line).unicodeScalars)
        var text = String.UnicodeScalarView()
        var count = 0
        var spans: [Span] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\" && i + 1 < s.count {
                text.append(s[i + 1]); count += 1
                i += 2
                continue
            }
            if c == "<", let (content, type, next) = entity(s, from: i) {
                let start = count
                // One scalar at a time: UnicodeScalarView.append(contentsOf:) copies the whole
                // string each call, which made long lines quadratic.
                for scalar in content { text.append(scalar) }
                count += content.count
                spans.append(Span(start: start, end: count, type: type))
                i = next
                continue
            }
            text.append(c); count += 1
            i += 1
        }
        return (String(text), spans)
    }

    /// The entity opening at `s[start] == "<"`: its unescaped text, type and the index after `>`.
    private static func entity(_ s: [Unicode.Scalar], from start: Int) -> ([Unicode.Scalar], String, Int)? {
        var j = start + 1
        var inner: [(Unicode.Scalar, Bool)] = []   // (scalar, escaped)
        while j < s.count {
            let c = s[j]
            if c == "\\" && j + 1 < s.count {
                inner.append((s[j + 1], true))
                j += 2
                continue
            }
            if c == "<" { return nil }
            if c == ">" { break }
            inner.append((c, false))
            j += 1
        }
        guard j < s.count, let (colon, type) = entityType(inner) else { return nil }
        return (inner[..<colon].map(\.0), type, j + 1)
    }

    /// The position of the `:` that splits an entity's inner text (scalar, escaped) from its
    /// type, and the type, when the type is well-formed; nil otherwise.
    private static func entityType(_ inner: [(Unicode.Scalar, Bool)]) -> (Int, String)? {
        guard let colon = inner.lastIndex(where: { $0.0 == ":" && !$0.1 }), colon > 0 else { return nil }
        let typeScalars = inner[(colon + 1)...]
        if let first = typeScalars.first {
            guard !first.1, isLetter(first.0) else { return nil }
            for (c, escaped) in typeScalars {
                let allowed = isLetter(c) || isDigit(c) || "_+-".unicodeScalars.contains(c)
                if escaped || !allowed { return nil }
            }
        }
        var type = String.UnicodeScalarView()
        type.append(contentsOf: typeScalars.map(\.0))
        return (colon, String(type))
    }

    /// True when an unescaped `<` followed by `rest` would open an entity. `rest` is the text
    /// after it in reverse order (`rest.last` comes first), as the writer builds its line.
    private static func opensEntity(reversed rest: [Unicode.Scalar]) -> Bool {
        var j = rest.count - 1
        var inner: [(Unicode.Scalar, Bool)] = []
        while j >= 0 {
            let c = rest[j]
            if c == "\\" && j > 0 {
                inner.append((rest[j - 1], true))
                j -= 2
                continue
            }
            if c == "<" { return false }
            if c == ">" { return entityType(inner) != nil }
            inner.append((c, false))
            j -= 1
        }
        return false
    }

    /// A piece of a marked-up line: plain text, or an entity's text and type.
    public enum Piece {
        /// Text outside entities.
        case text([Unicode.Scalar])
        /// An entity: its text (not empty) and type.
        case entity([Unicode.Scalar], String)
    }

    /// The marked-up line of `pieces`, escaping only where reading back would otherwise differ
    /// (see the type's description). Built from the end, since whether a `<` needs its escape
    /// depends on what follows it.
    public static func line(_ pieces: [Piece]) -> String {
        var reversed: [Unicode.Scalar] = []
        for piece in pieces.reversed() {
            switch piece {
            case .entity(let content, let type):
                reversed.append(">")
                reversed.append(contentsOf: type.unicodeScalars.reversed())
                reversed.append(":")
                for c in content.reversed() {
                    reversed.append(c)
                    if c == "<" || c == ">" || c == "\\" { reversed.append("\\") }
                }
                reversed.append("<")
            case .text(let text):
                for c in text.reversed() {
                    let escape = (c == "\\" && !reversed.isEmpty)
                        || (c == "<" && opensEntity(reversed: reversed))
                    reversed.append(c)
                    if escape { reversed.append("\\") }
                }
            }
        }
        var line = String.UnicodeScalarView()
        line.append(contentsOf: reversed.reversed())
        return String(line)
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// The marked-up line of a sentence: its tokens' text with each chunk written
    /// `<text:TYPE>`, escaped only where needed (`line(_:)`).
    public static func format(_ sentence: SyllableSentence) -> String {
        var pieces: [Piece] = []
        var position = 0
        var plain: [Unicode.Scalar] = []
        func scalars(_ range: Range<Int>) -> [Unicode.Scalar] {
            var result: [Unicode.Scalar] = []
            result.reserveCapacity(range.count)
            for index in range {
                for scalar in SyllableTokenizer.text(of: sentence.tokens[index]).unicodeScalars {
                    result.append(scalar)
                }
            }
            return result
        }
        for span in sentence.spans.sorted()
        where span.start >= position && span.start < span.end && span.end <= sentence.tokens.count {
            plain += scalars(position..<span.start)
            if !plain.isEmpty { pieces.append(.text(plain)) }
            plain = []
            pieces.append(.entity(scalars(span.start..<span.end), span.type))
            position = span.end
        }
        plain += scalars(position..<sentence.tokens.count)
        if !plain.isEmpty { pieces.append(.text(plain)) }
        return line(pieces)
    }

    /// The syllable sentence of a marked-up line (tokens of the plain text, chunks from the entities).
    /// The text between two entity edges is tokenised on its own, so a grapheme cluster never
    /// straddles an edge and every edge falls between tokens.
    public static func sentence(_ line: String, id: String? = nil) -> SyllableSentence {
        let (text, spans) = parse(line)
        let tokens = SyllableTokenizer.tokens(of: text)
        // One token per scalar (no cluster of several): the scalar offsets are token indexes.
        if tokens.count == text.unicodeScalars.count {
            return SyllableSentence(id: id, text: text, tokens: tokens, spans: spans)
        }
        let scalars = Array(text.unicodeScalars)
        var edges = Set([0, scalars.count])
        for span in spans { edges.insert(span.start); edges.insert(span.end) }
        let sorted = edges.sorted()
        var pieces: [String] = []
        var tokenIndex: [Int: Int] = [0: 0]
        for (from, to) in zip(sorted, sorted.dropFirst()) {
            var piece = String.UnicodeScalarView()
            for scalar in scalars[from..<to] { piece.append(scalar) }
            pieces += SyllableTokenizer.tokens(of: String(piece))
            tokenIndex[to] = pieces.count
        }
        let tokenSpans = spans.map { span in
            Span(start: tokenIndex[span.start] ?? 0, end: tokenIndex[span.end] ?? 0, type: span.type)
        }
        return SyllableSentence(id: id, text: text, tokens: pieces, spans: tokenSpans)
    }
}
