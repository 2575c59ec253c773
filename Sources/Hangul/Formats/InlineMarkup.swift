import Corpus

/// Inline entity markup, one sentence per line: `<경찰:OG>은 또 <박:PS>씨의 딸`.
///
/// An entity is `<`, its text, `:`, its type, `>`; the type is empty or an ASCII letter followed
/// by letters, digits, `_`, `+`, `-`; the text is cut at the last `:` (so `<10:30:TI>` works).
/// A backslash escapes the next character (`\<`, `\>`, `\\`). The writer escapes every literal
/// `<`, `>` and `\`; the reader also accepts an unescaped `<` that does not open a well-formed
/// entity as a literal (KLUE's own marked text has `<뚝방전설>`).
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
        guard j < s.count, let colon = inner.lastIndex(where: { $0.0 == ":" && !$0.1 }), colon > 0 else { return nil }
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
        return (inner[..<colon].map(\.0), String(type), j + 1)
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// The marked-up line of a sentence: its tokens' text with each chunk written
    /// `<text:TYPE>`; literal `<`, `>` and `\` escaped.
    public static func format(_ sentence: SyllableSentence) -> String {
        var starts: [Int: String] = [:]
        var ends: [Int: [String]] = [:]
        for span in sentence.spans where span.start < span.end && span.end <= sentence.tokens.count {
            starts[span.start] = span.type
            ends[span.end, default: []].append(span.type)
        }
        var line = ""
        for (index, token) in sentence.tokens.enumerated() {
            if let types = ends[index] { for type in types { line += ":" + type + ">" } }
            if starts[index] != nil { line += "<" }
            for scalar in SyllableTokenizer.text(of: token).unicodeScalars {
                if scalar == "<" || scalar == ">" || scalar == "\\" { line += "\\" }
                line.unicodeScalars.append(scalar)
            }
        }
        if let types = ends[sentence.tokens.count] { for type in types { line += ":" + type + ">" } }
        return line
    }

    /// The syllable sentence of a marked-up line (tokens of the plain text, chunks from the entities).
    /// The text between two entity edges is tokenised on its own, so a grapheme cluster never
    /// straddles an edge and every edge falls between tokens.
    public static func sentence(_ line: String, id: String? = nil) -> SyllableSentence {
        let (text, spans) = parse(line)
        let scalars = Array(text.unicodeScalars)
        var edges = Set([0, scalars.count])
        for span in spans { edges.insert(span.start); edges.insert(span.end) }
        let sorted = edges.sorted()
        var tokens: [String] = []
        var tokenIndex: [Int: Int] = [0: 0]
        for (from, to) in zip(sorted, sorted.dropFirst()) {
            var piece = String.UnicodeScalarView()
            for scalar in scalars[from..<to] { piece.append(scalar) }
            tokens += SyllableTokenizer.tokens(of: String(piece))
            tokenIndex[to] = tokens.count
        }
        let tokenSpans = spans.map { span in
            Span(start: tokenIndex[span.start] ?? 0, end: tokenIndex[span.end] ?? 0, type: span.type)
        }
        return SyllableSentence(id: id, text: text, tokens: tokens, spans: tokenSpans)
    }
}
