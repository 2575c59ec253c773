import Corpus
import FoundationEssentials
import Glibc

/// Renders `TrainingEvent`s on standard error: a live bar redrawn in place on a terminal,
/// plain lines otherwise (one every `interval` seconds per epoch, so logs stay short).
/// After each epoch: loss, speed, dev P/R/F1 overall and per label, and the best so far.
public final class ProgressPrinter {
    private let live: Bool
    private let interval: Double
    private var lastLine = Date.distantPast
    private var barShown = false

    /// - Parameters:
    ///   - live: redraw one line in place (default: standard error is a terminal).
    ///   - interval: seconds between plain progress lines.
    public init(live: Bool = isatty(2) == 1, interval: Double = 30) {
        self.live = live
        self.interval = interval
    }

    /// Handles one event.
    public func handle(_ event: TrainingEvent) {
        switch event {
        case .batch(let p):
            let text = "epoch \(p.epoch)/\(p.epochs) batch \(p.batch)/\(p.batches) loss "
                + CFormat.string("%.4f", Double(p.loss))
                + " \(ProgressPrinter.count(p.tokensPerSecond)) tok/s ETA \(ProgressPrinter.clock(p.secondsLeft))"
            if live {
                let width = 20
                let filled = p.batches == 0 ? width : p.batch * width / p.batches
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                write("\r\u{1B}[K[\(bar)] " + text)
                barShown = true
            } else if Date().timeIntervalSince(lastLine) >= interval || p.batch == p.batches {
                lastLine = Date()
                StandardError.line(text)
            }
        case .epoch(let report):
            clearBar()
            for line in ProgressPrinter.lines(for: report) { StandardError.line(line) }
            lastLine = Date.distantPast
        case .note(let text):
            clearBar()
            StandardError.line(text)
        }
    }

    /// The line on the data before training starts: sentences and tokens of both sets and the
    /// format of the training data.
    public static func dataLine(train: LabeledCorpus, dev: LabeledCorpus) -> String {
        "train: \(train.sentences.count) sentences, \(train.tokenCount) tokens (\(train.format.rawValue)); "
            + "dev: \(dev.sentences.count) sentences, \(dev.tokenCount) tokens"
    }

    /// The line on the model about to be trained: unit, vocabulary, labels and scheme, the
    /// network's shape (the cell when it is not the LSTM), optimiser, learning rate and batch size.
    public static func modelLine(_ h: ModelHeader) -> String {
        let n = h.network, o = h.options
        let written = h.outputScheme.map { ", written as \($0)" } ?? ""
        return "model: unit \(h.unit.rawValue), \(h.vocabulary.count) tokens, \(h.labels.count) labels "
            + "(\(h.scheme)\(written)), emb \(n.embedding), hidden \(n.hidden)x2, layers \(n.layers), "
            + (n.recurrentCell == .lstm ? "" : "\(n.recurrentCell.rawValue) cells, ")
            + (n.crf ? "CRF" : "softmax")
            + ", \(o.optimizer.rawValue) lr \(o.learningRate), batch \(o.batchSize)"
            + (n.usesBigrams ? ", bigrams \(h.bigrams?.count ?? 0)x\(n.bigramEmbedding ?? 0)" : "")
            + (n.usesWindowFeatures ? ", window features \(n.windowBuckets ?? 0)" : "")
            + (n.usesWindowFeatures && n.windowTemplates == WindowTemplates.extended.count
               ? " (extended templates)" : "")
            + (n.usesGuide ? ", morph features \(h.guide?.header.labels.count ?? 0) labels x\(n.guideEmbedding ?? 0)" : "")
            + ((o.averageEpochs ?? 0) > 0 ? ", weights averaged over \(o.averageEpochs ?? 0) epochs" : "")
    }

    /// The line after training: the best dev F1, its epoch and where that model was saved.
    public static func doneLine(best: DevScores, path: String) -> String {
        CFormat.string("best dev F1 %.2f (epoch %ld) saved to ", best.f1, best.epoch) + path
    }

    /// The lines printed after an epoch.
    public static func lines(for r: EpochReport) -> [String] {
        let best = r.improved ? " (best, saved)" : CFormat.string(" (best %.2f at epoch %ld)", r.best.f1, r.best.epoch)
        var lines = ["epoch \(r.epoch)/\(r.epochs) done: loss " + CFormat.string("%.4f, lr %.2g, ", Double(r.loss),
                                                                             Double(r.learningRate))
                     + "\(count(r.tokensPerSecond)) tok/s, \(clock(r.seconds)); "
                     + CFormat.string("dev P %.2f R %.2f F1 %.2f acc %.2f", r.dev.precision, r.dev.recall,
                                      r.dev.f1, r.dev.accuracy) + best]
        let shown = r.perType.sorted { $0.gold > $1.gold }.prefix(20)
        for t in shown {
            let name = t.type + String(repeating: " ", count: max(0, 8 - t.type.count))
            lines.append("  \(name) " + CFormat.string("P %6.2f R %6.2f F1 %6.2f  (%ld gold)", t.precision, t.recall,
                                                       t.f1, t.gold))
        }
        if r.perType.count > shown.count {
            lines.append("  ... \(r.perType.count - shown.count) rarer labels not shown")
        }
        return lines
    }

    private func clearBar() {
        if barShown { write("\r\u{1B}[K") }
        barShown = false
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in _ = Glibc.write(2, raw.baseAddress, raw.count) }
    }

    static func count(_ value: Double) -> String {
        value >= 10_000 ? CFormat.string("%.1fk", value / 1000) : CFormat.string("%.0f", value)
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? CFormat.string("%ldh%02ldm", s / 3600, s % 3600 / 60)
            : CFormat.string("%ld:%02ld", s / 60, s % 60)
    }
}
