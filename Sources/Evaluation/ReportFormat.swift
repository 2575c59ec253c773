/// The formats `biotag eval --format` writes the figures in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// conlleval.pl's report, byte for byte (`ConllevalReport`), then the confusion matrix
    /// (`ConfusionReport`) after a blank line when it was counted.
    case conlleval
    /// An aligned table per chunk type (`TableReport`).
    case table
    /// A JSON object (`JSONReport`), with the confusion matrix when it was counted.
    case json

    /// The report of `result` in this format, ending with a newline. Bytes, since conlleval's
    /// report writes type names exactly as read, even when they are not UTF-8.
    public func bytes(_ result: EvaluationResult) -> [UInt8] {
        switch self {
        case .conlleval:
            var bytes = ConllevalReport.bytes(result)
            if let confusion = result.confusion {
                bytes += Array(("\n" + ConfusionReport.format(confusion)).utf8)
            }
            return bytes
        case .table:
            return Array(TableReport.format(result).utf8)
        case .json:
            return Array(JSONReport.format(result).utf8)
        }
    }
}
