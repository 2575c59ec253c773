import Foundation
import Kernels

/// A linear-chain conditional random field over per-token label scores (emissions).
///
/// `score(x, y) = start[y0] + Σ_t emissions[t, y_t] + Σ_{t≥1} transitions[y_{t-1}, y_t] + end[y_last]`,
/// `p(y | x) = exp(score) / Z`. The loss of a sequence is `log Z - score(gold)` (≥ 0).
///
/// `log Z`, the marginals and the exact gradient come from the forward-backward algorithm in
/// scaled probability space: each step is one matrix product of the normalised forward vectors
/// of the active sequences with `exp(transitions - max)`, so a step costs a `[batch, L] · [L, L]`
/// product instead of `L²` exponentials, and the normalisers are carried in log space (no
/// overflow; a label whose emission is far below the best reachable one only underflows to
/// probability 0). Decoding uses `Viterbi` (max-sum in log space).
public final class CRF {
    /// Number of labels `L`.
    public let labels: Int
    /// `[L, L]`: score of label `i` (row) followed by label `j` (column).
    public let transitions: Parameter
    /// `[L]`: score of starting with each label.
    public let start: Parameter
    /// `[L]`: score of ending with each label.
    public let end: Parameter

    private let alpha = Workspace()    // [count, L] normalised forward vectors
    private let beta = Workspace()     // [count, L] backward vectors, alpha·beta = marginals
    private let weights = Workspace()  // [count, L] exp(e - m) where reachable, else 0
    private let scales = Workspace()   // [count] per-row normaliser z
    private let v = Workspace()        // [count, L] weights ⊙ beta / z
    private let expTrans = Workspace() // [L, L] exp(transitions - max), 0 where forbidden
    private let xi = Workspace()       // [L, L] summed pairwise marginals / expTrans
    private let alphaShifted = Workspace() // [count, L] alpha_{t-1} aligned with step t's rows
    private let packedE: PackedMatrix   // op(B) = E, for alpha_{t-1}·E
    private let packedET: PackedMatrix  // op(B) = Eᵀ, for v_t·Eᵀ
    private var endNormalisers: [Float] = []

    /// Transitions uniform in `±0.1`, start and end zero. Parameters `name + ".transitions"`,
    /// `name + ".start"`, `name + ".end"`.
    public init(name: String, labels: Int, generator: inout SplitMix64) {
        self.labels = labels
        transitions = Parameter(name: name + ".transitions", shape: [labels, labels], uniform: 0.1,
                                generator: &generator)
        start = Parameter(name: name + ".start", shape: [labels])
        end = Parameter(name: name + ".end", shape: [labels])
        packedE = PackedMatrix(k: labels, n: labels)
        packedET = PackedMatrix(k: labels, n: labels)
    }

    /// All parameters.
    public var parameters: [Parameter] { [transitions, start, end] }

    /// Runs forward-backward; afterwards `alpha ⊙ beta` holds the marginals and `v` what the
    /// transition gradient needs. Returns `log Z` per sequence in batch order (0 when empty).
    private func forwardBackward(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                                 mask: TransitionMask?) -> [Double] {
        let l = labels, n = layout.count
        var logZ = [Double](repeating: 0, count: layout.lengths.count)
        guard n > 0 else { return logZ }
        let alpha = self.alpha.reserve(n * l), beta = self.beta.reserve(n * l)
        let weights = self.weights.reserve(n * l), scales = self.scales.reserve(n)
        let v = self.v.reserve(n * l), e = expTrans.reserve(l * l)
        let transAllowed = mask?.transitions, startAllowed = mask?.start, endAllowed = mask?.end
        var endE = [Float](repeating: 0, count: l)
        var tmax = -Float.infinity, emax = -Float.infinity
        transitions.value.withUnsafeBufferPointer { tb in
            for k in 0..<(l * l) where (transAllowed?[k] ?? true) && tb[k] > tmax { tmax = tb[k] }
            if !tmax.isFinite { tmax = 0 }
            for k in 0..<(l * l) { e[k] = tb[k] - tmax }
        }
        Activations.exp(e, count: l * l)
        if let transAllowed { for k in 0..<(l * l) where !transAllowed[k] { e[k] = 0 } }
        packedE.pack(b: e, ldb: l)
        packedET.pack(transB: true, b: e, ldb: l)
        end.value.withUnsafeBufferPointer { eb in
            for j in 0..<l where (endAllowed?[j] ?? true) && eb[j] > emax { emax = eb[j] }
            if !emax.isFinite { emax = 0 }
            for j in 0..<l { endE[j] = (endAllowed?[j] ?? true) ? Foundation.exp(eb[j] - emax) : 0 }
        }
        // Step 0: alpha = normalise(exp(start + e_0)).
        start.value.withUnsafeBufferPointer { sb in
            for i in 0..<layout.batchSizes[0] {
                let a = alpha + i * l, em = emissions + i * ld
                var m = -Float.infinity
                for j in 0..<l {
                    a[j] = sb[j] + em[j]
                    if (startAllowed?[j] ?? true) && a[j] > m { m = a[j] }
                }
                if !m.isFinite { m = 0 }
                for j in 0..<l { a[j] -= m }
                Activations.exp(a, count: l)
                if let startAllowed { for j in 0..<l where !startAllowed[j] { a[j] = 0 } }
                var z: Float = 0
                for j in 0..<l { z += a[j] }
                let inv = 1 / z
                for j in 0..<l { a[j] *= inv }
                scales[i] = z
                logZ[layout.order[i]] = Double(m) + Double(Foundation.log(z))
            }
        }
        // Steps t ≥ 1: alpha_t = normalise((alpha_{t-1} · E) ⊙ exp(e_t - m)).
        for t in 1..<max(layout.steps, 1) {
            let bs = layout.batchSizes[t], o = layout.offsets[t]
            Gemm.multiply(m: bs, a: alpha + layout.offsets[t - 1] * l, lda: l, packed: packedE,
                          c: alpha + o * l, ldc: l)
            for i in 0..<bs {
                let r = o + i
                let a = alpha + r * l, w = weights + r * l, em = emissions + r * ld
                var m = -Float.infinity
                for j in 0..<l where a[j] > 0 && em[j] > m { m = em[j] }
                if !m.isFinite { m = 0 }
                for j in 0..<l { w[j] = a[j] > 0 ? em[j] - m : 0 }
                Activations.exp(w, count: l)
                var z: Float = 0
                for j in 0..<l {
                    if !(a[j] > 0) { w[j] = 0 }
                    a[j] *= w[j]
                    z += a[j]
                }
                let inv = 1 / z
                for j in 0..<l { a[j] *= inv }
                scales[r] = z
                logZ[layout.order[i]] += Double(tmax) + Double(m) + Double(Foundation.log(z))
            }
        }
        // End: Z's last factor, and beta at each sequence's last token.
        endNormalisers = [Float](repeating: 1, count: layout.lengths.count)
        for b in 0..<layout.lengths.count where layout.lengths[b] > 0 {
            let r = layout.row(sequence: b, position: layout.lengths[b] - 1)
            let a = alpha + r * l, bt = beta + r * l
            var z: Float = 0
            for j in 0..<l { z += a[j] * endE[j] }
            endNormalisers[b] = z
            logZ[b] += Double(emax) + Double(Foundation.log(z))
            let inv = 1 / z
            for j in 0..<l { bt[j] = endE[j] * inv }
        }
        // Backward: beta_{t-1} = (w_t ⊙ beta_t / z_t) · Eᵀ for sequences still active at t.
        for t in stride(from: layout.steps - 1, through: 1, by: -1) {
            let bs = layout.batchSizes[t], o = layout.offsets[t]
            for r in o..<(o + bs) {
                let w = weights + r * l, bt = beta + r * l, vr = v + r * l
                let inv = 1 / scales[r]
                for j in 0..<l { vr[j] = w[j] * bt[j] * inv }
            }
            Gemm.multiply(m: bs, a: v + o * l, lda: l, packed: packedET,
                          c: beta + layout.offsets[t - 1] * l, ldc: l)
        }
        return logZ
    }

    /// The summed loss `Σ_b (log Z_b - score(gold_b))` of a batch, and its gradient.
    ///
    /// Accumulates `scale * ∂loss/∂θ` into the CRF parameters' `grad` and writes
    /// `scale * ∂loss/∂emissions` to `gradient` (rows in layout order). No mask is applied.
    /// - Parameters:
    ///   - emissions: `[count, ld]` label scores in layout order (columns `0..<labels`).
    ///   - gold: `[count]` gold label ids in layout order, each in `0..<labels`.
    ///   - gradient: `[count, ldg]`, columns `0..<labels` written (may alias `emissions` when
    ///     `ldg == ld`: emissions are read before being overwritten row by row); nil computes the
    ///     loss only and leaves every gradient untouched.
    /// - Returns: the unscaled loss in Double (NaN/Inf if the scores were not finite).
    public func lossAndGradient(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                                gold: UnsafePointer<Int32>, scale: Float,
                                gradient: UnsafeMutablePointer<Float>?, ldg: Int) -> Double {
        let l = labels, n = layout.count
        guard n > 0 else { return 0 }
        let logZ = forwardBackward(emissions: emissions, ld: ld, layout: layout, mask: nil)
        var total = logZ.reduce(0, +)
        // Gold path scores.
        transitions.value.withUnsafeBufferPointer { tb in
            start.value.withUnsafeBufferPointer { sb in
                end.value.withUnsafeBufferPointer { eb in
                    for b in 0..<layout.lengths.count where layout.lengths[b] > 0 {
                        var previous = -1
                        for t in 0..<layout.lengths[b] {
                            let r = layout.row(sequence: b, position: t)
                            let y = Int(gold[r])
                            total -= Double(emissions[r * ld + y])
                            total -= Double(previous < 0 ? sb[y] : tb[previous * l + y])
                            previous = y
                        }
                        total -= Double(eb[previous])
                    }
                }
            }
        }
        guard let gradient else { return total }
        let alpha = self.alpha.pointer, beta = self.beta.pointer, v = self.v.pointer
        let e = expTrans.pointer
        // Pairwise marginals summed over time, divided by E: Σ_t alpha_{t-1}ᵀ · v_t.
        let xi = self.xi.zeroed(l * l)
        if layout.steps > 1 {
            let shifted = alphaShifted.reserve(n * l), first = layout.offsets[1]
            for t in 1..<layout.steps {
                (shifted + layout.offsets[t] * l).update(from: alpha + layout.offsets[t - 1] * l,
                                                         count: layout.batchSizes[t] * l)
            }
            // xi = Σ_{t≥1} alpha_{t-1}ᵀ · v_t   ([L, rows]·[rows, L])
            Gemm.multiply(transA: true, m: l, n: l, k: n - first, a: shifted + first * l, lda: l,
                          b: v + first * l, ldb: l, c: xi, ldc: l)
        }
        withValueAndGrad(transitions) { _, dt in
            for k in 0..<(l * l) { dt[k] += scale * e[k] * xi[k] }
            for b in 0..<layout.lengths.count where layout.lengths[b] > 1 {
                var previous = Int(gold[layout.row(sequence: b, position: 0)])
                for t in 1..<layout.lengths[b] {
                    let y = Int(gold[layout.row(sequence: b, position: t)])
                    dt[previous * l + y] -= scale
                    previous = y
                }
            }
        }
        // Unary marginals -> emission, start and end gradients.
        withValueAndGrad(start) { _, ds in
            withValueAndGrad(end) { _, de in
                for b in 0..<layout.lengths.count where layout.lengths[b] > 0 {
                    let first = layout.row(sequence: b, position: 0)
                    let last = layout.row(sequence: b, position: layout.lengths[b] - 1)
                    for j in 0..<l {
                        ds[j] += scale * alpha[first * l + j] * beta[first * l + j]
                        de[j] += scale * alpha[last * l + j] * beta[last * l + j]
                    }
                    ds[Int(gold[first])] -= scale
                    de[Int(gold[last])] -= scale
                }
            }
        }
        for r in 0..<n {
            let g = gradient + r * ldg, a = alpha + r * l, bt = beta + r * l
            for j in 0..<l { g[j] = scale * a[j] * bt[j] }
            g[Int(gold[r])] -= scale
        }
        return total
    }

    /// `log Z` per sequence (batch order), with forbidden moves removed when `mask` is given.
    public func logPartition(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                             mask: TransitionMask? = nil) -> [Double] {
        forwardBackward(emissions: emissions, ld: ld, layout: layout, mask: mask)
    }

    /// Per-token marginal probabilities `p(y_t = j | x)` under the mask.
    /// - Parameter probabilities: `[count, ldp]`, columns `0..<labels` written, rows in layout order.
    /// - Returns: `log Z` per sequence.
    @discardableResult
    public func marginals(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                          mask: TransitionMask?, probabilities: UnsafeMutablePointer<Float>,
                          ldp: Int) -> [Double] {
        let logZ = forwardBackward(emissions: emissions, ld: ld, layout: layout, mask: mask)
        let alpha = self.alpha.pointer, beta = self.beta.pointer, l = labels
        for r in 0..<layout.count {
            let p = probabilities + r * ldp
            for j in 0..<l { p[j] = alpha[r * l + j] * beta[r * l + j] }
        }
        return logZ
    }

    /// Best label sequence per sequence (batch order) under the mask.
    public func decode(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                       mask: TransitionMask?) -> [[Int32]] {
        transitions.value.withUnsafeBufferPointer { tb in
            start.value.withUnsafeBufferPointer { sb in
                end.value.withUnsafeBufferPointer { eb in
                    Viterbi.decode(scores: emissions, ld: ld, labels: labels, layout: layout,
                                   transitions: base(tb), start: base(sb), end: base(eb), mask: mask)
                }
            }
        }
    }
}
