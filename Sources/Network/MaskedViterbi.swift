import Kernels

/// Max-sum decoding when a path's score is the sum of its per-token scores and the only
/// constraint is which moves a `TransitionMask` allows (the softmax head under a tag scheme).
///
/// Gives exactly the paths of `Viterbi.decode` with that mask and no transition, start or end
/// scores (ties to the lowest label id), in `O(L + R)` per token instead of `O(L²)`: a label that
/// every label may precede takes the step's single best previous label; only the `R` allowed
/// moves into the other labels are scanned (under BIO, `I-X` has the two predecessors `B-X` and
/// `I-X`, so `R ≈ L`). Build it once per mask (`O(L²)`) and reuse it for every batch.
public struct MaskedViterbi: Sendable {
    /// Number of labels `L`.
    public let labels: Int
    private let start: [Bool]
    private let end: [Bool]
    /// The labels that not every label may precede, ascending.
    private let restricted: [Int32]
    /// CSR rows: the allowed previous labels of restricted label `restricted[r]` are
    /// `predecessors[predecessorStart[r]..<predecessorStart[r + 1]]`, ascending.
    private let predecessorStart: [Int]
    private let predecessors: [Int32]
    /// True when every restricted label has exactly two allowed predecessors (`I-X` after `B-X`
    /// or `I-X` under BIO): the scan then runs unrolled over the pairs.
    private let pairs: Bool
    /// True when, moreover, the two predecessors of every restricted label `j` are `j - 1` and
    /// `j` (BIO with each `I-X` right after its `B-X`, as labels sorted by name are): the whole
    /// step then runs 16 labels at a time.
    private let adjacent: Bool
    /// `[padded]` 1 for a restricted label, 0 otherwise (the lanes `adjacent` steps blend; as
    /// floats, since an integer lane comparison compiled to a scalar loop through memory).
    private let restrictedLanes: [Float]

    /// The decoder for `mask` (`mask.labels` labels).
    public init(mask: TransitionMask) {
        let l = mask.labels
        labels = l
        start = mask.start
        end = mask.end
        var restricted: [Int32] = []
        var rowStart: [Int] = []
        var list: [Int32] = []
        mask.transitions.withUnsafeBufferPointer { t in
            for j in 0..<l where (0..<l).contains(where: { !t[$0 * l + j] }) {
                restricted.append(Int32(j))
                rowStart.append(list.count)
                for i in 0..<l where t[i * l + j] { list.append(Int32(i)) }
            }
        }
        rowStart.append(list.count)
        self.restricted = restricted
        predecessorStart = rowStart
        predecessors = list
        pairs = !restricted.isEmpty && list.count == 2 * restricted.count
            && (0..<restricted.count).allSatisfy { rowStart[$0 + 1] - rowStart[$0] == 2 }
        adjacent = pairs && restricted.indices.allSatisfy { r in
            list[2 * r] == restricted[r] - 1 && list[2 * r + 1] == restricted[r]
        }
        var lanes = [Float](repeating: 0, count: (l + 15) / 16 * 16)
        for j in restricted { lanes[Int(j)] = 1 }
        restrictedLanes = lanes
    }

    /// Best allowed path of every sequence.
    /// - Parameters:
    ///   - scores: `[count, ld]` per-token label scores in layout order (columns `0..<labels`).
    ///   - layout: the batch layout.
    ///   - threads: with 2 or more, two halves of the sequences are decoded concurrently.
    /// - Returns: per sequence in batch order, its label ids (`lengths[b]` of them; empty for an
    ///   empty sequence), or nil when the mask allows no path for it or its scores are NaN
    ///   (callers fall back to an unconstrained argmax, as `Viterbi.decode` does).
    public func decode(scores: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                       threads: Int = 1) -> [[Int32]?] {
        guard labels > 0 else {
            return layout.lengths.map { [Int32](repeating: 0, count: $0) }
        }
        return Viterbi.inTwoGroups(layout: layout, threads: threads, empty: [],
                                   state: { Work(labels: labels) }) { b, work in
            decode(b, scores: scores, ld: ld, layout: layout, work: &work)
        }
    }

    /// Scratch of one decoding thread: two score rows and the back pointers.
    private struct Work {
        var score: [Float]   // [1 + padded]: -inf, then the scores (padding at -inf)
        var next: [Float]    // [1 + padded]
        var back: [Int32] = []
        init(labels: Int) {
            score = [Float](repeating: -.infinity, count: 1 + (labels + 15) / 16 * 16)
            next = score
        }
    }

    private func decode(_ b: Int, scores: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                        work: inout Work) -> [Int32]? {
        let l = labels, length = layout.lengths[b]
        if work.back.count < length * l { work.back = [Int32](repeating: 0, count: length * l) }
        var final = -1
        work.score.withUnsafeMutableBufferPointer { sb in
            work.next.withUnsafeMutableBufferPointer { nb in
                work.back.withUnsafeMutableBufferPointer { bb in
                    restricted.withUnsafeBufferPointer { rb in
                        predecessorStart.withUnsafeBufferPointer { pb in
                            predecessors.withUnsafeBufferPointer { lb in
                              restrictedLanes.withUnsafeBufferPointer { rl in
                                // `s[-1]` and `nx[-1]` are the -inf pads at the arrays' starts.
                                guard var s = sb.baseAddress.map({ $0 + 1 }),
                                      var nx = nb.baseAddress.map({ $0 + 1 }),
                                      let bk = bb.baseAddress, let ps = pb.baseAddress else { return }
                                let list = lb.baseAddress, rs = rb.baseAddress
                                let e0 = scores + layout.row(sequence: b, position: 0) * ld
                                for j in 0..<l { s[j] = start[j] ? e0[j] : -.infinity }
                                let full = l / 16 * 16
                                for t in 1..<max(length, 1) {
                                    let e = scores + layout.row(sequence: b, position: t) * ld
                                    let bt = bk + t * l
                                    // The best previous label overall (ties: lowest id): 16 lanes
                                    // of running maxima (padding is -inf), then merged.
                                    var lanes = SIMD16<Float>(repeating: -.infinity)
                                    var laneArg = SIMD16<Int32>(repeating: 0)
                                    var index = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
                                    var i0 = 0
                                    while i0 < l {
                                        let v = SIMDMemory.load(s + i0)
                                        let better = v .> lanes
                                        lanes.replace(with: v, where: better)
                                        laneArg.replace(with: index, where: better)
                                        index &+= 16
                                        i0 += 16
                                    }
                                    var best = -Float.infinity, arg: Int32 = 0
                                    for k in 0..<16 where lanes[k] > best || (lanes[k] == best && laneArg[k] < arg) {
                                        best = lanes[k]
                                        arg = laneArg[k]
                                    }
                                    if adjacent, let lanes = rl.baseAddress {
                                        MaskedViterbi.adjacentStep(s, nx, bt, e, labels: l, best: best,
                                                                   arg: arg, lanes: lanes)
                                        swap(&s, &nx)
                                        continue
                                    }
                                    // Every label first takes the overall best...
                                    let vb = SIMD16<Float>(repeating: best)
                                    let va = SIMD16<Int32>(repeating: arg)
                                    var j0 = 0
                                    while j0 < full {
                                        SIMDMemory.store(vb + SIMDMemory.load(e + j0), nx + j0)
                                        UnsafeMutableRawPointer(bt + j0).storeBytes(of: va, as: SIMD16<Int32>.self)
                                        j0 += 16
                                    }
                                    for j in full..<l {
                                        nx[j] = best + e[j]
                                        bt[j] = arg
                                    }
                                    // ...then the restricted labels take their best allowed one.
                                    if let rs, let list, pairs {
                                        // The loop below unrolled for two predecessors each.
                                        for r in 0..<restricted.count {
                                            let i0 = list[2 * r], i1 = list[2 * r + 1]
                                            let pair = Viterbi.better(s[Int(i0)], i0, s[Int(i1)], i1)
                                            let j = Int(rs[r])
                                            nx[j] = pair.score + e[j]
                                            bt[j] = pair.from
                                        }
                                    } else if let rs, let list {
                                        var q = ps[0]
                                        for r in 0..<restricted.count {
                                            let stop = ps[r + 1]
                                            var v = -Float.infinity, a: Int32 = 0
                                            while q < stop {
                                                // Selects, not branches: which one wins is data.
                                                let i = list[q], si = s[Int(i)]
                                                let better = si > v
                                                v = better ? si : v
                                                a = better ? i : a
                                                q += 1
                                            }
                                            let j = Int(rs[r])
                                            nx[j] = v + e[j]
                                            bt[j] = a
                                        }
                                    }
                                    swap(&s, &nx)
                                }
                                var best = -Float.infinity
                                for j in 0..<l where end[j] && s[j] > best {
                                    best = s[j]
                                    final = j
                                }
                                // `s` may now be the other buffer: the caller only needs `final`
                                // and the back pointers, so the swap is not undone.
                              }
                            }
                        }
                    }
                }
            }
        }
        guard final >= 0 else { return nil }
        return Viterbi.backtrack(last: final, length: length, back: work.back, stride: l)
    }

    /// One step of `decode` for an `adjacent` mask, 16 labels at a time: every label takes the
    /// step's best previous label (`best`, `arg`), except a restricted label `j`, which takes the
    /// better of `j - 1` and `j` (ties to `j - 1`; `s[-1]` is -inf), exactly as the pair loop of
    /// `decode` does; then `nx = that + e`, back pointers into `bt`.
    private static func adjacentStep(_ s: UnsafeMutablePointer<Float>, _ nx: UnsafeMutablePointer<Float>,
                                     _ bt: UnsafeMutablePointer<Int32>, _ e: UnsafePointer<Float>,
                                     labels l: Int, best: Float, arg: Int32, lanes: UnsafePointer<Float>) {
        let vb = SIMD16<Float>(repeating: best), va = SIMD16<Int32>(repeating: arg)
        let zero = SIMD16<Float>()
        var index = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let full = l / 16 * 16
        var j0 = 0
        while j0 < full {
            let pair = Viterbi.better(SIMDMemory.load(s + j0 - 1), index &- 1, SIMDMemory.load(s + j0), index)
            // A float lane mask: the same comparison on Int32 lanes became a scalar loop.
            let restricted = SIMDMemory.load(lanes + j0) .> zero
            SIMDMemory.store(vb.replacing(with: pair.score, where: restricted) + SIMDMemory.load(e + j0),
                             nx + j0)
            UnsafeMutableRawPointer(bt + j0).storeBytes(of: va.replacing(with: pair.from, where: restricted),
                                                        as: SIMD16<Int32>.self)
            index &+= 16
            j0 += 16
        }
        for j in full..<l {
            let pair = lanes[j] != 0 ? Viterbi.better(s[j - 1], Int32(j - 1), s[j], Int32(j))
                : (score: best, from: arg)
            nx[j] = pair.score + e[j]
            bt[j] = pair.from
        }
    }
}
