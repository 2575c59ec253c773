import XCTest
@testable import Network

final class LinearTests: XCTestCase {
    func testGradients() {
        var g = SplitMix64(seed: 2)
        let linear = Linear(name: "o", input: 3, output: 5, generator: &g)
        let rows = 4
        let x = SharedFloats(count: rows * 3, seed: 3), dx = SharedFloats([])
        let r = SharedFloats(count: rows * 5, seed: 4).values
        func run() -> [Float] {
            var y = [Float](repeating: 0, count: rows * 5)
            linear.forward(x: x.values, ldx: 3, rows: rows, y: &y, ldy: 5)
            return y
        }
        // y = x·Wᵀ + b for one entry, by hand.
        let y = run()
        var expected = linear.bias.value[1]
        for k in 0..<3 { expected += x.values[2 * 3 + k] * linear.weight.value[1 * 3 + k] }
        XCTAssertEqual(y[2 * 5 + 1], expected, accuracy: 1e-6)
        checkGradients("linear", values: [("x", x, dx)], parameters: [linear.weight, linear.bias],
                       loss: { projection(run(), r) }, gradients: {
                           linear.weight.zeroGrad()
                           linear.bias.zeroGrad()
                           dx.values = [Float](repeating: 0, count: rows * 3)
                           linear.backward(x: x.values, ldx: 3, rows: rows, dy: r, lddy: 5, dx: &dx.values, lddx: 3)
                       })
    }

    /// The packed weight is re-packed after the parameter changes (in place or by assignment).
    func testForwardFollowsWeightChanges() {
        var g = SplitMix64(seed: 8)
        let linear = Linear(name: "o", input: 4, output: 3, generator: &g)
        let x: [Float] = [1, -2, 0.5, 3, 0, 1, 2, -1]
        func check(_ label: String) {
            var y = [Float](repeating: 0, count: 2 * 3)
            linear.forward(x: x, ldx: 4, rows: 2, y: &y, ldy: 3)
            for r in 0..<2 {
                for j in 0..<3 {
                    var expected = linear.bias.value[j]
                    for k in 0..<4 { expected += x[r * 4 + k] * linear.weight.value[j * 4 + k] }
                    XCTAssertEqual(y[r * 3 + j], expected, accuracy: 1e-5, label)
                }
            }
        }
        check("initial")
        linear.weight.value[5] = 7
        check("element write")
        linear.weight.value.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] *= -1 } }
        check("in-place buffer write")
        linear.weight.value = [Float](repeating: 0.25, count: 12)
        check("assignment")
    }
}
