import Corpus

/// The figures as JSON: `tokens`, `accuracy`, `overall` (`precision`, `recall`, `f1`, `gold`,
/// `predicted`, `correct`), `macro` (`precision`, `recall`, `f1`), `labels` (an object keyed by
/// chunk type with the same fields as `overall`, in byte order of the names) and, when counted,
/// `confusion` (`labels`, and `counts` rows gold, columns predicted). Fractions are in 0...1.
public enum JSONReport {
    /// The JSON text, pretty-printed with two-space indents, ending with a newline.
    public static func format(_ result: EvaluationResult) -> String {
        value(result).text() + "\n"
    }

    /// The report as a JSON value: an object with one member per line (and one chunk type per
    /// line in `labels`), each member's own value on its line.
    public static func value(_ result: EvaluationResult) -> JSONValue {
        .object(members(result), multiline: true)
    }

    /// The members of `value(_:)`, in order, for a report that adds its own around them.
    public static func members(_ result: EvaluationResult) -> [(String, JSONValue)] {
        func score(_ s: ChunkScore) -> JSONValue {
            .object([("precision", .double(s.precision)), ("recall", .double(s.recall)),
                     ("f1", .double(s.f1)), ("gold", .int(s.gold)), ("predicted", .int(s.predicted)),
                     ("correct", .int(s.correct))])
        }
        let m = result.macro
        var members: [(String, JSONValue)] = [
            ("tokens", .int(result.tokens)),
            ("accuracy", .double(result.accuracy)),
            ("overall", score(result.overall)),
            ("macro", .object([("precision", .double(m.precision)), ("recall", .double(m.recall)),
                               ("f1", .double(m.f1))])),
            ("labels", .object(result.types.map { ($0.name, score($0.score)) }, multiline: true)),
        ]
        if let confusion = result.confusion {
            members.append(("confusion", .object([
                ("labels", .array(confusion.labels.map { .string($0) })),
                ("counts", .array(confusion.counts.map { row in .array(row.map { .int($0) }) })),
            ], multiline: true)))
        }
        return members
    }
}
