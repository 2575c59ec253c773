import XCTest
@testable import Network

final class DropoutTests: XCTestCase {
    func testInvertedScalingDeterminismAndBackward() {
        let dropout = Dropout(rate: 0.25)
        var x = [Float](repeating: 1, count: 4000)
        dropout.forward(&x, ldx: 40, rows: 100, columns: 40, seed: 9)
        let kept = x.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { abs($0 - 4.0 / 3) < 1e-6 })
        XCTAssertEqual(Double(kept.count) / 4000, 0.75, accuracy: 0.03)
        var again = [Float](repeating: 1, count: 4000)
        Dropout(rate: 0.25).forward(&again, ldx: 40, rows: 100, columns: 40, seed: 9)
        XCTAssertEqual(again, x, "same seed, same mask")
        var other = [Float](repeating: 1, count: 4000)
        dropout.forward(&other, ldx: 40, rows: 100, columns: 40, seed: 10)
        XCTAssertNotEqual(other, x)
        var d = [Float](repeating: 2, count: 4000)
        dropout.backward(&d, lddx: 40)
        for i in d.indices { XCTAssertEqual(d[i], 2 * other[i]) }
    }

    func testZeroRateIsIdentity() {
        let dropout = Dropout(rate: 0)
        var x: [Float] = [1, 2, 3]
        dropout.forward(&x, ldx: 3, rows: 1, columns: 3, seed: 1)
        dropout.backward(&x, lddx: 3)
        XCTAssertEqual(x, [1, 2, 3])
    }
}
