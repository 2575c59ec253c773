import XCTest
@testable import Network

final class InputProjectionTests: XCTestCase {
    /// Two embedding blocks (word 5 wide, feature 3 wide) feeding a bidirectional LSTM (or GRU)
    /// of hidden 20 (16-wide tail), ids including out-of-range ones (zero vectors).
    private struct Setup {
        let words: Embedding, features: Embedding, lstm: BiRecurrent
        let layout = SequenceLayout(lengths: [7, 3, 0, 12, 5, 1])
        var wordIDs: [Int32] = [], featureIDs: [Int32] = []
        init(cell: RecurrentCell = .lstm) {
            var g = SplitMix64(seed: 8)
            words = Embedding(name: "w", count: 9, dimension: 5, generator: &g)
            features = Embedding(name: "f", count: 4, dimension: 3, generator: &g)
            lstm = BiRecurrent(name: "l", cell: cell, input: 8, hidden: 20, generator: &g)
            for b in lstm.parameters { for i in 0..<b.count { b.value[i] = g.nextFloat(bound: 0.6) } }
            wordIDs = (0..<layout.count).map { _ in Int32(g.nextFloat(bound: 6) + 5) }   // -1...10
            featureIDs = (0..<layout.count).map { _ in Int32(g.nextFloat(bound: 2.5) + 2) } // 0...4
        }

        /// The dense path: gathered embeddings through `infer(x:)`.
        func dense() -> [Float] {
            let n = layout.count, ldx = 8
            var x = [Float](repeating: 0, count: n * ldx)
            x.withUnsafeMutableBufferPointer { xb in
                words.forward(ids: wordIDs, y: xb.baseAddress!, ldy: ldx)
                features.forward(ids: featureIDs, y: xb.baseAddress! + 5, ldy: ldx)
            }
            var y = [Float](repeating: 0, count: n * 40)
            lstm.infer(x: x, ldx: ldx, layout: layout, y: &y, ldy: 40)
            return y
        }

        func tabulated() -> [Float]? {
            var y = [Float](repeating: 0, count: layout.count * 40)
            let ok = lstm.infer(embeddings: [words, features], ids: [wordIDs, featureIDs], layout: layout,
                                y: &y, ldy: 40)
            return ok ? y : nil
        }
    }

    private func assertClose(_ a: [Float], _ b: [Float], _ message: String, file: StaticString = #filePath,
                             line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, message, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-5, message, file: file, line: line)
    }

    func testMatchesTheDenseProjectionUpToRounding() throws { for cell in RecurrentCell.allCases { try checkMatchesTheDenseProjectionUpToRounding(cell) } }

    private func checkMatchesTheDenseProjectionUpToRounding(_ cell: RecurrentCell) throws {
        let s = Setup(cell: cell)
        let expected = s.dense()
        XCTAssertTrue(expected.contains { $0 != 0 })
        assertClose(try XCTUnwrap(s.tabulated()), expected, "first call (rows computed)")
        assertClose(try XCTUnwrap(s.tabulated()), expected, "second call (rows from the table)")
        // Each sequence alone gives the same rows as in the batch.
        let alone = SequenceLayout(lengths: [12])
        var y = [Float](repeating: 0, count: 12 * 40)
        let ids = (0..<12).map { s.wordIDs[s.layout.row(sequence: 3, position: $0)] }
        let fids = (0..<12).map { s.featureIDs[s.layout.row(sequence: 3, position: $0)] }
        XCTAssertTrue(s.lstm.infer(embeddings: [s.words, s.features], ids: [ids, fids], layout: alone,
                                   y: &y, ldy: 40))
        for t in 0..<12 {
            let r = s.layout.row(sequence: 3, position: t)
            assertClose(Array(y[(t * 40)..<(t * 40 + 40)]), Array(expected[(r * 40)..<(r * 40 + 40)]), "t=\(t)")
        }
    }

    /// Symbols beyond the table's capacity are projected on every use, alone or mixed with
    /// tabulated ones in one chunk; capacity 0 tabulates nothing (both cells).
    func testSymbolsBeyondTheCapacity() throws { for cell in RecurrentCell.allCases { try checkSymbolsBeyondTheCapacity(cell) } }

    private func checkSymbolsBeyondTheCapacity(_ cell: RecurrentCell) throws {
        let s = Setup(cell: cell)
        let expected = s.dense()
        for capacity in [0, 3, 5] {
            s.lstm.projectionCapacity = capacity
            assertClose(try XCTUnwrap(s.tabulated()), expected, "capacity \(capacity)")
            assertClose(try XCTUnwrap(s.tabulated()), expected, "capacity \(capacity), again")
        }
        let p = try XCTUnwrap(InputProjection(layer: s.lstm.forwardDirection, embeddings: [s.words, s.features],
                                              capacity: 5))
        XCTAssertEqual(p.capacity, [5, 4])
    }

    /// Rows computed before a write to the weights, the bias or an embedding table are not reused.
    func testFollowsParameterWrites() throws { for cell in RecurrentCell.allCases { try checkFollowsParameterWrites(cell) } }

    private func checkFollowsParameterWrites(_ cell: RecurrentCell) throws {
        let s = Setup(cell: cell)
        _ = s.tabulated()
        s.lstm.forwardDirection.w.value[3] += 0.5
        assertClose(try XCTUnwrap(s.tabulated()), s.dense(), "after a write to w")
        s.lstm.backwardDirection.b.value.withUnsafeMutableBufferPointer { $0[1] -= 0.75 }
        assertClose(try XCTUnwrap(s.tabulated()), s.dense(), "after a write to b")
        s.features.table.value[4] = 2
        assertClose(try XCTUnwrap(s.tabulated()), s.dense(), "after a write to an embedding")
    }

    func testRefusesMismatchedInputs() {
        let s = Setup()
        var y = [Float](repeating: 7, count: s.layout.count * 40)
        XCTAssertFalse(s.lstm.infer(embeddings: [s.words], ids: [s.wordIDs], layout: s.layout, y: &y, ldy: 40),
                       "5 columns for an input of 8")
        XCTAssertFalse(s.lstm.infer(embeddings: [s.words, s.features], ids: [s.wordIDs], layout: s.layout,
                                    y: &y, ldy: 40), "one id array for two blocks")
        XCTAssertFalse(s.lstm.infer(embeddings: [s.words, s.features], ids: [s.wordIDs, [1, 2]],
                                    layout: s.layout, y: &y, ldy: 40), "too few ids")
        XCTAssertEqual(y, [Float](repeating: 7, count: s.layout.count * 40), "nothing written")
        XCTAssertNil(InputProjection(layer: s.lstm.forwardDirection, embeddings: []))
    }
}
