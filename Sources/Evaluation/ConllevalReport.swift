import Corpus
#if canImport(Glibc)
import Glibc
#endif

/// The report conlleval.pl prints, byte for byte: the counts line, the accuracy/precision/
/// recall/FB1 line (only when there are tokens), and one line per chunk type in Perl `sort`
/// order, figures in percent with C `printf("%6.2f")` rounding, computed in the same order of
/// floating-point operations as the script.
public enum ConllevalReport {
    /// The report's bytes (type names are written exactly as read, even when not UTF-8).
    public static func bytes(_ result: EvaluationResult) -> [UInt8] {
        var out: [UInt8] = []
        let overall = result.overall
        out += Array(("processed \(result.tokens) tokens with \(overall.gold) phrases; " +
                      "found: \(overall.predicted) phrases; correct: \(overall.correct).\n").utf8)
        if result.tokens > 0 {
            let (precision, recall, f1) = percentages(overall)
            let accuracy = Double(100 * result.correctTokens) / Double(result.tokens)
            out += format("accuracy: %6.2f%%; ", accuracy)
            out += format("precision: %6.2f%%; ", precision)
            out += format("recall: %6.2f%%; ", recall)
            out += format("FB1: %6.2f\n", f1)
        }
        for type in result.types {
            let times = type.nameBytes.isEmpty && result.duplicatedEmptyType ? 2 : 1
            for _ in 0..<times {
                if type.nameBytes.count < 17 {
                    out += [UInt8](repeating: 0x20, count: 17 - type.nameBytes.count)
                }
                out += type.nameBytes
                out += Array(": ".utf8)
                let (precision, recall, f1) = percentages(type.score)
                out += format("precision: %6.2f%%; ", precision)
                out += format("recall: %6.2f%%; ", recall)
                out += format("FB1: %6.2f", f1)
                out += Array("  \(type.score.predicted)\n".utf8)
            }
        }
        return out
    }

    /// The report as text (invalid UTF-8 in type names shown as U+FFFD).
    public static func format(_ result: EvaluationResult) -> String {
        String(decoding: bytes(result), as: UTF8.self)
    }

    /// Precision, recall and FB1 in percent as conlleval computes them (0 on division by zero).
    static func percentages(_ score: ChunkScore) -> (Double, Double, Double) {
        let precision = score.predicted > 0 ? Double(100 * score.correct) / Double(score.predicted) : 0
        let recall = score.gold > 0 ? Double(100 * score.correct) / Double(score.gold) : 0
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return (precision, recall, f1)
    }

    /// C `snprintf` with one double argument.
    static func format(_ pattern: String, _ value: Double) -> [UInt8] {
        CFormat.bytes(pattern, [value])
    }
}
