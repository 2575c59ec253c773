import Foundation
import XCTest
@testable import Kernels

final class VectorTests: XCTestCase {
    static let counts = [0, 1, 15, 16, 17, 63, 64, 65, 131]

    func testElementwiseHelpersMatchScalarLoops() {
        var random = TestRandom(seed: 5)
        for count in Self.counts {
            let x = random.array(count), y0 = random.array(count)
            var y = y0
            Vector.add(x, to: &y, count: count)
            XCTAssertEqual(y, zip(x, y0).map { $0 + $1 }, "add \(count)")
            var z = [Float](repeating: 9, count: count)
            Vector.add(x, y0, into: &z, count: count)
            XCTAssertEqual(z, zip(x, y0).map { $0 + $1 }, "add into \(count)")
            y = y0
            Vector.axpy(-0.5, x, &y, count: count)
            for i in 0..<count { XCTAssertEqual(y[i], y0[i] - 0.5 * x[i], accuracy: 1e-6) }
            y = y0
            Vector.scale(&y, by: 3, count: count)
            XCTAssertEqual(y, y0.map { $0 * 3 }, "scale \(count)")
            y = y0
            Vector.multiply(x, into: &y, count: count)
            XCTAssertEqual(y, zip(x, y0).map { $0 * $1 }, "multiply \(count)")
        }
    }

    func testReductions() {
        var random = TestRandom(seed: 6)
        for count in Self.counts {
            let x = random.array(count), y = random.array(count)
            let dot = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            XCTAssertEqual(Double(Vector.dot(x, y, count: count)), dot, accuracy: 1e-5)
            let squares = x.reduce(0.0) { $0 + Double($1) * Double($1) }
            XCTAssertEqual(Double(Vector.sumOfSquares(x, count: count)), squares, accuracy: 1e-5)
            XCTAssertEqual(Double(Vector.sum(x, count: count)), x.reduce(0.0) { $0 + Double($1) },
                           accuracy: 1e-5)
        }
        XCTAssertTrue(Vector.sumOfSquares([1, .nan, 2], count: 3).isNaN)
        XCTAssertEqual(Vector.sumOfSquares([1, -.infinity, 2], count: 3), .infinity)
    }

    func testAdamUpdateEqualsTheScalarLoop() {
        var random = TestRandom(seed: 13)
        for count in Self.counts {
            let x0 = random.array(count), g = random.array(count).map { $0 * 3 }
            let m0 = random.array(count).map { $0 * 0.1 }, v0 = random.array(count).map { abs($0) * 0.1 }
            let (b1, b2, lr, scale, eps): (Float, Float, Float, Float, Float) = (0.9, 0.999, 1e-3, 3.2, 1e-8)
            var x = x0, m = m0, v = v0
            Vector.adamUpdate(count: count, x: &x, gradient: g, m: &m, v: &v, beta1: b1, beta2: b2,
                              learningRate: lr, vScale: scale, epsilon: eps)
            var ex = x0, em = m0, ev = v0
            for k in 0..<count {
                em[k] = b1 * em[k] + (1 - b1) * g[k]
                ev[k] = b2 * ev[k] + (1 - b2) * g[k] * g[k]
                ex[k] -= lr * em[k] / (ev[k].squareRoot() * scale + eps)
            }
            XCTAssertEqual(m, em, "m, count \(count)")
            XCTAssertEqual(v, ev, "v, count \(count)")
            XCTAssertEqual(x, ex, "x, count \(count)")
            if count > 0 { XCTAssertNotEqual(x, x0) }
        }
    }

    func testBiasAndItsGradient() {
        // c [3, 5] with ldc 7; bias [5].
        let bias: [Float] = [1, 2, 3, 4, 5]
        var c = [Float](repeating: 10, count: 3 * 7)
        Vector.addBias(bias, rows: 3, columns: 5, to: &c, ldc: 7)
        for r in 0..<3 {
            XCTAssertEqual(Array(c[(r * 7)..<(r * 7 + 7)]), [11, 12, 13, 14, 15, 10, 10])
        }
        var sum: [Float] = [1, 1, 1, 1, 1]
        Vector.sumRows(rows: 3, columns: 5, c, ldx: 7, into: &sum)
        XCTAssertEqual(sum, [34, 37, 40, 43, 46])
    }

    func testLogSumExpAndSoftmax() {
        var random = TestRandom(seed: 8)
        for columns in [1, 5, 16, 17, 40] {
            let rows = 3, ld = columns + 2
            let x = random.array(rows * ld).map { $0 * 30 }
            var lse = [Float](repeating: 0, count: rows)
            Vector.logSumExp(rows: rows, columns: columns, x, ldx: ld, into: &lse)
            var probabilities = x
            var lse2 = [Float](repeating: 0, count: rows)
            Vector.softmax(rows: rows, columns: columns, &probabilities, ldx: ld, logSumExp: &lse2)
            XCTAssertEqual(lse, lse2)
            for r in 0..<rows {
                let row = (0..<columns).map { Double(x[r * ld + $0]) }
                let top = row.max()!
                let exact = top + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - top) })
                XCTAssertEqual(Double(lse[r]), exact, accuracy: 1e-5 * max(1, abs(exact)))
                for j in 0..<columns {
                    XCTAssertEqual(Double(probabilities[r * ld + j]),
                                   Foundation.exp(row[j] - exact), accuracy: 1e-6)
                }
                // The padding between rows is untouched.
                XCTAssertEqual(probabilities[r * ld + columns], x[r * ld + columns])
            }
        }
    }

    func testLogSumExpEdgeRows() {
        let inf = Float.infinity
        let x: [Float] = [-inf, -inf, -inf,   0, -inf, 0,   1, inf, 2,   1, .nan, 2]
        var lse = [Float](repeating: 0, count: 4)
        Vector.logSumExp(rows: 4, columns: 3, x, ldx: 3, into: &lse)
        XCTAssertEqual(lse[0], -inf)
        XCTAssertEqual(lse[1], Float(Foundation.log(2.0)), accuracy: 1e-6)
        XCTAssertEqual(lse[2], inf)
        XCTAssertTrue(lse[3].isNaN)
        var p = x
        Vector.softmax(rows: 4, columns: 3, &p, ldx: 3)
        XCTAssertEqual(Array(p[0..<3]), [0, 0, 0])
        XCTAssertEqual(Array(p[3..<6]), [0.5, 0, 0.5])
        XCTAssertTrue(p[6..<12].allSatisfy(\.isNaN))
        var empty = [Float](repeating: 7, count: 1)
        Vector.logSumExp(rows: 1, columns: 0, x, ldx: 0, into: &empty)
        XCTAssertEqual(empty, [-inf])
    }
}
