import XCTest
@testable import Tagger

final class ProgressPrinterTests: XCTestCase {
    func testEpochLinesAreStable() {
        let dev = DevScores(epoch: 3, precision: 88.011, recall: 87.06, f1: 87.53, accuracy: 97.74)
        let best = DevScores(epoch: 2, precision: 90, recall: 90, f1: 90, accuracy: 98)
        let report = EpochReport(epoch: 3, epochs: 12, loss: 0.97843, learningRate: 0.00091, tokensPerSecond: 13812.4,
                                 seconds: 147.4, dev: dev,
                                 perType: [("LOC", 85.08, 81.0, 82.99, 1837), ("PER", 77.05, 86.59, 81.54, 1842)],
                                 best: best, improved: false)
        XCTAssertEqual(ProgressPrinter.lines(for: report), [
            "epoch 3/12 done: loss 0.9784, lr 0.00091, 13.8k tok/s, 2:27; dev P 88.01 R 87.06 F1 87.53 acc 97.74 (best 90.00 at epoch 2)",
            "  PER      P  77.05 R  86.59 F1  81.54  (1842 gold)",
            "  LOC      P  85.08 R  81.00 F1  82.99  (1837 gold)",
        ])
        XCTAssertEqual(ProgressPrinter.clock(3725), "1h02m")
        XCTAssertEqual(ProgressPrinter.clock(.infinity), "?")
        XCTAssertEqual(ProgressPrinter.count(940), "940")
    }
}
