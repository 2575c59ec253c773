import Corpus

/// JSON output, one object per sentence on one line (JSON Lines):
///
///     {"id":"s1","text":"경찰은 또","spans":[{"start":0,"end":2,"type":"OG","text":"경찰"}]}
///
/// `start`/`end` are Unicode scalar offsets into `text` (end exclusive), which is the text of
/// the tokens (so offsets always match it). When words are given, a `words` array follows with
/// each word's offsets, form and morphemes: `{"start":0,"end":3,"form":"경찰은",
/// "morphemes":[{"form":"경찰","tag":"NNG"},{"form":"은","tag":"JX"}]}`.
public enum SpanJSON {
    /// The JSON line (without newline) of `sentence`, with `words` when given (one per word range).
    public static func format(_ sentence: SyllableSentence, words: [AnalyzedWord]? = nil) -> String {
        var offsets = [0]
        offsets.reserveCapacity(sentence.tokens.count + 1)
        for token in sentence.tokens {
            offsets.append(offsets[offsets.count - 1] + SyllableTokenizer.text(of: token).unicodeScalars.count)
        }
        var json = "{"
        if let id = sentence.id { json += "\"id\":" + quote(id) + "," }
        json += "\"text\":" + quote(sentence.surfaceText) + ",\"spans\":["
        var first = true
        for span in sentence.spans where span.start >= 0 && span.end <= sentence.tokens.count && span.start < span.end {
            if !first { json += "," }
            first = false
            json += "{\"start\":\(offsets[span.start]),\"end\":\(offsets[span.end]),\"type\":" + quote(span.type)
            json += ",\"text\":" + quote(sentence.text(of: span)) + "}"
        }
        json += "]"
        if let words {
            json += ",\"words\":["
            for (index, (range, word)) in zip(sentence.wordRanges, words).enumerated() {
                if index > 0 { json += "," }
                json += "{\"start\":\(offsets[range.lowerBound]),\"end\":\(offsets[range.upperBound]),\"form\":"
                json += quote(word.form) + ",\"morphemes\":["
                json += word.morphemes.map { "{\"form\":" + quote($0.form) + ",\"tag\":" + quote($0.tag) + "}" }
                    .joined(separator: ",")
                json += "]}"
            }
            json += "]"
        }
        return json + "}"
    }

    /// `text` as a JSON string literal.
    public static func quote(_ text: String) -> String {
        JSONText.quote(text)
    }
}
