import Corpus
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
            let text = String(format: "epoch %d/%d batch %d/%d loss %.4f %@ tok/s ETA %@",
                              p.epoch, p.epochs, p.batch, p.batches, p.loss,
                              ProgressPrinter.count(p.tokensPerSecond), ProgressPrinter.clock(p.secondsLeft))
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

    /// The lines printed after an epoch.
    public static func lines(for r: EpochReport) -> [String] {
        var lines = [String(format: "epoch %d/%d done: loss %.4f, lr %.2g, %@ tok/s, %@; dev P %.2f R %.2f F1 %.2f acc %.2f%@",
                            r.epoch, r.epochs, r.loss, Double(r.learningRate), count(r.tokensPerSecond),
                            clock(r.seconds), r.dev.precision, r.dev.recall, r.dev.f1, r.dev.accuracy,
                            r.improved ? " (best, saved)" : String(format: " (best %.2f at epoch %d)", r.best.f1, r.best.epoch))]
        let shown = r.perType.sorted { $0.gold > $1.gold }.prefix(20)
        for t in shown {
            lines.append(String(format: "  %@ P %6.2f R %6.2f F1 %6.2f  (%d gold)",
                                t.type.padding(toLength: max(8, t.type.count), withPad: " ", startingAt: 0),
                                t.precision, t.recall, t.f1, t.gold))
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
        value >= 10_000 ? String(format: "%.1fk", value / 1000) : String(format: "%.0f", value)
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
