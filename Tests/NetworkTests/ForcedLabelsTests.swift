import XCTest
@testable import Network

/// Decoding with forced labels: the forced positions get exactly their labels and the rest is
/// the best allowed path under those constraints, checked against enumerating every path.
final class ForcedLabelsTests: XCTestCase {
    /// Every label sequence of `length` over `labels` labels.
    private func allPaths(length: Int, labels: Int) -> [[Int]] {
        var paths: [[Int]] = [[]]
        for _ in 0..<length { paths = paths.flatMap { p in (0..<labels).map { p + [$0] } } }
        return paths
    }

    private func allowed(_ path: [Int], _ mask: TransitionMask) -> Bool {
        guard mask.start[path[0]], mask.end[path[path.count - 1]] else { return false }
        for t in 1..<path.count where !mask.transitions[path[t - 1] * mask.labels + path[t]] { return false }
        return true
    }

    /// Labels 0 = O, then B-X, I-X pairs: I-X only after B-X or I-X.
    private func bio(_ labels: Int) -> TransitionMask {
        TransitionMask(labels: labels) { previous, next in
            next == 0 || next % 2 == 1 || (previous != nil && (previous! == next || previous! == next - 1))
        }
    }

    /// The continuing labels of `bio`: the I-X (even ids above 0).
    private func continuing(_ labels: Int) -> [Int32] {
        (0..<labels).filter { $0 > 0 && $0 % 2 == 0 }.map(Int32.init)
    }

    /// A random constraint per sequence that some allowed path keeps (a random allowed path
    /// is the witness): each position forced to the witness's label with probability 1/3, or
    /// marked `startsChunk` with probability 1/6 where the witness does not continue a chunk.
    private func constraints(_ layout: SequenceLayout, labels: Int, mask: TransitionMask,
                             g: inout SplitMix64) -> [[Int32]?] {
        layout.lengths.map { length in
            guard length > 0 else { return nil }
            let paths = allPaths(length: length, labels: labels).filter { allowed($0, mask) }
            let witness = paths[Int(g.next() % UInt64(paths.count))]
            return witness.map { y in
                let draw = g.next() % 6
                if draw < 2 { return Int32(y) }
                if draw == 2 && !continuing(labels).contains(Int32(y)) { return ForcedLabels.startsChunk }
                return -1
            }
        }
    }

    /// Whether `path` keeps the constraints `forced`.
    private func keeps(_ path: [Int], _ forced: [Int32], labels: Int) -> Bool {
        path.indices.allSatisfy { t in
            forced[t] == ForcedLabels.startsChunk ? !continuing(labels).contains(Int32(path[t]))
                : forced[t] < 0 || Int(forced[t]) == path[t]
        }
    }

    func testCRFDecodingEqualsBestConstrainedPath() {
        for seed in UInt64(1)...12 {
            var g = SplitMix64(seed: seed)
            let l = 5
            let crf = CRF(name: "crf", labels: l, generator: &g)
            for j in 0..<l {
                crf.start.value[j] = g.nextFloat(bound: 1)
                crf.end.value[j] = g.nextFloat(bound: 1)
            }
            for k in 0..<(l * l) { crf.transitions.value[k] = g.nextFloat(bound: 2) }
            let mask = bio(l)
            let layout = SequenceLayout(lengths: [5, 1, 4, 0, 3])
            let original = (0..<(layout.count * l)).map { _ in g.nextFloat(bound: 3) }
            let forced = constraints(layout, labels: l, mask: mask, g: &g)
            var e = original
            e.withUnsafeMutableBufferPointer {
                ForcedLabels.apply(forced, to: $0.baseAddress!, ld: l, labels: l, layout: layout,
                                   continuing: continuing(l))
            }
            let paths = crf.decode(emissions: e, ld: l, layout: layout, mask: mask)
            var p = [Float](repeating: 0, count: layout.count * l)
            crf.marginals(emissions: e, ld: l, layout: layout, mask: mask, probabilities: &p, ldp: l)
            for b in layout.lengths.indices where layout.lengths[b] > 0 {
                func score(_ path: [Int]) -> Double {
                    var s = Double(crf.start.value[path[0]]) + Double(crf.end.value[path[path.count - 1]])
                    for t in path.indices {
                        s += Double(original[layout.row(sequence: b, position: t) * l + path[t]])
                        if t > 0 { s += Double(crf.transitions.value[path[t - 1] * l + path[t]]) }
                    }
                    return s
                }
                let candidates = allPaths(length: layout.lengths[b], labels: l)
                    .filter { allowed($0, mask) && keeps($0, forced[b]!, labels: l) }
                let scores = candidates.map(score)
                let best = candidates[scores.indices.max { scores[$0] < scores[$1] }!]
                XCTAssertEqual(paths[b].map(Int.init), best, "seed \(seed) sequence \(b)")
                // Marginals given the constraints: 1 at a forced label, the conditional elsewhere.
                let z = scores.map(exp).reduce(0, +)
                for t in 0..<layout.lengths[b] {
                    let row = layout.row(sequence: b, position: t)
                    for j in 0..<l {
                        var m = 0.0
                        for (k, path) in candidates.enumerated() where path[t] == j { m += exp(scores[k]) }
                        XCTAssertEqual(Double(p[row * l + j]), m / z, accuracy: 1e-4, "seed \(seed) b \(b) t \(t)")
                    }
                }
            }
        }
    }

    func testSoftmaxDecodingEqualsBestConstrainedPath() {
        for seed in UInt64(1)...12 {
            var g = SplitMix64(seed: seed)
            let l = 5
            let mask = bio(l)
            let layout = SequenceLayout(lengths: [6, 2, 4])
            let original = (0..<(layout.count * l)).map { _ in g.nextFloat(bound: 3) }
            let forced = constraints(layout, labels: l, mask: mask, g: &g)
            var e = original
            e.withUnsafeMutableBufferPointer {
                ForcedLabels.apply(forced, to: $0.baseAddress!, ld: l, labels: l, layout: layout,
                                   continuing: continuing(l))
            }
            let paths = MaskedViterbi(mask: mask).decode(scores: e, ld: l, layout: layout)
            for b in layout.lengths.indices {
                let candidates = allPaths(length: layout.lengths[b], labels: l)
                    .filter { allowed($0, mask) && keeps($0, forced[b]!, labels: l) }
                let scores = candidates.map { path in
                    path.indices.map { Double(original[layout.row(sequence: b, position: $0) * l + path[$0]]) }
                        .reduce(0, +)
                }
                let best = candidates[scores.indices.max { scores[$0] < scores[$1] }!]
                XCTAssertEqual(paths[b]?.map(Int.init), best, "seed \(seed) sequence \(b)")
            }
        }
    }

    /// Nothing forced (nil sequences, all -1, out-of-range ids) leaves the scores as they were.
    func testNothingForcedChangesNothing() {
        let layout = SequenceLayout(lengths: [3, 2])
        var g = SplitMix64(seed: 5)
        let original = (0..<(layout.count * 4)).map { _ in g.nextFloat(bound: 3) }
        var e = original
        e.withUnsafeMutableBufferPointer {
            ForcedLabels.apply([nil, [-1, 7]], to: $0.baseAddress!, ld: 4, labels: 4, layout: layout,
                               continuing: [2])
        }
        XCTAssertEqual(e, original)
    }
}
