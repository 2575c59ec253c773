import XCTest
@testable import Network

final class GRUTests: XCTestCase {
    /// Finite differences of `Σ y ⊙ r` against `backward`, with random biases so every term
    /// (the reset gate's product with `U_n h + b_h` included) is exercised.
    private func check(reversed: Bool, hidden: Int = 4) {
        var g = SplitMix64(seed: 3)
        let gru = GRU(name: "l", input: 3, hidden: hidden, generator: &g)
        for p in [gru.b, gru.bh] { for i in 0..<p.count { p.value[i] = g.nextFloat(bound: 0.5) } }
        let layout = SequenceLayout(lengths: [3, 1, 0, 2])
        let n = layout.count
        let x = SharedFloats(count: n * 3, seed: 5), dx = SharedFloats([])
        let r = SharedFloats(count: n * hidden, seed: 6).values
        func run() -> [Float] {
            var y = [Float](repeating: 0, count: n * hidden)
            x.values.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    gru.forward(x: xb.baseAddress!, ldx: 3, layout: layout, reversed: reversed,
                                y: yb.baseAddress!, ldy: hidden)
                }
            }
            return y
        }
        checkGradients("gru reversed=\(reversed)", values: [("x", x, dx)], parameters: gru.parameters,
                       loss: { projection(run(), r) },
                       gradients: {
                           for p in gru.parameters { p.zeroGrad() }
                           _ = run()
                           dx.values = [Float](repeating: 7, count: n * 3)
                           x.values.withUnsafeBufferPointer { xb in
                               r.withUnsafeBufferPointer { rb in
                                   dx.values.withUnsafeMutableBufferPointer { db in
                                       gru.backward(x: xb.baseAddress!, ldx: 3, dy: rb.baseAddress!, lddy: hidden,
                                                     dx: db.baseAddress!, lddx: 3, accumulate: false)
                                   }
                               }
                           }
                       }, samples: 20)
    }

    func testGradientsLeftToRight() { check(reversed: false) }
    func testGradientsRightToLeft() { check(reversed: true) }
    /// A hidden size past one SIMD16 chunk (the cell's vector and tail paths together).
    func testGradientsWithAVectorChunk() {
        check(reversed: false, hidden: 18)
        check(reversed: true, hidden: 18)
    }

    /// The input gradient is written (or added, with `accumulate`) in every token's own row, and
    /// asking for it changes none of the parameter gradients, in both directions.
    func testInputGradientModes() {
        var g = SplitMix64(seed: 12)
        let input = 5, hidden = 20, ldx = input + 2
        let gru = GRU(name: "l", input: input, hidden: hidden, generator: &g)
        let layout = SequenceLayout(lengths: [4, 0, 6, 1])
        let x = (0..<(layout.count * ldx)).map { _ in g.nextFloat(bound: 1) }
        let dy = (0..<(layout.count * hidden)).map { _ in g.nextFloat(bound: 1) }
        for reversed in [false, true] {
            func run(dx: UnsafeMutablePointer<Float>?, accumulate: Bool) -> [[Float]] {
                for p in gru.parameters { p.zeroGrad() }
                var y = [Float](repeating: 0, count: layout.count * hidden)
                gru.forward(x: x, ldx: ldx, layout: layout, reversed: reversed, y: &y, ldy: hidden)
                gru.backward(x: x, ldx: ldx, dy: dy, lddy: hidden, dx: dx, lddx: ldx, accumulate: accumulate)
                return gru.parameters.map(\.grad)
            }
            let start = (0..<(layout.count * ldx)).map { Float($0 % 7) }
            var written = start, added = start
            let none = run(dx: nil, accumulate: false)
            let withWritten = written.withUnsafeMutableBufferPointer {
                run(dx: $0.baseAddress, accumulate: false)
            }
            let withAdded = added.withUnsafeMutableBufferPointer { run(dx: $0.baseAddress, accumulate: true) }
            XCTAssertEqual(withWritten, none, "reversed=\(reversed)")
            XCTAssertEqual(withAdded, none, "reversed=\(reversed)")
            XCTAssertTrue(none.allSatisfy { $0.contains { $0 != 0 } })
            for row in 0..<layout.count {
                for i in 0..<ldx {
                    let k = row * ldx + i
                    if i < input {
                        XCTAssertEqual(added[k], start[k] + written[k], "reversed=\(reversed) row \(row)")
                        XCTAssertNotEqual(written[k], start[k], "reversed=\(reversed) row \(row)")
                    } else {
                        XCTAssertEqual(written[k], start[k], "columns past the input are left alone")
                        XCTAssertEqual(added[k], start[k], "columns past the input are left alone")
                    }
                }
            }
        }
    }

    /// An input given as sums of table rows gives the outputs and parameter gradients of the
    /// same vectors gathered per token (up to float rounding), and each row's gradient is the
    /// sum of the per-token input gradients of the tokens using it; a row index outside the
    /// table adds a zero vector, and a row no token uses gets a zero gradient.
    func testTableInputMatchesGatheredRows() {
        // Two blocks sharing rows 3 and 4; row 5 is never used; -1 and 9 stand for nothing.
        checkTableInput([[0, 1, 2, 0, 3, 1, -1, 2, 0, 1, 4], [4, 4, 9, 3, 4, 3, 4, 4, -1, 3, 3]])
        // Disjoint blocks (the bias then joins the first block's rows once): a token without a
        // first-block row, one without a second-block row, one with neither.
        checkTableInput([[0, 1, 2, 0, -1, 1, 7, 2, 0, 1, 2], [4, 4, 3, 3, 4, -1, -1, 4, 3, 3, 4]])
        // One block; three blocks (the gather adds the blocks after the second one by one),
        // with tokens that have one, two or all three rows.
        checkTableInput([[0, 1, 2, 0, 3, 1, -1, 2, 0, 1, 4]])
        checkTableInput([[0, 1, 2, 0, -1, 1, 7, 2, 0, 1, 2], [4, 4, 3, 3, 4, -1, -1, 4, 3, 3, 4],
                         [3, 0, -1, 4, 3, 3, -1, 0, 4, -1, 3]])
    }

    private func checkTableInput(_ blockRows: [[Int32]]) {
        var g = SplitMix64(seed: 31)
        let input = 5, hidden = 20, rows = 6, ldt = input + 1
        let layout = SequenceLayout(lengths: [4, 0, 6, 1])
        let n = layout.count
        let table = (0..<(rows * ldt)).map { _ in g.nextFloat(bound: 1) }
        let blocks = blockRows.map { rows in (0..<n).map { rows[$0] } }
        let unused = (0..<rows).filter { row in !blocks.contains { $0.contains(Int32(row)) } }
        XCTAssertFalse(unused.isEmpty)
        var x = [Float](repeating: 0, count: n * input)
        for r in 0..<n {
            for index in blocks where index[r] >= 0 && Int(index[r]) < rows {
                for k in 0..<input { x[r * input + k] += table[Int(index[r]) * ldt + k] }
            }
        }
        let dy = (0..<(n * hidden)).map { _ in g.nextFloat(bound: 1) }
        for reversed in [false, true] {
            let gru = GRU(name: "l", input: input, hidden: hidden, generator: &g)
            func gradients() -> [[Float]] { gru.parameters.map(\.grad) }
            for p in gru.parameters { p.zeroGrad() }
            var dense = [Float](repeating: 0, count: n * hidden), dx = [Float](repeating: 0, count: n * input)
            gru.forward(x: x, ldx: input, layout: layout, reversed: reversed, y: &dense, ldy: hidden)
            gru.backward(x: x, ldx: input, dy: dy, lddy: hidden, dx: &dx, lddx: input, accumulate: false)
            let denseGradients = gradients()
            for p in gru.parameters { p.zeroGrad() }
            var y = [Float](repeating: 0, count: n * hidden)
            gru.forward(table: table, ldt: ldt, rows: rows, indices: blocks, layout: layout,
                         reversed: reversed, y: &y, ldy: hidden)
            let start = (0..<(rows * ldt)).map { Float($0 % 5) }
            var written = start, added = start
            gru.backward(tableGradient: &written, ldt: ldt, dy: dy, lddy: hidden, accumulate: false)
            let tableGradients = gradients()
            gru.backward(tableGradient: &added, ldt: ldt, dy: dy, lddy: hidden, accumulate: true)
            let name = "blocks=\(blockRows) reversed=\(reversed)"
            for (a, b) in zip(y, dense) { XCTAssertEqual(a, b, accuracy: 1e-5, name) }
            for (a, b) in zip(tableGradients, denseGradients) {
                XCTAssertTrue(b.contains { $0 != 0 }, name)
                for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-4, name) }
            }
            var expected = [Float](repeating: 0, count: rows * input)
            for r in 0..<n {
                for index in blocks where index[r] >= 0 && Int(index[r]) < rows {
                    for k in 0..<input { expected[Int(index[r]) * input + k] += dx[r * input + k] }
                }
            }
            for row in 0..<rows {
                for k in 0..<ldt {
                    let i = row * ldt + k
                    if k < input {
                        XCTAssertEqual(written[i], expected[row * input + k], accuracy: 1e-4,
                                       "\(name) row \(row)")
                        XCTAssertEqual(added[i], start[i] + written[i], accuracy: 1e-4, "\(name) row \(row)")
                    } else {
                        XCTAssertEqual(written[i], start[i], "columns past the input are left alone")
                        XCTAssertEqual(added[i], start[i], "columns past the input are left alone")
                    }
                }
            }
            for row in unused {
                XCTAssertTrue((0..<input).allSatisfy { written[row * ldt + $0] == 0 }, "an unused row gets zeros")
            }
            // A dense backward after a table forward leaves dx alone (there is no per-token input).
            var untouched = [Float](repeating: 3, count: n * input)
            gru.backward(x: x, ldx: input, dy: dy, lddy: hidden, dx: &untouched, lddx: input,
                          accumulate: false)
            XCTAssertTrue(untouched.allSatisfy { $0 == 3 }, name)
        }
    }

    /// Each sequence in a batch gets exactly the outputs it gets alone, in both directions.
    func testBatchEqualsEachSequenceAlone() {
        var g = SplitMix64(seed: 9)
        let gru = GRU(name: "l", input: 2, hidden: 3, generator: &g)
        let lengths = [2, 4, 1]
        var rng = SplitMix64(seed: 1)
        let sentences = lengths.map { len in (0..<(len * 2)).map { _ in rng.nextFloat(bound: 1) } }
        for reversed in [false, true] {
            let layout = SequenceLayout(lengths: lengths)
            var x = [Float](repeating: 0, count: layout.count * 2)
            for b in 0..<3 {
                for t in 0..<lengths[b] {
                    let row = layout.row(sequence: b, position: t)
                    x[row * 2] = sentences[b][t * 2]
                    x[row * 2 + 1] = sentences[b][t * 2 + 1]
                }
            }
            var y = [Float](repeating: 0, count: layout.count * 3)
            gru.forward(x: x, ldx: 2, layout: layout, reversed: reversed, y: &y, ldy: 3)
            for b in 0..<3 {
                let alone = SequenceLayout(lengths: [lengths[b]])
                var ya = [Float](repeating: 0, count: lengths[b] * 3)
                gru.forward(x: sentences[b], ldx: 2, layout: alone, reversed: reversed, y: &ya, ldy: 3)
                for t in 0..<lengths[b] {
                    let row = layout.row(sequence: b, position: t)
                    // Equal up to float rounding (the GEMM may group a lone row differently).
                    for k in 0..<3 { XCTAssertEqual(y[row * 3 + k], ya[t * 3 + k], accuracy: 1e-6) }
                }
            }
        }
    }

    /// `infer` gives `forward`'s outputs bit for bit, in both directions and for any chunking of
    /// the input projection (a hidden size of 20 exercises the cell's 16-wide tail), and leaves
    /// nothing for a following `backward`.
    func testInferMatchesForwardBitForBit() {
        var g = SplitMix64(seed: 21)
        let input = 5, hidden = 20
        let gru = GRU(name: "l", input: input, hidden: hidden, generator: &g)
        let layout = SequenceLayout(lengths: [7, 3, 0, 12, 5, 1])
        let ldx = input + 2, ldy = hidden + 3
        let x = (0..<(layout.count * ldx)).map { _ in g.nextFloat(bound: 2) }
        for reversed in [false, true] {
            var expected = [Float](repeating: 0, count: layout.count * ldy)
            gru.forward(x: x, ldx: ldx, layout: layout, reversed: reversed, y: &expected, ldy: ldy)
            for chunk in [1, 4, 9, 256] {
                var y = [Float](repeating: 0, count: layout.count * ldy)
                gru.infer(x: x, ldx: ldx, layout: layout, reversed: reversed, y: &y, ldy: ldy, chunkRows: chunk)
                XCTAssertEqual(y, expected, "reversed=\(reversed) chunk=\(chunk)")
            }
        }
        for p in gru.parameters { p.zeroGrad() }
        let dy = [Float](repeating: 1, count: layout.count * ldy)
        var dx = [Float](repeating: 3, count: layout.count * ldx)
        gru.backward(x: x, ldx: ldx, dy: dy, lddy: ldy, dx: &dx, lddx: ldx, accumulate: false)
        XCTAssertEqual(dx, [Float](repeating: 3, count: layout.count * ldx), "backward after infer is a no-op")
        XCTAssertFalse(gru.u.grad.contains { $0 != 0 })
    }

    /// The packed copies of the weights follow every change of the parameters.
    func testOutputsFollowWeightChanges() {
        var g = SplitMix64(seed: 4)
        let gru = GRU(name: "l", input: 3, hidden: 4, generator: &g)
        let fresh = GRU(name: "l", input: 3, hidden: 4, generator: &g)
        let layout = SequenceLayout(lengths: [3, 2])
        let x = (0..<(layout.count * 3)).map { _ in g.nextFloat(bound: 1) }
        var y = [Float](repeating: 0, count: layout.count * 4), z = y
        gru.infer(x: x, ldx: 3, layout: layout, reversed: false, y: &y, ldy: 4)
        gru.w.value[5] += 0.5
        gru.u.value.withUnsafeMutableBufferPointer { $0[7] -= 0.25 }
        for p in [\GRU.w, \GRU.u, \GRU.b, \GRU.bh] { fresh[keyPath: p].value = gru[keyPath: p].value }
        for infer in [false, true] {
            if infer {
                gru.infer(x: x, ldx: 3, layout: layout, reversed: false, y: &y, ldy: 4)
                fresh.infer(x: x, ldx: 3, layout: layout, reversed: false, y: &z, ldy: 4)
            } else {
                gru.forward(x: x, ldx: 3, layout: layout, reversed: false, y: &y, ldy: 4)
                fresh.forward(x: x, ldx: 3, layout: layout, reversed: false, y: &z, ldy: 4)
            }
            XCTAssertEqual(y, z, "infer=\(infer)")
        }
    }

    func testReversedDirectionStartsAtLastToken() {
        // With one token, both directions agree; with two, the reversed output of the last token
        // depends only on that token.
        var g = SplitMix64(seed: 2)
        let gru = GRU(name: "l", input: 1, hidden: 2, generator: &g)
        let layout = SequenceLayout(lengths: [2])
        var y1 = [Float](repeating: 0, count: 4), y2 = y1, single = [Float](repeating: 0, count: 2)
        gru.forward(x: [0.5, -0.25], ldx: 1, layout: layout, reversed: true, y: &y1, ldy: 2)
        gru.forward(x: [0.9, -0.25], ldx: 1, layout: layout, reversed: true, y: &y2, ldy: 2)
        gru.forward(x: [-0.25], ldx: 1, layout: SequenceLayout(lengths: [1]), reversed: false, y: &single, ldy: 2)
        XCTAssertEqual(Array(y1[2...]), single)
        XCTAssertEqual(Array(y2[2...]), single)
        XCTAssertNotEqual(Array(y1[0..<2]), Array(y2[0..<2]))
    }

    func testShapesAndInitialBiases() {
        var g = SplitMix64(seed: 2)
        let gru = GRU(name: "l", input: 2, hidden: 3, generator: &g)
        XCTAssertEqual(gru.w.shape, [9, 2])
        XCTAssertEqual(gru.u.shape, [9, 3])
        XCTAssertEqual(gru.b.value, [Float](repeating: 0, count: 9))
        XCTAssertEqual(gru.bh.value, [0, 0, 0])
        XCTAssertEqual(gru.parameters.map(\.name), ["l.w", "l.u", "l.b", "l.bh"])
        XCTAssertLessThanOrEqual(gru.u.value.map(abs).max() ?? 0, 1 / Float(3).squareRoot())
    }
}
