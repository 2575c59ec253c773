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
        let paths = Viterbi.decode(scores: scores, ld: 3, labels: 3, layout: layout, transitions: nil, start: nil,
                                   end: nil, mask: nil)
        XCTAssertEqual(paths.map { $0.map(Int.init) }, best)
    }

    func testMaskForcesAllowedPathAndEndConstraint() {
        // Labels 0 = O, 1 = B, 2 = I, 3 = E; I and E only after B or I; must end on O or E.
        let mask = TransitionMask(labels: 4, allows: { p, n in n == 0 || n == 1 || p == 1 || p == 2 },
                                  ends: { $0 == 0 || $0 == 3 })
        let layout = SequenceLayout(lengths: [3])
        let scores: [Float] = [0, 0.5, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0.1]
        let path = Viterbi.decode(scores: scores, ld: 4, labels: 4, layout: layout, transitions: nil, start: nil,
                                  end: nil, mask: mask)[0]
        XCTAssertEqual(path, [1, 2, 3])
    }

    func testImpossibleMaskFallsBackToUnconstrained() {
        let mask = TransitionMask(labels: 2, allows: { _, _ in false })
        let path = Viterbi.decode(scores: [0, 1, 1, 0], ld: 2, labels: 2, layout: SequenceLayout(lengths: [2]),
                                  transitions: nil, start: nil, end: nil, mask: mask)[0]
        XCTAssertEqual(path, [1, 0])
    }
}
