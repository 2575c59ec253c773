import XCTest
@testable import Network

final class BiRecurrentTests: XCTestCase {
    func testGradientsAndThreadIndependence() {
        for cell in RecurrentCell.allCases { checkGradientsAndThreads(cell) }
    }

    private func checkGradientsAndThreads(_ cell: RecurrentCell) {
        var g = SplitMix64(seed: 4)
        let layer = BiRecurrent(name: "b", cell: cell, input: 2, hidden: 3, generator: &g)
        XCTAssertEqual(layer.parameters.count, cell == .gru ? 8 : 6)
        let layout = SequenceLayout(lengths: [2, 4, 1])
        let n = layout.count
        let x = SharedFloats(count: n * 2, seed: 1), dx = SharedFloats([])
        let r = SharedFloats(count: n * 6, seed: 2).values
        func run() -> [Float] {
            var y = [Float](repeating: 0, count: n * 6)
            layer.forward(x: x.values, ldx: 2, layout: layout, y: &y, ldy: 6)
            return y
        }
        func gradients() {
            for p in layer.parameters { p.zeroGrad() }
            _ = run()
            dx.values = [Float](repeating: 0, count: n * 2)
            layer.backward(x: x.values, ldx: 2, dy: r, lddy: 6, dx: &dx.values, lddx: 2, accumulate: false)
        }
        checkGradients("bi-\(cell)", values: [("x", x, dx)], parameters: layer.parameters,
                       loss: { projection(run(), r) }, gradients: gradients)
        layer.threads = 2
        let y2 = run()
        gradients()
        let g2 = layer.parameters.map(\.grad) + [dx.values]
        layer.threads = 1
        XCTAssertEqual(run(), y2, "\(cell)")
        gradients()
        XCTAssertEqual(layer.parameters.map(\.grad) + [dx.values], g2, "\(cell)")
    }

    func testOutputsAreForwardThenBackwardStates() {
        for cell in RecurrentCell.allCases {
            var g = SplitMix64(seed: 4)
            let bi = BiRecurrent(name: "b", cell: cell, input: 1, hidden: 2, generator: &g)
            let layout = SequenceLayout(lengths: [3])
            let x: [Float] = [0.1, 0.2, 0.3]
            var y = [Float](repeating: 0, count: 12), f = [Float](repeating: 0, count: 6), b = f
            bi.forward(x: x, ldx: 1, layout: layout, y: &y, ldy: 4)
            bi.forwardDirection.forward(x: x, ldx: 1, layout: layout, reversed: false, y: &f, ldy: 2)
            bi.backwardDirection.forward(x: x, ldx: 1, layout: layout, reversed: true, y: &b, ldy: 2)
            XCTAssertTrue(cell == .gru ? bi.forwardDirection is GRU : bi.forwardDirection is LSTM)
            for t in 0..<3 {
                XCTAssertEqual(Array(y[(t * 4)..<(t * 4 + 2)]), Array(f[(t * 2)..<(t * 2 + 2)]))
                XCTAssertEqual(Array(y[(t * 4 + 2)..<(t * 4 + 4)]), Array(b[(t * 2)..<(t * 2 + 2)]))
            }
        }
    }
}
