import XCTest
@testable import Network

final class BiLSTMTests: XCTestCase {
    func testGradientsAndThreadIndependence() {
        var g = SplitMix64(seed: 4)
        let lstm = BiLSTM(name: "b", input: 2, hidden: 3, generator: &g)
        let layout = SequenceLayout(lengths: [2, 4, 1])
        let n = layout.count
        let x = SharedFloats(count: n * 2, seed: 1), dx = SharedFloats([])
        let r = SharedFloats(count: n * 6, seed: 2).values
        func run() -> [Float] {
            var y = [Float](repeating: 0, count: n * 6)
            lstm.forward(x: x.values, ldx: 2, layout: layout, y: &y, ldy: 6)
            return y
        }
        func gradients() {
            for p in lstm.parameters { p.zeroGrad() }
            _ = run()
            dx.values = [Float](repeating: 0, count: n * 2)
            lstm.backward(x: x.values, ldx: 2, dy: r, lddy: 6, dx: &dx.values, lddx: 2, accumulate: false)
        }
        checkGradients("bilstm", values: [("x", x, dx)], parameters: lstm.parameters,
                       loss: { projection(run(), r) }, gradients: gradients)
        lstm.threads = 2
        let y2 = run()
        gradients()
        let g2 = lstm.parameters.map(\.grad) + [dx.values]
        lstm.threads = 1
        XCTAssertEqual(run(), y2)
        gradients()
        XCTAssertEqual(lstm.parameters.map(\.grad) + [dx.values], g2)
    }

    func testOutputsAreForwardThenBackwardStates() {
        var g = SplitMix64(seed: 4)
        let bi = BiLSTM(name: "b", input: 1, hidden: 2, generator: &g)
        let layout = SequenceLayout(lengths: [3])
        let x: [Float] = [0.1, 0.2, 0.3]
        var y = [Float](repeating: 0, count: 12), f = [Float](repeating: 0, count: 6), b = f
        bi.forward(x: x, ldx: 1, layout: layout, y: &y, ldy: 4)
        bi.forwardDirection.forward(x: x, ldx: 1, layout: layout, reversed: false, y: &f, ldy: 2)
        bi.backwardDirection.forward(x: x, ldx: 1, layout: layout, reversed: true, y: &b, ldy: 2)
        for t in 0..<3 {
            XCTAssertEqual(Array(y[(t * 4)..<(t * 4 + 2)]), Array(f[(t * 2)..<(t * 2 + 2)]))
            XCTAssertEqual(Array(y[(t * 4 + 2)..<(t * 4 + 4)]), Array(b[(t * 2)..<(t * 2 + 2)]))
        }
    }
}
