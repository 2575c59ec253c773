import Dispatch
import Kernels

/// Max-sum decoding of label sequences over a `SequenceLayout`.
///
/// Score of a path `y`: `start[y0] + Σ_t scores[t, y_t] + Σ_t transitions[y_{t-1}, y_t] + end[y_last]`.
/// Forbidden moves (per the mask) are impossible. If a sequence has no allowed path at all
/// (an inconsistent mask), it is decoded without the mask rather than failing. Without
/// transitions, start, end and mask this is a per-token argmax. Ties go to the lowest label id.
public enum Viterbi {
    /// Best path of every sequence.
    /// - Parameters:
    ///   - scores: `[count, ld]` per-token label scores in layout order (columns `0..<labels`).
    ///   - transitions: `[labels, labels]` additive scores (row previous, column next), or nil for 0.
    ///   - start, end: `[labels]` additive scores, or nil for 0.
    ///   - mask: allowed moves, or nil for all.
    ///   - threads: with 2 or more, two halves of the sequences are decoded concurrently.
    /// - Returns: label ids per sequence in batch order (`lengths[b]` each).
    public static func decode(scores: UnsafePointer<Float>, ld: Int, labels: Int, layout: SequenceLayout,
                              transitions: UnsafePointer<Float>?, start: UnsafePointer<Float>?,
                              end: UnsafePointer<Float>?, mask: TransitionMask?,
                              threads: Int = 1) -> [[Int32]] {
        guard labels > 0 else { return layout.lengths.map { [Int32](repeating: 0, count: $0) } }
        if transitions == nil && start == nil && end == nil && mask == nil {
            return argmax(scores: scores, ld: ld, labels: labels, layout: layout)
        }
        // Two groups of sequences (alternate ranks), each with its own copy of the tables' scratch
        // arrays (the large transition table is shared: copy-on-write, never written).
        let shared = Tables(labels: labels, transitions: transitions, start: start, end: end, mask: mask)
        return inTwoGroups(layout: layout, threads: threads, empty: [],
                           state: { (tables: shared, unmasked: Tables?.none) }) { b, state in
            if let path = state.tables.decode(b, scores: scores, ld: ld, layout: layout) { return path }
            if state.unmasked == nil {
                state.unmasked = Tables(labels: labels, transitions: transitions, start: start, end: end,
                                        mask: nil)
            }
            return state.unmasked?.decode(b, scores: scores, ld: ld, layout: layout)
                ?? [Int32](repeating: 0, count: layout.lengths[b])
        }
    }

    /// `decode(b, &state)` for every non-empty sequence `b`, in two groups of alternate ranks (so
    /// both hold long and short sequences), run concurrently when `threads >= 2`; each group has
    /// its own `state()`. Returns the paths in batch order, `empty` for empty sequences.
    static func inTwoGroups<State, Path>(layout: SequenceLayout, threads: Int, empty: Path,
                                         state: () -> State,
                                         _ decode: (Int, inout State) -> Path) -> [Path] {
        func group(_ g: Int) -> [(Int, Path)] {
            var s = state()
            var out: [(Int, Path)] = []
            for rank in stride(from: g, to: layout.order.count, by: 2) {
                let b = layout.order[rank]
                guard layout.lengths[b] > 0 else { continue }
                out.append((b, decode(b, &s)))
            }
            return out
        }
        var groups: [[(Int, Path)]] = [[], []]
        if threads >= 2 && layout.order.count > 1 {
            let slots = UnsafeMutablePointer<[(Int, Path)]>.allocate(capacity: 2)
            slots.initialize(repeating: [], count: 2)
            DispatchQueue.concurrentPerform(iterations: 2) { slots[$0] = group($0) }
            groups = [slots[0], slots[1]]
            slots.deinitialize(count: 2)
            slots.deallocate()
        } else {
            groups = [group(0), group(1)]
        }
        var result = [Path](repeating: empty, count: layout.lengths.count)
        for (b, path) in groups.joined() { result[b] = path }
        return result
    }

    /// The path ending in label `last` at position `length - 1`, following back pointers
    /// `back[t * stride + label]` (the best previous label of `label` at position `t`).
    static func backtrack(last: Int, length: Int, back: [Int32], stride: Int) -> [Int32] {
        var path = [Int32](repeating: 0, count: length)
        path[length - 1] = Int32(last)
        var t = length - 1
        while t > 0 {
            path[t - 1] = back[t * stride + Int(path[t])]
            t -= 1
        }
        return path
    }

    /// One previous label `i` (score `si`, transition row chunk `row`) against 16 next labels.
    @_transparent
    static func relax(_ si: Float, _ row: UnsafePointer<Float>, _ i: Int32,
                      _ best: inout SIMD16<Float>, _ arg: inout SIMD16<Int32>) {
        if si == -.infinity { return }
        let v = SIMD16<Float>(repeating: si) + SIMDMemory.load(row)
        let better = v .> best
        best.replace(with: v, where: better)
        arg.replace(with: SIMD16<Int32>(repeating: i), where: better)
    }

    /// Merges a partial maximum into `best`, ties going to the lower label id.
    @_transparent
    static func merge(_ b: SIMD16<Float>, _ a: SIMD16<Int32>, into best: inout SIMD16<Float>,
                      _ arg: inout SIMD16<Int32>) {
        let take = (b .> best) .| ((b .== best) .& (a .< arg))
        best.replace(with: b, where: take)
        arg.replace(with: a, where: take)
    }

    private static func argmax(scores: UnsafePointer<Float>, ld: Int, labels: Int,
                               layout: SequenceLayout) -> [[Int32]] {
        layout.lengths.indices.map { b in
            (0..<layout.lengths[b]).map { t in
                let row = scores + layout.row(sequence: b, position: t) * ld
                var best = -Float.infinity, arg = 0
                for j in 0..<labels where row[j] > best {
                    best = row[j]
                    arg = j
                }
                return Int32(arg)
            }
        }
    }

    /// Additive tables with forbidden moves at -inf, columns padded to a multiple of 16.
    private struct Tables {
        let labels: Int
        let padded: Int
        var trans: [Float]   // [labels, padded]
        var first: [Float]   // [labels]
        var last: [Float]    // [labels]
        var score: [Float]   // [padded]
        var next: [Float]    // [padded]
        var back: [Int32] = []

        init(labels: Int, transitions: UnsafePointer<Float>?, start: UnsafePointer<Float>?,
             end: UnsafePointer<Float>?, mask: TransitionMask?) {
            self.labels = labels
            padded = (labels + 15) / 16 * 16
            trans = [Float](repeating: -.infinity, count: labels * padded)
            first = [Float](repeating: 0, count: labels)
            last = [Float](repeating: 0, count: labels)
            score = [Float](repeating: -.infinity, count: padded)
            next = score
            // One read of the mask array, written through a buffer pointer: reading
            // `mask?.transitions` per element cost a retain/release pair each (at batch 1 this
            // loop took a third of `biotag tag`'s time).
            let moves = mask?.transitions, p = padded
            trans.withUnsafeMutableBufferPointer { t in
                for i in 0..<labels {
                    for j in 0..<labels where moves?[i * labels + j] ?? true {
                        t[i * p + j] = transitions?[i * labels + j] ?? 0
                    }
                }
            }
            for j in 0..<labels {
                first[j] = (mask?.start[j] ?? true) ? (start?[j] ?? 0) : -.infinity
                last[j] = (mask?.end[j] ?? true) ? (end?[j] ?? 0) : -.infinity
            }
        }

        /// The best allowed path of sequence `b`, or nil when none exists (or scores are NaN).
        mutating func decode(_ b: Int, scores: UnsafePointer<Float>, ld: Int,
                             layout: SequenceLayout) -> [Int32]? {
            let l = labels, p = padded, length = layout.lengths[b]
            if back.count < length * p { back = [Int32](repeating: 0, count: length * p) }
            let e0 = scores + layout.row(sequence: b, position: 0) * ld
            for j in 0..<l { score[j] = first[j] + e0[j] }
            score.withUnsafeMutableBufferPointer { sb in
                next.withUnsafeMutableBufferPointer { nb in
                    trans.withUnsafeBufferPointer { tb in
                        back.withUnsafeMutableBufferPointer { bb in
                            let s = sb.baseAddress!, nx = nb.baseAddress!, tr = tb.baseAddress!
                            let bk = bb.baseAddress!
                            for t in 1..<max(length, 1) {
                                let e = scores + layout.row(sequence: b, position: t) * ld
                                let bt = bk + t * p
                                var j0 = 0
                                while j0 < p {
                                    // Four independent running maxima (previous labels i ≡ 0..3
                                    // mod 4) hide the compare/select latency; merged with ties to
                                    // the lowest i, as a single left-to-right scan would give.
                                    var best0 = SIMD16<Float>(repeating: -.infinity), best1 = best0
                                    var best2 = best0, best3 = best0
                                    var arg0 = SIMD16<Int32>(repeating: 0), arg1 = arg0, arg2 = arg0
                                    var arg3 = arg0
                                    @inline(__always)
                                    func relax(_ i: Int, _ best: inout SIMD16<Float>,
                                               _ arg: inout SIMD16<Int32>) {
                                        Viterbi.relax(s[i], tr + i * p + j0, Int32(i), &best, &arg)
                                    }
                                    var i = 0
                                    while i + 4 <= l {
                                        relax(i, &best0, &arg0)
                                        relax(i + 1, &best1, &arg1)
                                        relax(i + 2, &best2, &arg2)
                                        relax(i + 3, &best3, &arg3)
                                        i += 4
                                    }
                                    if i < l { relax(i, &best0, &arg0) }
                                    if i + 1 < l { relax(i + 1, &best1, &arg1) }
                                    if i + 2 < l { relax(i + 2, &best2, &arg2) }
                                    var best = best0, arg = arg0
                                    Viterbi.merge(best1, arg1, into: &best, &arg)
                                    Viterbi.merge(best2, arg2, into: &best, &arg)
                                    Viterbi.merge(best3, arg3, into: &best, &arg)
                                    SIMDMemory.store(best, nx + j0)
                                    UnsafeMutableRawPointer(bt + j0)
                                        .storeBytes(of: arg, as: SIMD16<Int32>.self)
                                    j0 += 16
                                }
                                for j in 0..<l { s[j] = nx[j] + e[j] }
                            }
                        }
                    }
                }
            }
            var best = -Float.infinity, arg = -1
            for j in 0..<l where score[j] + last[j] > best {
                best = score[j] + last[j]
                arg = j
            }
            guard arg >= 0 else { return nil }
            return Viterbi.backtrack(last: arg, length: length, back: back, stride: p)
        }
    }
}
