import Foundation
import XCTest
@testable import Kernels

final class LSTMCellTests: XCTestCase {
    /// One step in Double: gates [4H] pre-activations (i, f, o, g), cPrev [H] -> (c, h).
    static func reference(_ gates: [Double], _ cPrev: [Double], hidden H: Int)
        -> (c: [Double], h: [Double]) {
        func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        var c = [Double](repeating: 0, count: H), h = c
        for j in 0..<H {
            let i = sigmoid(gates[j]), f = sigmoid(gates[H + j])
            let o = sigmoid(gates[2 * H + j]), g = Foundation.tanh(gates[3 * H + j])
            c[j] = f * cPrev[j] + i * g
            h[j] = o * Foundation.tanh(c[j])
        }
        return (c, h)
    }

    func testForwardMatchesReference() {
        for (batch, hidden, withPrevious) in [(1, 1, true), (3, 5, true), (2, 17, false), (2, 32, true)] {
            var random = TestRandom(seed: UInt64(batch * 100 + hidden))
            let ldGates = 4 * hidden + 3, ld = hidden + 1, ldh = 2 * hidden  // h: left half of [B, 2H]
            let pre = random.array(batch * ldGates).map { $0 * 4 }
            let cPrev = random.array(batch * ld)
            var gates = pre
            var c = [Float](repeating: 9, count: batch * ld), h = [Float](repeating: 9, count: batch * ldh)
            var tanhC = [Float](repeating: 9, count: batch * ld)
            cPrev.withUnsafeBufferPointer { cp in
                LSTMCell.forward(batch: batch, hidden: hidden, gates: &gates, ldGates: ldGates,
                                 cPrev: withPrevious ? cp.baseAddress : nil, ldcPrev: ld,
                                 c: &c, ldc: ld, h: &h, ldh: ldh, tanhC: &tanhC, ldTanhC: ld)
            }
            for b in 0..<batch {
                let g = (0..<(4 * hidden)).map { Double(pre[b * ldGates + $0]) }
                let previous = (0..<hidden).map { withPrevious ? Double(cPrev[b * ld + $0]) : 0 }
                let expected = Self.reference(g, previous, hidden: hidden)
                for j in 0..<hidden {
                    XCTAssertEqual(Double(c[b * ld + j]), expected.c[j], accuracy: 1e-6)
                    XCTAssertEqual(Double(h[b * ldh + j]), expected.h[j], accuracy: 1e-6)
                    XCTAssertEqual(Double(tanhC[b * ld + j]), Foundation.tanh(expected.c[j]), accuracy: 1e-6)
                    let o = 1 / (1 + Foundation.exp(-g[2 * hidden + j]))
                    XCTAssertEqual(Double(gates[b * ldGates + 2 * hidden + j]), o, accuracy: 1e-6, "o")
                    XCTAssertEqual(Double(gates[b * ldGates + 3 * hidden + j]),
                                   Foundation.tanh(g[3 * hidden + j]), accuracy: 1e-6, "g")
                }
                XCTAssertEqual(c[b * ld + hidden], 9, "c padding untouched")
                XCTAssertEqual(h[b * ldh + hidden], 9, "h right half untouched")
                XCTAssertEqual(gates[b * ldGates + 4 * hidden], pre[b * ldGates + 4 * hidden])
            }
        }
    }

    func testForwardUpdatesTheCellStateInPlace() {
        var random = TestRandom(seed: 12)
        let batch = 2, hidden = 18
        let pre = random.array(batch * 4 * hidden)
        let state = random.array(batch * hidden)
        var gatesA = pre, gatesB = pre
        var c = [Float](repeating: 0, count: batch * hidden), h = c, hInPlace = c
        LSTMCell.forward(batch: batch, hidden: hidden, gates: &gatesA, ldGates: 4 * hidden,
                         cPrev: state, ldcPrev: hidden, c: &c, ldc: hidden, h: &h, ldh: hidden)
        var inPlace = state
        inPlace.withUnsafeMutableBufferPointer { s in
            LSTMCell.forward(batch: batch, hidden: hidden, gates: &gatesB, ldGates: 4 * hidden,
                             cPrev: s.baseAddress!, ldcPrev: hidden, c: s.baseAddress!, ldc: hidden,
                             h: &hInPlace, ldh: hidden)
        }
        XCTAssertEqual(inPlace, c)
        XCTAssertEqual(hInPlace, h)
    }

    func testBackwardMatchesFiniteDifferences() {
        // Loss L = Σ (wh + wn) ⊙ h + Σ wc ⊙ c, so dL/dh = wh + wn (given as dh and dhNext) and
        // the incoming dc = wc. Central differences of the Double reference give dL/dgates and
        // dL/dcPrev.
        for (batch, hidden, withPrevious) in [(2, 3, true), (1, 19, true), (2, 4, false)] {
            var random = TestRandom(seed: UInt64(batch * 31 + hidden))
            let ldGates = 4 * hidden
            let pre = random.array(batch * ldGates).map { $0 * 2 }
            let cPrev = withPrevious ? random.array(batch * hidden)
                                     : [Float](repeating: 0, count: batch * hidden)
            let wh = random.array(batch * hidden), wn = random.array(batch * hidden)
            let wc = random.array(batch * hidden)

            var gates = pre
            var c = [Float](repeating: 0, count: batch * hidden), h = c, tanhC = c
            cPrev.withUnsafeBufferPointer { cp in
                LSTMCell.forward(batch: batch, hidden: hidden, gates: &gates, ldGates: ldGates,
                                 cPrev: withPrevious ? cp.baseAddress : nil, ldcPrev: hidden,
                                 c: &c, ldc: hidden, h: &h, ldh: hidden, tanhC: &tanhC, ldTanhC: hidden)
            }
            var dc = wc
            var dGates = [Float](repeating: 0, count: batch * ldGates)
            cPrev.withUnsafeBufferPointer { cp in
                LSTMCell.backward(batch: batch, hidden: hidden, gates: gates, ldGates: ldGates,
                                  cPrev: withPrevious ? cp.baseAddress : nil, ldcPrev: hidden,
                                  tanhC: tanhC, ldTanhC: hidden, dh: wh, ldDh: hidden,
                                  dhNext: wn, ldDhNext: hidden, dc: &dc, ldDc: hidden,
                                  dGates: &dGates, ldDGates: ldGates)
            }
            for b in 0..<batch {
                let g0 = (0..<ldGates).map { Double(pre[b * ldGates + $0]) }
                let c0 = (0..<hidden).map { Double(cPrev[b * hidden + $0]) }
                func loss(_ g: [Double], _ cp: [Double]) -> Double {
                    let (cc, hh) = Self.reference(g, cp, hidden: hidden)
                    return (0..<hidden).reduce(0.0) { sum, j in
                        let index = b * hidden + j
                        return sum + Double(wh[index] + wn[index]) * hh[j] + Double(wc[index]) * cc[j]
                    }
                }
                let eps = 1e-6
                for q in 0..<ldGates {
                    var plus = g0, minus = g0
                    plus[q] += eps; minus[q] -= eps
                    let numeric = (loss(plus, c0) - loss(minus, c0)) / (2 * eps)
                    XCTAssertEqual(Double(dGates[b * ldGates + q]), numeric, accuracy: 1e-5,
                                   "B \(batch) H \(hidden) row \(b) gate \(q)")
                }
                if withPrevious {
                    for j in 0..<hidden {
                        var plus = c0, minus = c0
                        plus[j] += eps; minus[j] -= eps
                        let numeric = (loss(g0, plus) - loss(g0, minus)) / (2 * eps)
                        XCTAssertEqual(Double(dc[b * hidden + j]), numeric, accuracy: 1e-5, "dcPrev \(j)")
                    }
                }
            }
        }
    }

    func testBackwardInPlaceOverGates() {
        var random = TestRandom(seed: 99)
        let batch = 2, hidden = 21
        var gates = random.array(batch * 4 * hidden)
        let cPrev = random.array(batch * hidden), dh = random.array(batch * hidden)
        var c = [Float](repeating: 0, count: batch * hidden), h = c, tanhC = c
        LSTMCell.forward(batch: batch, hidden: hidden, gates: &gates, ldGates: 4 * hidden,
                         cPrev: cPrev, ldcPrev: hidden, c: &c, ldc: hidden, h: &h, ldh: hidden,
                         tanhC: &tanhC, ldTanhC: hidden)
        var dcSeparate = [Float](repeating: 0.5, count: batch * hidden), dcInPlace = dcSeparate
        var separate = [Float](repeating: 0, count: batch * 4 * hidden)
        LSTMCell.backward(batch: batch, hidden: hidden, gates: gates, ldGates: 4 * hidden,
                          cPrev: cPrev, ldcPrev: hidden, tanhC: tanhC, ldTanhC: hidden, dh: dh,
                          ldDh: hidden, dc: &dcSeparate, ldDc: hidden, dGates: &separate,
                          ldDGates: 4 * hidden)
        gates.withUnsafeMutableBufferPointer { g in
            LSTMCell.backward(batch: batch, hidden: hidden, gates: g.baseAddress!, ldGates: 4 * hidden,
                              cPrev: cPrev, ldcPrev: hidden, tanhC: tanhC, ldTanhC: hidden, dh: dh,
                              ldDh: hidden, dc: &dcInPlace, ldDc: hidden, dGates: g.baseAddress!,
                              ldDGates: 4 * hidden)
        }
        XCTAssertEqual(gates, separate)
        XCTAssertEqual(dcInPlace, dcSeparate)
    }
}
