import Glibc
import Kernels

/// Max-sum decoding of label sequences over a `SequenceLayout`.
///
/// Score of a path `y`: `start[y0] + Σ_t scores[t, y_t] + Σ_t transitions[y_{t-1}, y_t] + end[y_last]`.
/// Forbidden moves (per the mask) are impossible. If a sequence has no allowed path at all
/// (an inconsistent mask), it is decoded without the mask rather than failing. Without
/// transitions, start, end and mask this is a per-token argmax. Ties go to the lowest label id.
///
/// Cost: a step scans only the previous labels that can still win (those within the largest
/// transition range of the best one; exact, see `Tables`), so `O(L)` per token when the scores
/// are peaked, as a trained model's are, and `O(L²)` at worst (flat scores, wide transitions).
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
        var tables: Tables?
        return decode(scores: scores, ld: ld, labels: labels, layout: layout, transitions: transitions,
                      start: start, end: end, mask: mask, threads: threads, cache: &tables)
    }

    /// `decode` keeping its tables in `cache` and reusing them while they were built from the
    /// same transitions, start and end scores and mask (a CRF decoding batch after batch).
    static func decode(scores: UnsafePointer<Float>, ld: Int, labels: Int, layout: SequenceLayout,
                       transitions: UnsafePointer<Float>?, start: UnsafePointer<Float>?,
                       end: UnsafePointer<Float>?, mask: TransitionMask?, threads: Int,
                       cache: inout Tables?) -> [[Int32]] {
        guard labels > 0 else { return layout.lengths.map { [Int32](repeating: 0, count: $0) } }
        if transitions == nil && start == nil && end == nil && mask == nil {
            return argmax(scores: scores, ld: ld, labels: labels, layout: layout)
        }
        let shared: Tables
        if let cached = cache, cached.matches(transitions: transitions, start: start, end: end, mask: mask) {
            shared = cached
        } else {
            shared = Tables(labels: labels, transitions: transitions, start: start, end: end, mask: mask)
            cache = shared
        }
        // Two groups of sequences (alternate ranks), each with its own copy of the tables' scratch
        // arrays (the large transition table is shared: copy-on-write, never written).
        return inTwoGroups(layout: layout, threads: threads, empty: [],
                           state: { (tables: shared, unmasked: Tables?.none) }) { b, state in
            if let path = state.tables.decode(b, scores: scores, ld: ld, layout: layout) { return path }
            if state.unmasked == nil { state.unmasked = state.tables.withoutMask() }
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
        let groups = Halves.map(threads: layout.order.count > 1 ? threads : 1, group)
        var result = [Path](repeating: empty, count: layout.lengths.count)
        for (b, path) in groups.0 + groups.1 { result[b] = path }
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

    /// The better of two moves into one label, as a left-to-right scan over them gives: `x0`
    /// (from `i0`) unless it is -inf or NaN, then `x1` (from `i1`) when larger; `(-inf, 0)` when
    /// neither counts. Ties go to `i0`.
    @_transparent
    static func better(_ x0: Float, _ i0: Int32, _ x1: Float, _ i1: Int32) -> (score: Float, from: Int32) {
        let first = x0 > -.infinity
        var v = first ? x0 : -.infinity
        var a: Int32 = first ? i0 : 0
        let second = x1 > v
        v = second ? x1 : v
        a = second ? i1 : a
        return (v, a)
    }

    /// `better` for 16 labels at once, lane by lane.
    @_transparent
    static func better(_ x0: SIMD16<Float>, _ i0: SIMD16<Int32>, _ x1: SIMD16<Float>,
                       _ i1: SIMD16<Int32>) -> (score: SIMD16<Float>, from: SIMD16<Int32>) {
        let none = SIMD16<Float>(repeating: -.infinity)
        let first = x0 .> none
        var v = none.replacing(with: x0, where: first)
        var a = SIMD16<Int32>().replacing(with: i0, where: first)
        let second = x1 .> v
        v.replace(with: x1, where: second)
        a.replace(with: i1, where: second)
        return (v, a)
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
    ///
    /// Each step takes, for every next label `j`, the best previous label `i` by
    /// `score[i] + trans[i, j]`. A full scan costs `O(L²)` per token; most steps need far less.
    /// For a *free* column (every label may precede `j`) the best previous label overall, with
    /// score `smax`, already reaches `smax + min_i trans[i, j]`, so a label with
    /// `score[i] < smax - spread` (`spread` = the largest `max_i - min_i` of a free column's
    /// transitions) cannot win or tie there. Only the labels at or above that threshold are
    /// scanned for the free columns; each other column scans its own allowed predecessors. The
    /// result is exactly the full scan's, ties included (candidates are visited in ascending
    /// order); when the threshold keeps more than a quarter of the labels the full scan runs.
    struct Tables {
        let labels: Int
        let padded: Int
        var trans: [Float]   // [labels, padded]
        var first: [Float]   // [labels]
        var last: [Float]    // [labels]
        var score: [Float]   // [1 + padded]: -inf (`s[-1]`), then the scores, padding at -inf
        var next: [Float]    // [1 + padded]
        var back: [Int32] = []
        /// The columns some label may not precede, ascending, with their allowed predecessors
        /// (CSR: `predecessors[predecessorStart[r]..<predecessorStart[r + 1]]`, ascending) and
        /// those moves' transition scores next to them (read in order, not from `trans`).
        let restricted: [Int32]
        let predecessorStart: [Int]
        let predecessors: [Move]
        /// There are restricted columns and each has exactly two predecessors (BIO's I-X): an
        /// unrolled loop.
        let pairs: Bool
        /// Set when, moreover, the two predecessors of every restricted column `j` are `j - 1`
        /// and `j` (each I-X right after its B-X, as in labels sorted by name): those columns
        /// then run 16 at a time (`adjacentPairs`).
        let adjacent: AdjacentMoves?
        /// `scores` `[2, padded]`: `trans[j - 1, j]`, then `trans[j, j]`, for restricted columns
        /// (0 elsewhere); `lanes` `[padded]`: 1 for restricted columns, 0 elsewhere (float lanes:
        /// an Int32 lane comparison compiled to a scalar loop through memory).
        struct AdjacentMoves {
            var scores: [Float]
            var lanes: [Float]
        }
        struct Move {
            var from: Int32
            var score: Float
        }
        /// Largest transition range of a free column, widened by a relative margin that covers
        /// rounding; infinity (never prune) when the transitions are not all finite.
        let spread: Float
        var candidates: [Int32]   // [labels] scratch: the labels a step scans
        /// What the tables were built from (nil: zero scores).
        let source: (transitions: [Float]?, start: [Float]?, end: [Float]?, mask: TransitionMask?)

        init(labels: Int, transitions: UnsafePointer<Float>?, start: UnsafePointer<Float>?,
             end: UnsafePointer<Float>?, mask: TransitionMask?) {
            self.labels = labels
            source = (transitions.map { Array(UnsafeBufferPointer(start: $0, count: labels * labels)) },
                      start.map { Array(UnsafeBufferPointer(start: $0, count: labels)) },
                      end.map { Array(UnsafeBufferPointer(start: $0, count: labels)) }, mask)
            padded = (labels + 15) / 16 * 16
            trans = [Float](repeating: -.infinity, count: labels * padded)
            first = [Float](repeating: 0, count: labels)
            last = [Float](repeating: 0, count: labels)
            score = [Float](repeating: -.infinity, count: 1 + padded)   // score[0] stays -inf: s[-1]
            next = score
            candidates = [Int32](repeating: 0, count: labels)
            // One read of the mask array, written through a buffer pointer: reading
            // `mask?.transitions` per element cost a retain/release pair each (at batch 1 this
            // loop took a third of `biotag tag`'s time).
            let moves = mask?.transitions, p = padded
            var restricted: [Int32] = [], rowStart: [Int] = [], list: [Move] = []
            var spread: Float = 0
            trans.withUnsafeMutableBufferPointer { t in
                for i in 0..<labels {
                    for j in 0..<labels where moves?[i * labels + j] ?? true {
                        t[i * p + j] = transitions?[i * labels + j] ?? 0
                    }
                }
                for j in 0..<labels {
                    if let moves, (0..<labels).contains(where: { !moves[$0 * labels + j] }) {
                        restricted.append(Int32(j))
                        rowStart.append(list.count)
                        for i in 0..<labels where moves[i * labels + j] {
                            list.append(Move(from: Int32(i), score: t[i * p + j]))
                        }
                        continue
                    }
                    var low = Float.infinity, high = -Float.infinity
                    for i in 0..<labels {
                        low = min(low, t[i * p + j])
                        high = max(high, t[i * p + j])
                    }
                    let range = high - low
                    spread = range.isFinite ? max(spread, range + (abs(low) + abs(high)) * 1e-5) : .infinity
                }
            }
            rowStart.append(list.count)
            self.restricted = restricted
            predecessorStart = rowStart
            predecessors = list
            pairs = !restricted.isEmpty
                && (0..<restricted.count).allSatisfy { rowStart[$0 + 1] - rowStart[$0] == 2 }
            if pairs, restricted.indices.allSatisfy({ r in
                list[2 * r].from == restricted[r] - 1 && list[2 * r + 1].from == restricted[r]
            }) {
                var moves = AdjacentMoves(scores: [Float](repeating: 0, count: 2 * padded),
                                          lanes: [Float](repeating: 0, count: padded))
                for (r, j) in restricted.enumerated() {
                    moves.scores[Int(j)] = list[2 * r].score
                    moves.scores[padded + Int(j)] = list[2 * r + 1].score
                    moves.lanes[Int(j)] = 1
                }
                adjacent = moves
            } else {
                adjacent = nil
            }
            self.spread = spread + spread * 1e-5 + Float.leastNormalMagnitude
            for j in 0..<labels {
                first[j] = (mask?.start[j] ?? true) ? (start?[j] ?? 0) : -.infinity
                last[j] = (mask?.end[j] ?? true) ? (end?[j] ?? 0) : -.infinity
            }
        }

        /// True when built from exactly these scores (same values, or both absent; as many as
        /// `init` reads) and mask.
        func matches(transitions: UnsafePointer<Float>?, start: UnsafePointer<Float>?,
                     end: UnsafePointer<Float>?, mask: TransitionMask?) -> Bool {
            func same(_ a: [Float]?, _ b: UnsafePointer<Float>?) -> Bool {
                guard let a, let b else { return a == nil && b == nil }
                // Bitwise: the same bits are the same scores (a generic comparison cost 1 % of a
                // CRF model's tagging time, once per batch).
                return a.withUnsafeBytes { x in
                    guard let p = x.baseAddress else { return true }
                    return memcmp(p, b, x.count) == 0
                }
            }
            return source.mask == mask && same(source.transitions, transitions)
                && same(source.start, start) && same(source.end, end)
        }

        /// The same scores without the mask (the fallback for a sequence the mask allows no path).
        func withoutMask() -> Tables {
            func decode(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> Tables) -> Tables {
                guard let values else { return body(nil) }
                return values.withUnsafeBufferPointer { body($0.baseAddress) }
            }
            return decode(source.transitions) { t in
                decode(source.start) { s in
                    decode(source.end) { e in
                        Tables(labels: labels, transitions: t, start: s, end: e, mask: nil)
                    }
                }
            }
        }

        /// The best allowed path of sequence `b`, or nil when none exists (or scores are NaN).
        mutating func decode(_ b: Int, scores: UnsafePointer<Float>, ld: Int,
                             layout: SequenceLayout) -> [Int32]? {
            let l = labels, p = padded, length = layout.lengths[b]
            if back.count < length * p { back = [Int32](repeating: 0, count: length * p) }
            let e0 = scores + layout.row(sequence: b, position: 0) * ld
            for j in 0..<l { score[1 + j] = first[j] + e0[j] }
            let spread = spread, restricted = restricted
            let predecessorStart = predecessorStart, predecessors = predecessors, pairs = pairs
            let adjacent = adjacent
            score.withUnsafeMutableBufferPointer { sb in
                next.withUnsafeMutableBufferPointer { nb in
                    trans.withUnsafeBufferPointer { tb in
                        back.withUnsafeMutableBufferPointer { bb in
                            candidates.withUnsafeMutableBufferPointer { cb in
                                let s = sb.baseAddress! + 1, nx = nb.baseAddress! + 1, tr = tb.baseAddress!
                                let bk = bb.baseAddress!, cand = cb.baseAddress!
                                for t in 1..<max(length, 1) {
                                    let e = scores + layout.row(sequence: b, position: t) * ld
                                    let bt = bk + t * p
                                    let count = Tables.candidates(s, labels: l, spread: spread, into: cand)
                                    if count * 4 <= l {
                                        Tables.prunedStep(s, nx, tr, bt, cand, count, padded: p,
                                                          restricted: restricted, start: predecessorStart,
                                                          predecessors: predecessors, pairs: pairs,
                                                          adjacent: adjacent)
                                    } else {
                                        Tables.fullStep(s, nx, tr, bt, labels: l, padded: p)
                                    }
                                    var j = 0
                                    while j + 16 <= l {
                                        let v = SIMDMemory.load(nx + j) + SIMDMemory.load(e + j)
                                        SIMDMemory.store(v, s + j)
                                        j += 16
                                    }
                                    while j < l { s[j] = nx[j] + e[j]; j += 1 }
                                }
                            }
                        }
                    }
                }
            }
            var best = -Float.infinity, arg = -1
            for j in 0..<l where score[1 + j] + last[j] > best {
                best = score[1 + j] + last[j]
                arg = j
            }
            guard arg >= 0 else { return nil }
            return Viterbi.backtrack(last: arg, length: length, back: back, stride: p)
        }

        /// Writes the labels with `s[i] >= max(s) - spread` (less a rounding margin) to `out` in
        /// ascending order and returns their number, or `labels + 1` (scan everything) when the
        /// threshold is not finite (no finite score, or no finite spread).
        static func candidates(_ s: UnsafeMutablePointer<Float>, labels l: Int, spread: Float,
                               into out: UnsafeMutablePointer<Int32>) -> Int {
            var lanes = SIMD16<Float>(repeating: -.infinity)
            var i0 = 0
            while i0 + 16 <= l {
                lanes.replace(with: SIMDMemory.load(s + i0), where: SIMDMemory.load(s + i0) .> lanes)
                i0 += 16
            }
            var smax = lanes.max()
            for i in i0..<l where s[i] > smax { smax = s[i] }
            // The margin covers the rounding of the scores' sums, which grow along the sentence.
            let threshold = smax - spread - abs(smax) * 1e-6
            guard threshold.isFinite else { return l + 1 }
            // Blocks of 16 without a candidate (most of them) are skipped after one compare.
            let vt = SIMD16<Float>(repeating: threshold)
            var count = 0
            var b0 = 0
            while b0 < l {
                let b1 = min(b0 + 16, l)
                if b1 - b0 < 16 || any(SIMDMemory.load(s + b0) .>= vt) {
                    for i in b0..<b1 {
                        out[count] = Int32(i)
                        count &+= s[i] >= threshold ? 1 : 0
                    }
                }
                b0 = b1
            }
            return count
        }

        /// The restricted columns of `prunedStep` for an `adjacent` mask, 16 at a time: column `j`
        /// takes the better of `s[j - 1] + trans[j - 1, j]` and `s[j] + trans[j, j]` (ties to
        /// `j - 1`; `s[-1]` is -inf), exactly as the pair loop does, blended over what the
        /// candidates gave. `scores` and `lanes` are those of `AdjacentMoves`.
        static func adjacentPairs(_ s: UnsafeMutablePointer<Float>, _ nx: UnsafeMutablePointer<Float>,
                                  _ bt: UnsafeMutablePointer<Int32>, padded p: Int,
                                  scores: UnsafePointer<Float>, lanes: UnsafePointer<Float>) {
            let zero = SIMD16<Float>()
            var index = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            var j0 = 0
            while j0 < p {
                let previous = SIMDMemory.load(s + j0 - 1) + SIMDMemory.load(scores + j0)
                let own = SIMDMemory.load(s + j0) + SIMDMemory.load(scores + p + j0)
                let best = Viterbi.better(previous, index &- 1, own, index)
                let pair = SIMDMemory.load(lanes + j0) .> zero
                SIMDMemory.store(SIMDMemory.load(nx + j0).replacing(with: best.score, where: pair), nx + j0)
                let old = UnsafeRawPointer(bt + j0).loadUnaligned(as: SIMD16<Int32>.self)
                UnsafeMutableRawPointer(bt + j0).storeBytes(of: old.replacing(with: best.from, where: pair),
                                                            as: SIMD16<Int32>.self)
                index &+= 16
                j0 += 16
            }
        }

        /// The step over every previous label, for all padded columns.
        static func fullStep(_ s: UnsafeMutablePointer<Float>, _ nx: UnsafeMutablePointer<Float>,
                             _ tr: UnsafePointer<Float>, _ bt: UnsafeMutablePointer<Int32>,
                             labels l: Int, padded p: Int) {
            var j0 = 0
            while j0 < p {
                // Four independent running maxima (previous labels i ≡ 0..3 mod 4) hide the
                // compare/select latency; merged with ties to the lowest i, as a single
                // left-to-right scan would give.
                var best0 = SIMD16<Float>(repeating: -.infinity), best1 = best0
                var best2 = best0, best3 = best0
                var arg0 = SIMD16<Int32>(repeating: 0), arg1 = arg0, arg2 = arg0, arg3 = arg0
                @inline(__always)
                func relax(_ i: Int, _ best: inout SIMD16<Float>, _ arg: inout SIMD16<Int32>) {
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
                UnsafeMutableRawPointer(bt + j0).storeBytes(of: arg, as: SIMD16<Int32>.self)
                j0 += 16
            }
        }

        /// The step over the `count` candidates `cand` (ascending) for every column, then each
        /// restricted column again over its own allowed predecessors.
        static func prunedStep(_ s: UnsafeMutablePointer<Float>, _ nx: UnsafeMutablePointer<Float>,
                               _ tr: UnsafePointer<Float>, _ bt: UnsafeMutablePointer<Int32>,
                               _ cand: UnsafeMutablePointer<Int32>, _ count: Int, padded p: Int,
                               restricted: [Int32], start predecessorStart: [Int],
                               predecessors: [Tables.Move], pairs: Bool,
                               adjacent: AdjacentMoves?) {
            var j0 = 0
            while j0 < p {
                // Two running maxima (even and odd candidates), merged with ties to the lowest i.
                var best0 = SIMD16<Float>(repeating: -.infinity), best1 = best0
                var arg0 = SIMD16<Int32>(repeating: 0), arg1 = arg0
                var k = 0
                while k + 2 <= count {
                    let i = cand[k], i1 = cand[k + 1]
                    Viterbi.relax(s[Int(i)], tr + Int(i) * p + j0, i, &best0, &arg0)
                    Viterbi.relax(s[Int(i1)], tr + Int(i1) * p + j0, i1, &best1, &arg1)
                    k += 2
                }
                if k < count {
                    let i = cand[k]
                    Viterbi.relax(s[Int(i)], tr + Int(i) * p + j0, i, &best0, &arg0)
                }
                Viterbi.merge(best1, arg1, into: &best0, &arg0)
                SIMDMemory.store(best0, nx + j0)
                UnsafeMutableRawPointer(bt + j0).storeBytes(of: arg0, as: SIMD16<Int32>.self)
                j0 += 16
            }
            if let adjacent {
                adjacent.scores.withUnsafeBufferPointer { pb in
                    adjacent.lanes.withUnsafeBufferPointer { lb in
                        guard let scores = pb.baseAddress, let lanes = lb.baseAddress else { return }
                        adjacentPairs(s, nx, bt, padded: p, scores: scores, lanes: lanes)
                    }
                }
                return
            }
            restricted.withUnsafeBufferPointer { rb in
                predecessors.withUnsafeBufferPointer { lb in
                    predecessorStart.withUnsafeBufferPointer { sb in
                        if pairs {
                            // Two predecessors each (I-X after B-X or I-X under BIO; the CSR
                            // rows are then consecutive pairs): the loop below, unrolled.
                            for r in 0..<rb.count {
                                let m0 = lb[2 * r], m1 = lb[2 * r + 1]
                                let best = Viterbi.better(s[Int(m0.from)] + m0.score, m0.from,
                                                          s[Int(m1.from)] + m1.score, m1.from)
                                let j = Int(rb[r])
                                nx[j] = best.score
                                bt[j] = best.from
                            }
                            return
                        }
                        for r in 0..<rb.count {
                            let j = Int(rb[r])
                            var v = -Float.infinity, a: Int32 = 0
                            for q in sb[r]..<sb[r + 1] {
                                // Selects, not branches: which one wins is data.
                                let move = lb[q], x = s[Int(move.from)] + move.score
                                let better = x > v
                                v = better ? x : v
                                a = better ? move.from : a
                            }
                            nx[j] = v
                            bt[j] = a
                        }
                    }
                }
            }
        }
    }
}
