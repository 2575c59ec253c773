import Corpus

/// The figures as JSON: `tokens`, `accuracy`, `overall` (`precision`, `recall`, `f1`, `gold`,
/// `predicted`, `correct`), `macro` (`precision`, `recall`, `f1`), `labels` (an object keyed by
/// chunk type with the same fields as `overall`, in byte order of the names) and, when counted,
/// `confusion` (`labels`, and `counts` rows gold, columns predicted). Fractions are in 0...1.
public enum JSONReport {
    /// The JSON text, pretty-printed with two-space indents, ending with a newline.
    public static func format(_ result: EvaluationResult) -> String {
        func score(_ s: ChunkScore) -> String {
            "{\"precision\": \(number(s.precision)), \"recall\": \(number(s.recall)), \"f1\": \(number(s.f1)), " +
                "\"gold\": \(s.gold), \"predicted\": \(s.predicted), \"correct\": \(s.correct)}"
        }
        let m = result.macro
        var lines = ["{"]
        lines.append("  \"tokens\": \(result.tokens),")
        lines.append("  \"accuracy\": \(number(result.accuracy)),")
        lines.append("  \"overall\": \(score(result.overall)),")
        lines.append("  \"macro\": {\"precision\": \(number(m.precision)), \"recall\": \(number(m.recall)), " +
                     "\"f1\": \(number(m.f1))},")
        if result.types.isEmpty {
            lines.append("  \"labels\": {}" + (result.confusion == nil ? "" : ","))
        } else {
            lines.append("  \"labels\": {")
            for (index, type) in result.types.enumerated() {
                let comma = index + 1 < result.types.count ? "," : ""
                lines.append("    \(string(type.name)): \(score(type.score))\(comma)")
            }
            lines.append("  }" + (result.confusion == nil ? "" : ","))
        }
        if let confusion = result.confusion {
            lines.append("  \"confusion\": {")
            lines.append("    \"labels\": [" + confusion.labels.map(string).joined(separator: ", ") + "],")
            lines.append("    \"counts\": [" + confusion.counts.map {
                "[" + $0.map(String.init).joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "]")
            lines.append("  }")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A finite double in JSON (shortest round-trip form).
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "0"
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        JSONText.quote(text)
    }
}
