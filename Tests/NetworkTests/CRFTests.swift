import XCTest
@testable import Network

final class CRFTests: XCTestCase {
    /// Every label sequence of the given length over `labels` labels.
    private func allPaths(length: Int, labels: Int) -> [[Int]] {
        var paths: [[Int]] = [[]]
        for _ in 0..<length { paths = paths.flatMap { p in (0..<labels).map { p + [$0] } } }
        return paths
    }

    private func score(_ crf: CRF, _ e: [Float], _ layout: SequenceLayout, _ b: Int, _ path: [Int]) -> Double {
        let l = crf.labels
        var s = Double(crf.start.value[path[0]]) + Double(crf.end.value[path[path.count - 1]])
        for t in path.indices {
            s += Double(e[layout.row(sequence: b, position: t) * l + path[t]])
            if t > 0 { s += Double(crf.transitions.value[path[t - 1] * l + path[t]]) }
        }
        return s
    }

    private func allowed(_ path: [Int], _ mask: TransitionMask?) -> Bool {
        guard let mask else { return true }
        guard mask.start[path[0]], mask.end[path[path.count - 1]] else { return false }
        for t in 1..<path.count where !mask.transitions[path[t - 1] * mask.labels + path[t]] { return false }
        return true
    }

    private func setup(labels: Int = 3, lengths: [Int] = [4, 1, 3], seed: UInt64 = 1)
        -> (CRF, SequenceLayout, SharedFloats) {
        var g = SplitMix64(seed: seed)
        let crf = CRF(name: "crf", labels: labels, generator: &g)
        for j in 0..<labels {
            crf.start.value[j] = g.nextFloat(bound: 1)
            crf.end.value[j] = g.nextFloat(bound: 1)
        }
        for k in 0..<(labels * labels) { crf.transitions.value[k] = g.nextFloat(bound: 2) }
        let layout = SequenceLayout(lengths: lengths)
        return (crf, layout, SharedFloats(count: layout.count * labels, bound: 3, seed: seed + 10))
    }

    /// A BIO-like mask over labels 0 = O, 1 = B, 2 = I: O -> I and a leading I are forbidden.
    private let bio = TransitionMask(labels: 3, allows: { previous, next in
        next != 2 || previous == 1 || previous == 2
    })

    func testLogPartitionMatchesBruteForce() {
        let (crf, layout, e) = setup()
        for mask in [nil, bio] {
            let logZ = crf.logPartition(emissions: e.values, ld: 3, layout: layout, mask: mask)
            for b in 0..<layout.lengths.count {
                let total = allPaths(length: layout.lengths[b], labels: 3).filter { allowed($0, mask) }
                    .map { exp(score(crf, e.values, layout, b, $0)) }.reduce(0, +)
                XCTAssertEqual(logZ[b], log(total), accuracy: 1e-4)
            }
        }
    }

    func testMarginalsMatchBruteForce() {
        let (crf, layout, e) = setup()
        for mask in [nil, bio] {
            var p = [Float](repeating: 0, count: layout.count * 3)
            crf.marginals(emissions: e.values, ld: 3, layout: layout, mask: mask, probabilities: &p, ldp: 3)
            for b in 0..<layout.lengths.count {
                let paths = allPaths(length: layout.lengths[b], labels: 3).filter { allowed($0, mask) }
                let weights = paths.map { exp(score(crf, e.values, layout, b, $0)) }
                let z = weights.reduce(0, +)
                for t in 0..<layout.lengths[b] {
                    for j in 0..<3 {
                        var m = 0.0
                        for (k, path) in paths.enumerated() where path[t] == j { m += weights[k] }
                        let row = layout.row(sequence: b, position: t)
                        XCTAssertEqual(Double(p[row * 3 + j]), m / z, accuracy: 1e-4)
                    }
                }
            }
        }
    }

    func testViterbiMatchesBruteForceAndRespectsMask() {
        for seed in UInt64(1)...6 {
            let (crf, layout, e) = setup(lengths: [4, 2, 5, 1], seed: seed)
            for mask in [nil, bio] {
                let paths = crf.decode(emissions: e.values, ld: 3, layout: layout, mask: mask)
                for b in 0..<layout.lengths.count {
                    let candidates = allPaths(length: layout.lengths[b], labels: 3).filter { allowed($0, mask) }
                    let scores = candidates.map { score(crf, e.values, layout, b, $0) }
                    let best = candidates[scores.indices.max { scores[$0] < scores[$1] }!]
                    XCTAssertEqual(paths[b].map(Int.init), best, "seed \(seed) sequence \(b)")
                    XCTAssertTrue(allowed(paths[b].map(Int.init), mask))
                }
            }
        }
    }

    /// The decoder keeps its tables between calls: a changed parameter or mask must rebuild them.
    func testDecodingFollowsChangedParameters() {
        let (crf, layout, e) = setup(lengths: [6, 3], seed: 3)
        func fresh(_ mask: TransitionMask?) -> [[Int32]] {
            Viterbi.decode(scores: e.values, ld: 3, labels: 3, layout: layout,
                           transitions: crf.transitions.value, start: crf.start.value, end: crf.end.value,
                           mask: mask)
        }
        let before = crf.decode(emissions: e.values, ld: 3, layout: layout, mask: nil)
        XCTAssertEqual(before, fresh(nil))
        // Make every move into label 0 very attractive, then the end on label 2.
        for i in 0..<3 { crf.transitions.value[i * 3] += 50 }
        let after = crf.decode(emissions: e.values, ld: 3, layout: layout, mask: nil)
        XCTAssertEqual(after, fresh(nil))
        XCTAssertNotEqual(after, before)
        crf.end.value[2] += 100
        let ends = crf.decode(emissions: e.values, ld: 3, layout: layout, mask: nil).map { $0.last }
        XCTAssertEqual(ends, [2, 2])
        XCTAssertEqual(crf.decode(emissions: e.values, ld: 3, layout: layout, mask: bio), fresh(bio))
    }

    func testConstrainedDecodingNeverEmitsForbiddenTransitions() {
        // Emissions strongly prefer I after O; the mask must still win.
        let layout = SequenceLayout(lengths: [3])
        var g = SplitMix64(seed: 1)
        let crf = CRF(name: "crf", labels: 3, generator: &g)
        let e: [Float] = [5, 0, 9, 5, 0, 9, 0, 0, 9]
        let free = crf.decode(emissions: e, ld: 3, layout: layout, mask: nil)[0]
        XCTAssertEqual(free, [2, 2, 2])
        let constrained = crf.decode(emissions: e, ld: 3, layout: layout, mask: bio)[0]
        XCTAssertTrue(allowed(constrained.map(Int.init), bio), "\(constrained)")
        XCTAssertEqual(constrained, [1, 2, 2])
    }

    func testLossAndGradientAgainstFiniteDifferences() {
        let (crf, layout, e) = setup(lengths: [3, 1, 2])
        let gold: [Int32] = (0..<layout.count).map { Int32($0 % 3) }
        let de = SharedFloats([])
        let scale: Float = 0.5
        func loss() -> Double {
            var scratch = [Float](repeating: 0, count: layout.count * 3)
            let saved = crf.parameters.map(\.grad)
            defer { for (p, g) in zip(crf.parameters, saved) { p.grad = g } }
            return Double(scale) * crf.lossAndGradient(emissions: e.values, ld: 3, layout: layout, gold: gold,
                                                       scale: scale, gradient: &scratch, ldg: 3)
        }
        // Brute-force value of the loss.
        var expected = 0.0
        for b in 0..<layout.lengths.count {
            let paths = allPaths(length: layout.lengths[b], labels: 3)
            let z = paths.map { exp(score(crf, e.values, layout, b, $0)) }.reduce(0, +)
            let goldPath = (0..<layout.lengths[b]).map { Int(gold[layout.row(sequence: b, position: $0)]) }
            expected += log(z) - score(crf, e.values, layout, b, goldPath)
        }
        XCTAssertEqual(loss(), Double(scale) * expected, accuracy: 1e-4)
        XCTAssertGreaterThan(expected, 0)
        checkGradients("crf", values: [("emissions", e, de)], parameters: crf.parameters, loss: loss,
                       gradients: {
                           for p in crf.parameters { p.zeroGrad() }
                           de.values = [Float](repeating: 0, count: layout.count * 3)
                           _ = crf.lossAndGradient(emissions: e.values, ld: 3, layout: layout, gold: gold,
                                                   scale: scale, gradient: &de.values, ldg: 3)
                       }, samples: 30)
    }

    func testLargeScoresStayFinite() {
        let (crf, layout, e) = setup(lengths: [6, 2])
        for i in e.values.indices { e.values[i] *= 40 }
        var p = [Float](repeating: 0, count: layout.count * 3)
        let logZ = crf.marginals(emissions: e.values, ld: 3, layout: layout, mask: bio, probabilities: &p, ldp: 3)
        XCTAssertTrue(logZ.allSatisfy(\.isFinite))
        for r in 0..<layout.count {
            XCTAssertEqual(p[(r * 3)..<(r * 3 + 3)].reduce(0, +), 1, accuracy: 1e-4)
        }
    }

    func testTwoThreadsGiveIdenticalResults() {
        let (crf, layout, e) = setup(lengths: [4, 1, 3, 5, 2])
        let gold: [Int32] = (0..<layout.count).map { Int32(($0 * 7) % 3) }
        func run(_ threads: Int) -> (Double, [Float], [[Float]], [[Int32]]) {
            crf.threads = threads
            for p in crf.parameters { p.zeroGrad() }
            var g = [Float](repeating: 0, count: layout.count * 3)
            let loss = crf.lossAndGradient(emissions: e.values, ld: 3, layout: layout, gold: gold, scale: 1,
                                           gradient: &g, ldg: 3)
            return (loss, g, crf.parameters.map(\.grad), crf.decode(emissions: e.values, ld: 3, layout: layout,
                                                                   mask: bio))
        }
        let one = run(1), two = run(2)
        XCTAssertEqual(one.0, two.0)
        XCTAssertEqual(one.1, two.1)
        XCTAssertEqual(one.2, two.2)
        XCTAssertEqual(one.3, two.3)
    }
}
