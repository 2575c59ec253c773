import XCTest
@testable import Network

final class ViterbiTests: XCTestCase {
    func testUnconstrainedIsArgmaxPerToken() {
        let layout = SequenceLayout(lengths: [3, 2])
        var scores = [Float](repeating: 0, count: 5 * 3)
        let best: [[Int]] = [[2, 0, 1], [1, 1]]
        for b in 0..<2 {
            for t in 0..<best[b].count { scores[layout.row(sequence: b, position: t) * 3 + best[b][t]] = 1 }
        }
        let paths = Viterbi.decode(scores: scores, ld: 3, labels: 3, layout: layout, transitions: nil,
                                   start: nil, end: nil, mask: nil)
        XCTAssertEqual(paths.map { $0.map(Int.init) }, best)
    }

    func testMaskForcesAllowedPathAndEndConstraint() {
        // Labels 0 = O, 1 = B, 2 = I, 3 = E; I and E only after B or I; must end on O or E.
        let mask = TransitionMask(labels: 4, allows: { p, n in n == 0 || n == 1 || p == 1 || p == 2 },
                                  ends: { $0 == 0 || $0 == 3 })
        let layout = SequenceLayout(lengths: [3])
        let scores: [Float] = [0, 0.5, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0.1]
        let path = Viterbi.decode(scores: scores, ld: 4, labels: 4, layout: layout, transitions: nil,
                                  start: nil, end: nil, mask: mask)[0]
        XCTAssertEqual(path, [1, 2, 3])
    }

    func testImpossibleMaskFallsBackToUnconstrained() {
        let mask = TransitionMask(labels: 2, allows: { _, _ in false })
        let path = Viterbi.decode(scores: [0, 1, 1, 0], ld: 2, labels: 2,
                                  layout: SequenceLayout(lengths: [2]), transitions: nil, start: nil, end: nil,
                                  mask: mask)[0]
        XCTAssertEqual(path, [1, 0])
    }

    /// Seven labels exercise the four-way unrolled inner loop and its remainder.
    func testMatchesBruteForceWithSevenLabels() {
        let l = 7
        let layout = SequenceLayout(lengths: [4, 3, 1])
        var g = SplitMix64(seed: 12)
        let scores = (0..<(layout.count * l)).map { _ in g.nextFloat(bound: 2) }
        let trans = (0..<(l * l)).map { _ in g.nextFloat(bound: 2) }
        let start = (0..<l).map { _ in g.nextFloat(bound: 1) }
        let end = (0..<l).map { _ in g.nextFloat(bound: 1) }
        let mask = TransitionMask(labels: l, allows: { p, n in (p ?? 0) + n != 5 }, ends: { $0 != 3 })
        for m in [nil, mask] {
            let paths = Viterbi.decode(scores: scores, ld: l, labels: l, layout: layout, transitions: trans,
                                       start: start, end: end, mask: m)
            for b in 0..<3 {
                let length = layout.lengths[b]
                var best = -Float.infinity, bestPath: [Int] = []
                var path = [Int](repeating: 0, count: length)
                func visit(_ t: Int) {
                    if t == length {
                        if let m, !m.start[path[0]] || !m.end[path[length - 1]] { return }
                        var v = start[path[0]] + end[path[length - 1]]
                        for k in 0..<length {
                            v += scores[layout.row(sequence: b, position: k) * l + path[k]]
                            if k > 0 {
                                if let m, !m.transitions[path[k - 1] * l + path[k]] { return }
                                v += trans[path[k - 1] * l + path[k]]
                            }
                        }
                        if v > best { best = v; bestPath = path }
                        return
                    }
                    for j in 0..<l { path[t] = j; visit(t + 1) }
                }
                visit(0)
                XCTAssertEqual(paths[b].map(Int.init), bestPath, "sequence \(b)")
            }
        }
    }

    func testTiesGoToTheLowestLabel() {
        let l = 9
        let layout = SequenceLayout(lengths: [3])
        let scores = [Float](repeating: 1, count: 3 * l), trans = [Float](repeating: 0, count: l * l)
        let path = Viterbi.decode(scores: scores, ld: l, labels: l, layout: layout, transitions: trans,
                                  start: nil, end: nil, mask: nil)[0]
        XCTAssertEqual(path, [0, 0, 0])
    }

    /// A plain O(T·L²) scan, in the same float operations as the decoder: the reference.
    private func reference(scores: [Float], l: Int, layout: SequenceLayout, b: Int, trans: [Float],
                           start: [Float], end: [Float], mask: TransitionMask?) -> [Int] {
        let n = layout.lengths[b]
        var s = (0..<l).map { j -> Float in
            (mask?.start[j] ?? true) ? start[j] + scores[layout.row(sequence: b, position: 0) * l + j]
                                     : -.infinity
        }
        var back = [[Int]](repeating: [Int](repeating: 0, count: l), count: n)
        for t in 1..<max(n, 1) {
            var next = [Float](repeating: -.infinity, count: l)
            for j in 0..<l {
                var best = -Float.infinity, arg = 0
                for i in 0..<l where (mask?.transitions[i * l + j] ?? true) && s[i] > -.infinity {
                    let v = s[i] + trans[i * l + j]
                    if v > best { best = v; arg = i }
                }
                next[j] = best + scores[layout.row(sequence: b, position: t) * l + j]
                back[t][j] = arg
            }
            s = next
        }
        var best = -Float.infinity, last = 0
        for j in 0..<l where (mask?.end[j] ?? true) && s[j] + end[j] > best { best = s[j] + end[j]; last = j }
        var path = [Int](repeating: last, count: n)
        var t = n - 1
        while t > 0 { path[t - 1] = back[t][path[t]]; t -= 1 }
        return path
    }

    /// `Viterbi.decode` gives the reference scan's path for every sequence.
    private func assertMatchesReference(scores: [Float], l: Int, layout: SequenceLayout, trans: [Float],
                                        start: [Float], end: [Float], mask: TransitionMask?, _ what: String,
                                        line: UInt = #line) {
        let paths = Viterbi.decode(scores: scores, ld: l, labels: l, layout: layout, transitions: trans,
                                   start: start, end: end, mask: mask)
        for b in layout.lengths.indices {
            XCTAssertEqual(paths[b].map(Int.init),
                           reference(scores: scores, l: l, layout: layout, b: b, trans: trans, start: start,
                                     end: end, mask: mask), "\(what), sequence \(b)", line: line)
        }
    }

    /// BIO over 20 types (41 labels: O, then B-k, I-k), as the CRF head decodes it.
    private let bio = TransitionMask(labels: 41, allows: { p, n in
        n == 0 || n % 2 == 1 || p == n || p == n - 1
    }, ends: { _ in true })

    /// The same BIO with all B labels first (B-k = k, I-k = 20 + k): I-X is not next to its B-X.
    private let separatedBIO = TransitionMask(labels: 41, allows: { p, n in
        n <= 20 || p == n || p == n - 20
    }, ends: { _ in true })

    /// Peaked scores (one clear label per token) take the pruned step; flat ones the full scan;
    /// both must equal the reference scan exactly, with and without a mask (BIO with I-X next to
    /// B-X takes the 16-column pair step, the separated order the pair loop).
    func testPrunedAndFullStepsMatchTheReferenceScan() {
        let l = 41
        let layout = SequenceLayout(lengths: [60, 17, 1, 33, 2])
        var g = SplitMix64(seed: 5)
        let trans = (0..<(l * l)).map { _ in g.nextFloat(bound: 6) - 3 }
        let start = (0..<l).map { _ in g.nextFloat(bound: 2) - 1 }
        let end = (0..<l).map { _ in g.nextFloat(bound: 2) - 1 }
        for peak: Float in [0, 4, 12, 40] {
            var scores = (0..<(layout.count * l)).map { _ in g.nextFloat(bound: 2) }
            for r in 0..<layout.count { scores[r * l + Int(g.next() % UInt64(l))] += peak }
            for m in [nil, bio, separatedBIO] {
                assertMatchesReference(scores: scores, l: l, layout: layout, trans: trans, start: start,
                                       end: end, mask: m, "peak \(peak), mask \(m != nil)")
            }
        }
    }

    /// Small integers make ties everywhere, and large emissions make path scores in the
    /// hundreds of thousands, where rounding matters: still the reference path.
    func testPrunedStepKeepsTiesAndLargeScoresExact() {
        let l = 41
        let layout = SequenceLayout(lengths: [200, 9])
        var g = SplitMix64(seed: 9)
        let trans = (0..<(l * l)).map { _ in Float(g.next() % 3) }
        let zeros = [Float](repeating: 0, count: l)
        for scale: Float in [1, 1000] {
            let scores = (0..<(layout.count * l)).map { _ in Float(g.next() % 4) * scale }
            for m in [nil, bio, separatedBIO] {
                assertMatchesReference(scores: scores, l: l, layout: layout, trans: trans, start: zeros,
                                       end: zeros, mask: m, "scale \(scale), mask \(m != nil)")
            }
        }
    }

    /// The candidates are the labels near the best score; BIO's I-columns do not widen the
    /// spread; an infinite transition disables pruning.
    func testCandidatesAreTheLabelsWithinTheSpread() {
        let l = 41
        var trans = [Float](repeating: 0, count: l * l)
        for i in 0..<l { for j in 0..<l where j != 0 && j % 2 == 0 { trans[i * l + j] = Float(i) } }
        trans[0 * l + 1] = 1.5   // free column 1 ranges over 0...1.5
        var tables = trans.withUnsafeBufferPointer {
            Viterbi.Tables(labels: l, transitions: $0.baseAddress, start: nil, end: nil, mask: bio)
        }
        XCTAssertEqual(tables.spread, 1.5, accuracy: 1e-3)
        var s = [Float](repeating: 0, count: tables.padded)
        for i in 0..<l { s[i] = -Float(i) * 0.6 }          // 0, -0.6, -1.2, -1.8, ...
        var out = [Int32](repeating: -1, count: l)
        let count = s.withUnsafeMutableBufferPointer { sp in
            out.withUnsafeMutableBufferPointer {
                Viterbi.Tables.candidates(sp.baseAddress!, labels: l, spread: tables.spread,
                                          into: $0.baseAddress!)
            }
        }
        XCTAssertEqual(Array(out.prefix(count)), [0, 1, 2])
        trans[3 * l + 5] = .infinity
        tables = trans.withUnsafeBufferPointer {
            Viterbi.Tables(labels: l, transitions: $0.baseAddress, start: nil, end: nil, mask: bio)
        }
        XCTAssertEqual(tables.spread, .infinity)
    }

    /// Restricted columns with one and three predecessors (four in all, as two pairs would
    /// have) must not take the two-predecessor loop.
    func testUnevenPredecessorListsUseTheGeneralLoop() {
        let l = 6
        // Column 1 only after 0; column 2 after 0, 3 and 5; every label may precede 0, 3, 4, 5.
        let mask = TransitionMask(labels: l, allows: { p, n in
            guard let p else { return true }
            switch n {
            case 1: return p == 0
            case 2: return p == 0 || p == 3 || p == 5
            default: return true
            }
        }, ends: { _ in true })
        let layout = SequenceLayout(lengths: [12, 7])
        var g = SplitMix64(seed: 21)
        let trans = (0..<(l * l)).map { _ in g.nextFloat(bound: 1) }
        let zeros = [Float](repeating: 0, count: l)
        for peak: Float in [0, 30] {
            var scores = (0..<(layout.count * l)).map { _ in g.nextFloat(bound: 1) }
            for r in 0..<layout.count { scores[r * l + [1, 2, 0, 5][r % 4]] += peak }
            assertMatchesReference(scores: scores, l: l, layout: layout, trans: trans, start: zeros,
                                   end: zeros, mask: mask, "peak \(peak)")
        }
    }
}
