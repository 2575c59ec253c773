import XCTest
@testable import Network

final class MaskedViterbiTests: XCTestCase {
    /// Random masks (dense, sparse, BIO-like) and scores with many ties: the same paths as the
    /// dense `Viterbi.decode` with that mask, and nil exactly where no allowed path exists.
    func testMatchesDenseViterbi() {
        var g = SplitMix64(seed: 31)
        for trial in 0..<200 {
            let l = 1 + Int(g.next() % 9)
            let density = [0.2, 0.5, 0.9, 1.0][trial % 4]
            let bio = trial % 5 == 0
            let mask = TransitionMask(labels: l, allows: { p, n in
                if bio { return n % 2 == 1 || n == 0 || (p != nil && (p! == n || p! == n - 1)) }
                return Double(g.next() % 1000) / 1000 < density
            }, ends: { _ in Double(g.next() % 1000) / 1000 < density + 0.3 })
            let lengths = (0..<(1 + Int(g.next() % 5))).map { _ in Int(g.next() % 6) }
            let layout = SequenceLayout(lengths: lengths)
            // Three score values only, so ties are common.
            let scores = (0..<(layout.count * l)).map { _ in Float(g.next() % 3) }
            let masked = MaskedViterbi(mask: mask).decode(scores: scores, ld: l, layout: layout,
                                                          threads: 1 + trial % 2)
            let dense = Viterbi.decode(scores: scores, ld: l, labels: l, layout: layout, transitions: nil,
                                       start: nil, end: nil, mask: mask)
            XCTAssertEqual(masked.count, lengths.count)
            for b in lengths.indices {
                let possible = bruteForceHasPath(mask: mask, length: lengths[b])
                if let path = masked[b] {
                    XCTAssertTrue(possible)
                    XCTAssertEqual(path, dense[b], "trial \(trial) sequence \(b)")
                } else {
                    XCTAssertFalse(possible, "trial \(trial) sequence \(b): nil although a path exists")
                }
            }
        }
    }

    /// With an ld wider than the labels and a BIO mask over 233 labels (the shipped model's
    /// size), a leading I is never chosen and I-X only follows B-X or I-X.
    func testBIOConstraintsHoldAtFullSize() {
        let l = 233
        let mask = TransitionMask(labels: l) { p, n in
            n == 0 || n % 2 == 1 || (p != nil && (p! == n || p! == n - 1))
        }
        let layout = SequenceLayout(lengths: [40, 17])
        var g = SplitMix64(seed: 2)
        let ld = l + 7
        let scores = (0..<(layout.count * ld)).map { _ in g.nextFloat(bound: 4) }
        let paths = MaskedViterbi(mask: mask).decode(scores: scores, ld: ld, layout: layout)
        let dense = Viterbi.decode(scores: scores, ld: ld, labels: l, layout: layout, transitions: nil,
                                   start: nil, end: nil, mask: mask)
        for b in 0..<2 {
            guard let path = paths[b] else { return XCTFail("no path") }
            XCTAssertEqual(path, dense[b])
            XCTAssertTrue(mask.start[Int(path[0])])
            for t in 1..<path.count {
                XCTAssertTrue(mask.transitions[Int(path[t - 1]) * l + Int(path[t])])
            }
        }
    }

    /// Full-size BIO masks with few score values (ties everywhere): I-X right after its B-X
    /// (the 16-lane step), and all B labels before all I labels (the pair loop); both must give
    /// the dense decoder's paths.
    func testAdjacentAndSeparatedBIOLabelsMatchDenseViterbi() {
        let l = 233, types = 116
        let adjacent = TransitionMask(labels: l) { p, n in
            n == 0 || n % 2 == 1 || (p != nil && (p! == n || p! == n - 1))
        }
        // O = 0, B-k = k (1...116), I-k = 116 + k.
        let separated = TransitionMask(labels: l) { p, n in
            n <= types || (p != nil && (p! == n || p! == n - types))
        }
        let layout = SequenceLayout(lengths: [60, 33, 1, 2, 17])
        var g = SplitMix64(seed: 8)
        for mask in [adjacent, separated] {
            for values in [3, 1000] as [UInt64] {
                let scores = (0..<(layout.count * l)).map { _ in Float(g.next() % values) }
                let paths = MaskedViterbi(mask: mask).decode(scores: scores, ld: l, layout: layout)
                let dense = Viterbi.decode(scores: scores, ld: l, labels: l, layout: layout, transitions: nil,
                                           start: nil, end: nil, mask: mask)
                for b in layout.lengths.indices {
                    XCTAssertEqual(paths[b], dense[b], "values \(values), sequence \(b)")
                }
            }
        }
    }

    func testEmptyAndZeroLabelInputs() {
        let mask = TransitionMask(labels: 3)
        let decoded = MaskedViterbi(mask: mask).decode(scores: [], ld: 3, layout: SequenceLayout(lengths: [0, 0]))
        XCTAssertEqual(decoded.count, 2)
        XCTAssertEqual(decoded[0], [])
        let none = MaskedViterbi(mask: TransitionMask(labels: 0))
            .decode(scores: [], ld: 0, layout: SequenceLayout(lengths: [2]))
        XCTAssertEqual(none[0], [0, 0])
    }

    private func bruteForceHasPath(mask: TransitionMask, length: Int) -> Bool {
        let l = mask.labels
        guard length > 0 else { return true }
        var reachable = (0..<l).map { mask.start[$0] }
        for _ in 1..<length {
            reachable = (0..<l).map { j in (0..<l).contains { i in reachable[i] && mask.transitions[i * l + j] } }
        }
        return (0..<l).contains { reachable[$0] && mask.end[$0] }
    }
}
