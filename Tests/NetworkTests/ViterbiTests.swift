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
}
