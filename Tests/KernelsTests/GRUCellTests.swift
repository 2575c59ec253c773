import Foundation
import XCTest
@testable import Kernels

final class GRUCellTests: XCTestCase {
    /// One step in Double, unit by unit: input side `gx` [3H] and recurrent side `gh` [3H]
    /// (blocks r, z, n), candidate bias `bh` [H], `hPrev` [H] -> (r, z, n, h).
    static func reference(_ gx: [Double], _ gh: [Double], _ bh: [Double], _ hPrev: [Double], hidden H: Int)
        -> (r: [Double], z: [Double], n: [Double], h: [Double]) {
        func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        var r = [Double](repeating: 0, count: H), z = r, n = r, h = r
        for j in 0..<H {
            r[j] = sigmoid(gx[j] + gh[j])
            z[j] = sigmoid(gx[H + j] + gh[H + j])
            n[j] = Foundation.tanh(gx[2 * H + j] + r[j] * (gh[2 * H + j] + bh[j]))
            h[j] = (1 - z[j]) * n[j] + z[j] * hPrev[j]
        }
        return (r, z, n, h)
    }

    /// The fused step against the scalar reference, for hidden sizes below, at and past one
    /// SIMD16 chunk, with and without a previous state, and with padded leading dimensions.
    func testForwardMatchesReference() {
        for (batch, hidden, withPrevious) in [(1, 1, true), (3, 5, true), (2, 17, false), (2, 32, true)] {
            var random = TestRandom(seed: UInt64(batch * 100 + hidden))
            let ld3 = 3 * hidden + 3, ld = hidden + 1, ldh = 2 * hidden  // h: left half of [B, 2H]
            let gx = random.array(batch * ld3).map { $0 * 4 }, gh = random.array(batch * ld3).map { $0 * 2 }
            let bh = random.array(hidden), hPrev = random.array(batch * ld)
            var gates = gx, hidden3 = gh, h = [Float](repeating: 9, count: batch * ldh)
            hPrev.withUnsafeBufferPointer { hp in
                GRUCell.forward(batch: batch, hidden: hidden, gates: &gates, ldGates: ld3,
                                hiddenGates: &hidden3, ldHiddenGates: ld3, hiddenBias: bh,
                                hPrev: withPrevious ? hp.baseAddress : nil, ldhPrev: ld, h: &h, ldh: ldh)
            }
            for b in 0..<batch {
                let x = (0..<(3 * hidden)).map { Double(gx[b * ld3 + $0]) }
                let u = (0..<(3 * hidden)).map { Double(gh[b * ld3 + $0]) }
                let previous = (0..<hidden).map { withPrevious ? Double(hPrev[b * ld + $0]) : 0 }
                let e = Self.reference(x, u, bh.map(Double.init), previous, hidden: hidden)
                for j in 0..<hidden {
                    let name = "B \(batch) H \(hidden) row \(b) unit \(j)"
                    XCTAssertEqual(Double(h[b * ldh + j]), e.h[j], accuracy: 1e-6, name)
                    XCTAssertEqual(Double(gates[b * ld3 + j]), e.r[j], accuracy: 1e-6, "r " + name)
                    XCTAssertEqual(Double(gates[b * ld3 + hidden + j]), e.z[j], accuracy: 1e-6, "z " + name)
                    XCTAssertEqual(Double(gates[b * ld3 + 2 * hidden + j]), e.n[j], accuracy: 1e-6, "n " + name)
                    XCTAssertEqual(hidden3[b * ld3 + 2 * hidden + j], gh[b * ld3 + 2 * hidden + j] + bh[j],
                                   "a = gh_n + bh kept for backward")
                    XCTAssertEqual(hidden3[b * ld3 + j], gh[b * ld3 + j], "the r block of gh is left alone")
                }
                XCTAssertEqual(h[b * ldh + hidden], 9, "h right half untouched")
                XCTAssertEqual(gates[b * ld3 + 3 * hidden], gx[b * ld3 + 3 * hidden], "gate padding untouched")
            }
        }
    }

    /// The state may be updated in place (`hPrev` and `h` the same buffer), as the right-to-left
    /// direction's inference does.
    func testForwardUpdatesTheStateInPlace() {
        var random = TestRandom(seed: 12)
        let batch = 2, hidden = 18
        let gx = random.array(batch * 3 * hidden), gh = random.array(batch * 3 * hidden)
        let bh = random.array(hidden), state = random.array(batch * hidden)
        var gatesA = gx, gatesB = gx, ghA = gh, ghB = gh
        var h = [Float](repeating: 0, count: batch * hidden)
        GRUCell.forward(batch: batch, hidden: hidden, gates: &gatesA, ldGates: 3 * hidden, hiddenGates: &ghA,
                        ldHiddenGates: 3 * hidden, hiddenBias: bh, hPrev: state, ldhPrev: hidden,
                        h: &h, ldh: hidden)
        var inPlace = state
        inPlace.withUnsafeMutableBufferPointer { s in
            GRUCell.forward(batch: batch, hidden: hidden, gates: &gatesB, ldGates: 3 * hidden, hiddenGates: &ghB,
                            ldHiddenGates: 3 * hidden, hiddenBias: bh, hPrev: s.baseAddress!, ldhPrev: hidden,
                            h: s.baseAddress!, ldh: hidden)
        }
        XCTAssertEqual(inPlace, h)
        XCTAssertNotEqual(inPlace, state)
    }

    /// Loss `L = Σ (wh + wn) ⊙ h` (so `dL/dh` is given as `dh` plus `dhNext`): central differences
    /// of the Double reference give `dL/dgx`, `dL/dgh`, `dL/dbh` (= the n block of `dL/dgh`'s
    /// recurrent side) and `dL/dhPrev`'s direct part `dh ⊙ z`.
    func testBackwardMatchesFiniteDifferences() {
        for (batch, hidden, withPrevious) in [(2, 3, true), (1, 19, true), (2, 4, false)] {
            var random = TestRandom(seed: UInt64(batch * 31 + hidden))
            let h3 = 3 * hidden
            let gx = random.array(batch * h3).map { $0 * 2 }, gh = random.array(batch * h3)
            let bh = random.array(hidden)
            let hPrev = withPrevious ? random.array(batch * hidden) : [Float](repeating: 0, count: batch * hidden)
            let wh = random.array(batch * hidden), wn = random.array(batch * hidden)
            var gates = gx, hiddenGates = gh, h = [Float](repeating: 0, count: batch * hidden)
            hPrev.withUnsafeBufferPointer { hp in
                GRUCell.forward(batch: batch, hidden: hidden, gates: &gates, ldGates: h3, hiddenGates: &hiddenGates,
                                ldHiddenGates: h3, hiddenBias: bh, hPrev: withPrevious ? hp.baseAddress : nil,
                                ldhPrev: hidden, h: &h, ldh: hidden)
            }
            var carry = wn
            var dGates = [Float](repeating: 0, count: batch * h3), dHidden = dGates
            hPrev.withUnsafeBufferPointer { hp in
                GRUCell.backward(batch: batch, hidden: hidden, gates: gates, ldGates: h3,
                                 hiddenGates: hiddenGates, ldHiddenGates: h3,
                                 hPrev: withPrevious ? hp.baseAddress : nil, ldhPrev: hidden,
                                 dh: wh, ldDh: hidden, dhNext: &carry, ldDhNext: hidden,
                                 dGates: &dGates, ldDGates: h3, dHiddenGates: &dHidden, ldDHiddenGates: h3)
            }
            let b0 = bh.map(Double.init)
            for b in 0..<batch {
                let x0 = (0..<h3).map { Double(gx[b * h3 + $0]) }, u0 = (0..<h3).map { Double(gh[b * h3 + $0]) }
                let p0 = (0..<hidden).map { Double(hPrev[b * hidden + $0]) }
                func loss(_ x: [Double], _ u: [Double], _ p: [Double]) -> Double {
                    let hh = Self.reference(x, u, b0, p, hidden: hidden).h
                    return (0..<hidden).reduce(0.0) { sum, j in
                        sum + Double(wh[b * hidden + j] + wn[b * hidden + j]) * hh[j]
                    }
                }
                let eps = 1e-6
                for q in 0..<h3 {
                    var plus = x0, minus = x0
                    plus[q] += eps; minus[q] -= eps
                    let numeric = (loss(plus, u0, p0) - loss(minus, u0, p0)) / (2 * eps)
                    XCTAssertEqual(Double(dGates[b * h3 + q]), numeric, accuracy: 1e-5,
                                   "B \(batch) H \(hidden) row \(b) input side \(q)")
                    plus = u0; minus = u0
                    plus[q] += eps; minus[q] -= eps
                    let recurrent = (loss(x0, plus, p0) - loss(x0, minus, p0)) / (2 * eps)
                    XCTAssertEqual(Double(dHidden[b * h3 + q]), recurrent, accuracy: 1e-5,
                                   "B \(batch) H \(hidden) row \(b) recurrent side \(q)")
                }
                // With gh fixed, hPrev reaches h only through (1 - z)·n + z·hPrev: dL/dhPrev = dh ⊙ z.
                for j in 0..<hidden where withPrevious {
                    var plus = p0, minus = p0
                    plus[j] += eps; minus[j] -= eps
                    let numeric = (loss(x0, u0, plus) - loss(x0, u0, minus)) / (2 * eps)
                    XCTAssertEqual(Double(carry[b * hidden + j]), numeric, accuracy: 1e-5, "dhPrev \(j)")
                }
            }
        }
    }
}
