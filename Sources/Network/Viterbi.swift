/// Max-sum decoding of label sequences over a `SequenceLayout`.
///
/// Score of a path `y`: `start[y0] + Σ_t scores[t, y_t] + Σ_t transitions[y_{t-1}, y_t] + end[y_last]`.
/// Forbidden moves (per the mask) are impossible. If a sequence has no allowed path at all
/// (an inconsistent mask), it is decoded without the mask rather than failing.
public enum Viterbi {
    /// Best path of every sequence.
    /// - Parameters:
    ///   - scores: `[count, ld]` per-token label scores in layout order (columns `0..<labels`).
    ///   - transitions: `[labels, labels]` additive scores (row previous, column next), or nil for 0.
    ///   - start, end: `[labels]` additive scores, or nil for 0.
    ///   - mask: allowed moves, or nil for all.
    /// - Returns: label ids per sequence in batch order (`lengths[b]` each).
    public static func decode(scores: UnsafePointer<Float>, ld: Int, labels: Int, layout: SequenceLayout,
                              transitions: UnsafePointer<Float>?, start: UnsafePointer<Float>?,
                              end: UnsafePointer<Float>?, mask: TransitionMask?) -> [[Int32]] {
        let l = labels
        let negInf = -Float.infinity
        // Combined additive tables with forbidden moves at -inf.
        var trans = [Float](repeating: 0, count: l * l)
        var first = [Float](repeating: 0, count: l)
        var last = [Float](repeating: 0, count: l)
        func fill(masked: Bool) {
            for k in 0..<(l * l) {
                trans[k] = masked && !(mask?.transitions[k] ?? true) ? negInf : (transitions?[k] ?? 0)
            }
            for j in 0..<l {
                first[j] = masked && !(mask?.start[j] ?? true) ? negInf : (start?[j] ?? 0)
                last[j] = masked && !(mask?.end[j] ?? true) ? negInf : (end?[j] ?? 0)
            }
        }
        fill(masked: mask != nil)
        var result = [[Int32]](repeating: [], count: layout.lengths.count)
        var score = [Float](repeating: 0, count: l)
        var next = [Float](repeating: 0, count: l)
        var back = [Int32](repeating: 0, count: (layout.steps) * l)
        for b in 0..<layout.lengths.count {
            let length = layout.lengths[b]
            guard length > 0 else { continue }
            var path = decodeOne(b, length, &score, &next, &back, trans, first, last, scores, ld, l, layout)
            if path == nil && mask != nil {
                fill(masked: false)
                path = decodeOne(b, length, &score, &next, &back, trans, first, last, scores, ld, l, layout)
                fill(masked: true)
            }
            result[b] = path ?? [Int32](repeating: 0, count: length)
        }
        return result
    }

    private static func decodeOne(_ b: Int, _ length: Int, _ score: inout [Float], _ next: inout [Float],
                                  _ back: inout [Int32], _ trans: [Float], _ first: [Float],
                                  _ last: [Float], _ scores: UnsafePointer<Float>, _ ld: Int, _ l: Int,
                                  _ layout: SequenceLayout) -> [Int32]? {
        let e0 = scores + layout.row(sequence: b, position: 0) * ld
        for j in 0..<l { score[j] = first[j] + e0[j] }
        for t in 1..<max(length, 1) {
            let e = scores + layout.row(sequence: b, position: t) * ld
            for j in 0..<l { next[j] = -Float.infinity }
            let bt = (t - 1) * l
            for i in 0..<l {
                let si = score[i]
                guard si > -Float.infinity else { continue }
                let row = i * l
                for j in 0..<l {
                    let v = si + trans[row + j]
                    if v > next[j] {
                        next[j] = v
                        back[bt + j] = Int32(i)
                    }
                }
            }
            for j in 0..<l { score[j] = next[j] + e[j] }
        }
        var best = -Float.infinity
        var arg = -1
        for j in 0..<l {
            let v = score[j] + last[j]
            if v > best {
                best = v
                arg = j
            }
        }
        guard arg >= 0 else { return nil }
        var path = [Int32](repeating: 0, count: length)
        path[length - 1] = Int32(arg)
        var t = length - 1
        while t > 0 {
            path[t - 1] = back[(t - 1) * l + Int(path[t])]
            t -= 1
        }
        return path
    }
}
