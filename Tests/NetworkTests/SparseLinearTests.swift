import XCTest
@testable import Network

final class SparseLinearTests: XCTestCase {
    /// Forward adds the active rows to what `y` holds; absent ids add nothing; a feature used
    /// twice adds its row twice.
    func testForwardAddsTheActiveRows() {
        let layer = SparseLinear(name: "s", count: 4, output: 2, perRow: 3)
        XCTAssertEqual(layer.weight.value, [Float](repeating: 0, count: 8), "zero-initialised")
        XCTAssertTrue(layer.weight.lazyRows)
        layer.weight.value = [1, 2, 10, 20, 100, 200, 1000, 2000]
        let ids: [Int32] = [0, 2, -1, 3, 3, 9]
        var y: [Float] = [0.5, 0.25, 7, 0, 0, 7]
        layer.forward(ids: ids, rows: 2, y: &y, ldy: 3)
        XCTAssertEqual(y, [101.5, 202.25, 7, 2000, 4000, 7])
    }

    /// Unallocated weights (a table about to be loaded) take no memory, add nothing, and work
    /// once assigned.
    func testUnallocatedWeightsAddNothingUntilAssigned() {
        let layer = SparseLinear(name: "s", count: 4, output: 2, perRow: 1, allocated: false)
        XCTAssertEqual(layer.weight.count, 0)
        XCTAssertEqual(layer.weight.shapeCount, 8)
        XCTAssertEqual(layer.weight.shape, [4, 2])
        var y: [Float] = [1, 2]
        layer.forward(ids: [3], rows: 1, y: &y, ldy: 2)
        XCTAssertEqual(y, [1, 2])
        layer.weight.value = [0, 0, 0, 0, 0, 0, 10, 20]
        layer.forward(ids: [3], rows: 1, y: &y, ldy: 2)
        XCTAssertEqual(y, [11, 22])
    }

    /// Wide rows go 16 columns at a time with a scalar tail: the sums equal, bit for bit, adding
    /// the active rows one after another (with and without a scale; some ids absent).
    func testWideRowsEqualTheRowByRowSums() {
        let output = 37, count = 50, perRow = 5, rows = 6
        let layer = SparseLinear(name: "s", count: count, output: output, perRow: perRow)
        var g = SplitMix64(seed: 11)
        layer.weight.value = (0..<count * output).map { _ in g.nextFloat(bound: 1) }
        let ids: [Int32] = (0..<rows * perRow).map { $0 % 7 == 3 ? -1 : Int32((($0 * 17) % count)) }
        let ldy = output + 3
        let y0 = (0..<rows * ldy).map { _ in g.nextFloat(bound: 1) }
        for scale: Float in [1, 1.4285715] {
            var expected = y0
            for r in 0..<rows {
                for j in 0..<perRow where ids[r * perRow + j] >= 0 {
                    let id = Int(ids[r * perRow + j])
                    for i in 0..<output {
                        let w = layer.weight.value[id * output + i]
                        expected[r * ldy + i] += scale == 1 ? w : scale * w
                    }
                }
            }
            var y = y0
            layer.forward(ids: ids, rows: rows, y: &y, ldy: ldy, scale: scale)
            XCTAssertEqual(y, expected, "scale \(scale)")
        }
    }

    /// Finite differences of `Σ y ⊙ r` against the scattered gradient.
    func testGradientCheck() {
        let layer = SparseLinear(name: "s", count: 5, output: 3, perRow: 2)
        var g = SplitMix64(seed: 3)
        layer.weight.value = (0..<15).map { _ in g.nextFloat(bound: 1) }
        let ids: [Int32] = [1, 4, 4, 4, 0, -1, 2, 1]
        let rows = 4
        let r = SharedFloats(count: rows * 3, seed: 9)
        func output() -> [Float] {
            var y = [Float](repeating: 0, count: rows * 3)
            layer.forward(ids: ids, rows: rows, y: &y, ldy: 3)
            return y
        }
        checkGradients("sparse", values: [], parameters: [layer.weight],
                       loss: { projection(output(), r.values) },
                       gradients: {
                           layer.weight.zeroGrad()
                           layer.backward(ids: ids, rows: rows, dy: r.values, lddy: 3)
                       }, samples: 15)
        let grad = layer.weight.grad
        XCTAssertEqual(Array(grad[9..<12]), [0, 0, 0], "row 3 is never active: no gradient")
        XCTAssertEqual(grad[12], r.values[0] + 2 * r.values[3], accuracy: 1e-6, "used once, then twice")
        // With a scale (feature dropout's 1 / (1 - p)) both passes scale alike.
        checkGradients("sparse scaled", values: [], parameters: [layer.weight],
                       loss: {
                           var y = [Float](repeating: 0, count: rows * 3)
                           layer.forward(ids: ids, rows: rows, y: &y, ldy: 3, scale: 2.5)
                           return projection(y, r.values)
                       },
                       gradients: {
                           layer.weight.zeroGrad()
                           layer.backward(ids: ids, rows: rows, dy: r.values, lddy: 3, scale: 2.5)
                       }, samples: 15)
    }
}
