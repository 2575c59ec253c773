/// A human-readable table: one aligned row per chunk type with gold, predicted and correct
/// counts and precision, recall and F1 in percent (two decimals), then the micro average (all
/// chunks pooled), the macro average (mean of the per-type figures) and token accuracy.
/// Types without a name are shown as `(none)`.
public enum TableReport {
    /// The table, ending with a newline.
    public static func format(_ result: EvaluationResult) -> String {
        func percent(_ fraction: Double) -> String { Format.fixed(100 * fraction, digits: 2) }
        func row(_ name: String, _ s: ChunkScore, _ p: Double, _ r: Double, _ f: Double) -> [String] {
            [name, String(s.gold), String(s.predicted), String(s.correct), percent(p), percent(r), percent(f)]
        }
        var rows: [[String]] = [["type", "gold", "predicted", "correct", "precision", "recall", "f1"]]
        for type in result.types {
            let s = type.score
            rows.append(row(type.name.isEmpty ? "(none)" : type.name, s, s.precision, s.recall, s.f1))
        }
        let o = result.overall
        rows.append(row("micro avg", o, o.precision, o.recall, o.f1))
        let m = result.macro
        rows.append(row("macro avg", o, m.precision, m.recall, m.f1))
        let widths = (0..<7).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        for (index, cells) in rows.enumerated() {
            if index == rows.count - 2 { lines.append("") }
            var line = Format.padRight(cells[0], widths[0])
            for k in 1..<7 { line += "  " + Format.padLeft(cells[k], widths[k]) }
            lines.append(line)
        }
        lines.append("")
        lines.append("accuracy: \(percent(result.accuracy))% of \(result.tokens) tokens")
        var text = lines.joined(separator: "\n") + "\n"
        if let confusion = result.confusion { text += "\n" + ConfusionReport.format(confusion) }
        return text
    }
}

/// The confusion matrix as an aligned table (rows gold, columns predicted).
public enum ConfusionReport {
    /// The table, ending with a newline; a note when there are no tokens.
    public static func format(_ matrix: ConfusionMatrix) -> String {
        guard !matrix.labels.isEmpty else { return "confusion matrix: no tokens\n" }
        let corner = "gold \\ predicted"
        let first = max(corner.count, matrix.labels.map(\.count).max() ?? 0)
        let widths = matrix.labels.indices.map { j in
            max(matrix.labels[j].count, matrix.counts.map { String($0[j]).count }.max() ?? 1)
        }
        var lines = ["confusion matrix (rows: gold, columns: predicted)"]
        var header = Format.padRight(corner, first)
        for (j, label) in matrix.labels.enumerated() { header += "  " + Format.padLeft(label, widths[j]) }
        lines.append(header)
        for (i, label) in matrix.labels.enumerated() {
            var line = Format.padRight(label, first)
            for j in matrix.labels.indices {
                line += "  " + Format.padLeft(String(matrix.counts[i][j]), widths[j])
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Small text helpers for the reports.
enum Format {
    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `value` with `digits` decimals, C `%.Nf` rounding.
    static func fixed(_ value: Double, digits: Int) -> String {
        String(decoding: ConllevalReport.format("%.\(digits)f", value), as: UTF8.self)
    }
}
