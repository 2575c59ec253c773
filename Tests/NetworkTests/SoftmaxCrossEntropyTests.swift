import XCTest
@testable import Network

final class SoftmaxCrossEntropyTests: XCTestCase {
    func testLossAndGradient() {
        let rows = 4, classes = 5
        let x = SharedFloats(count: rows * classes, bound: 3, seed: 4), dx = SharedFloats([])
        let labels: [Int32] = [2, -1, 0, 4]
        func loss() -> Double {
            var copy = x.values
            return 0.25 * SoftmaxCrossEntropy.lossAndGradient(&copy, ld: classes, rows: rows, classes: classes,
                                                              labels: labels, scale: 0.25)
        }
        // Direct value: -log softmax at the gold labels, masked row skipped.
        var expected = 0.0
        for r in [0, 2, 3] {
            let row = x.values[(r * classes)..<(r * classes + classes)].map(Double.init)
            let lse = log(row.map(exp).reduce(0, +))
            expected += lse - row[Int(labels[r])]
        }
        XCTAssertEqual(loss(), 0.25 * expected, accuracy: 1e-5)
        checkGradients("softmax", values: [("logits", x, dx)], parameters: [], loss: loss, gradients: {
            dx.values = x.values
            _ = SoftmaxCrossEntropy.lossAndGradient(&dx.values, ld: classes, rows: rows, classes: classes,
                                                    labels: labels, scale: 0.25)
        }, samples: 20)
        XCTAssertEqual(Array(dx.values[5..<10]), [0, 0, 0, 0, 0], "masked row has no gradient")
    }

    func testSoftmaxRowsSumToOneWithHugeLogits() {
        var x: [Float] = [1000, 999, -1000, 0, 0, 0]
        SoftmaxCrossEntropy.softmax(&x, ld: 3, rows: 2, classes: 3)
        XCTAssertEqual(x[0] + x[1] + x[2], 1, accuracy: 1e-6)
        XCTAssertEqual(x[0], 1 / (1 + exp(-1)), accuracy: 1e-5)
        XCTAssertEqual(x[3], 1.0 / 3, accuracy: 1e-6)
    }
}
