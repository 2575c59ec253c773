import XCTest
@testable import Network

final class LinearTests: XCTestCase {
    func testGradients() {
        var g = SplitMix64(seed: 2)
        let linear = Linear(name: "o", input: 3, output: 5, generator: &g)
        let rows = 4
        let x = Tensor(count: rows * 3, seed: 3), dx = Tensor([])
        let r = Tensor(count: rows * 5, seed: 4).values
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
}
