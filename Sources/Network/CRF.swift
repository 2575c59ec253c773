import Glibc
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
///
/// A batch is always split the same way into two groups of sequences (alternate ranks, so both
/// get similar lengths); with `threads >= 2` the groups run concurrently. Results do not depend
/// on `threads`.
public final class CRF {
    /// Number of labels `L`.
    public let labels: Int
    /// `[L, L]`: score of label `i` (row) followed by label `j` (column).
    public let transitions: Parameter
    /// `[L]`: score of starting with each label.
    public let start: Parameter
    /// `[L]`: score of ending with each label.
    public let end: Parameter
    /// 1 runs the two groups one after the other; 2 or more runs them concurrently.
    public var threads = 1

    private let tables: CRFTables
    private let engines: [CRFEngine]
    /// Decoding tables, kept while the parameters and the mask stay the same.
    private var viterbiTables: Viterbi.Tables?

    /// Transitions uniform in `±0.1`, start and end zero. Parameters `name + ".transitions"`,
    /// `name + ".start"`, `name + ".end"`.
    public init(name: String, labels: Int, generator: inout SplitMix64) {
        self.labels = labels
        transitions = Parameter(name: name + ".transitions", shape: [labels, labels], uniform: 0.1,
                                generator: &generator)
        start = Parameter(name: name + ".start", shape: [labels])
        end = Parameter(name: name + ".end", shape: [labels])
        tables = CRFTables(labels: labels)
        engines = [CRFEngine(tables: tables), CRFEngine(tables: tables)]
    }

    /// All parameters.
    public var parameters: [Parameter] { [transitions, start, end] }

    /// Splits the batch into the two groups, gathers each group's emission rows and runs `body`
    /// for each group (concurrently with 2 threads).
    private func split(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                       _ body: (Int, CRFEngine) -> Void) {
        let l = labels
        for (g, engine) in engines.enumerated() {
            let members = stride(from: g, to: layout.order.count, by: 2).map { layout.order[$0] }
            engine.sequences = members
            engine.layout = SequenceLayout(lengths: members.map { layout.lengths[$0] })
            var rows = [Int](repeating: 0, count: engine.layout.count)
            for (k, b) in members.enumerated() {
                for t in 0..<layout.lengths[b] {
                    rows[engine.layout.row(sequence: k, position: t)] = layout.row(sequence: b, position: t)
                }
            }
            engine.rows = rows
            let local = engine.emissions.reserve(max(rows.count, 1) * l)
            for (r, global) in rows.enumerated() {
                (local + r * l).update(from: emissions + global * ld, count: l)
            }
        }
        Halves.run(threads: threads) { body($0, engines[$0]) }
    }

    /// Brings the shared exp tables up to date with the parameters and `mask`.
    private func prepareTables(mask: TransitionMask?) {
        transitions.value.withUnsafeBufferPointer { tb in
            end.value.withUnsafeBufferPointer { eb in
                start.value.withUnsafeBufferPointer { sb in
                    tables.prepare(transitions: base(tb), start: base(sb), end: base(eb), mask: mask)
                }
            }
        }
    }

    /// The summed loss `Σ_b (log Z_b - score(gold_b))` of a batch, and its gradient.
    ///
    /// Accumulates `scale * ∂loss/∂θ` into the CRF parameters' `grad` and writes
    /// `scale * ∂loss/∂emissions` to `gradient` (rows in layout order). No mask is applied.
    /// - Parameters:
    ///   - emissions: `[count, ld]` label scores in layout order (columns `0..<labels`).
    ///   - gold: `[count]` gold label ids in layout order, each in `0..<labels`.
    ///   - gradient: `[count, ldg]`, columns `0..<labels` written (may alias `emissions` when
    ///     `ldg == ld`); nil computes the loss only and leaves every gradient untouched.
    /// - Returns: the unscaled loss in Double (NaN/Inf if the scores were not finite).
    public func lossAndGradient(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                                gold: UnsafePointer<Int32>, scale: Float,
                                gradient: UnsafeMutablePointer<Float>?, ldg: Int) -> Double {
        guard layout.count > 0 else { return 0 }
        prepareTables(mask: nil)
        let l = labels
        var totalsArray = [Double](repeating: 0, count: 2)
        totalsArray.withUnsafeMutableBufferPointer { totals in
        transitions.value.withUnsafeBufferPointer { tb in
            start.value.withUnsafeBufferPointer { sb in
                end.value.withUnsafeBufferPointer { eb in
                    let t = base(tb), s = base(sb), e = base(eb)
                    split(emissions: emissions, ld: ld, layout: layout) { g, engine in
                        var localGold = [Int32](repeating: 0, count: engine.rows.count)
                        for (r, global) in engine.rows.enumerated() { localGold[r] = gold[global] }
                        totals[g] = engine.lossAndGradient(gold: localGold, transitions: t, start: s, end: e,
                                                           scale: scale, withGradient: gradient != nil)
                    }
                }
            }
        }
        }
        let total = totalsArray[0] + totalsArray[1]
        guard let gradient else { return total }
        withValueAndGrad(transitions) { _, dt in
            withValueAndGrad(start) { _, ds in
                withValueAndGrad(end) { _, de in
                    for engine in engines {
                        let p = engine.parameterGradient.pointer
                        Vector.add(p, to: dt, count: l * l)
                        Vector.add(p + l * l, to: ds, count: l)
                        Vector.add(p + l * l + l, to: de, count: l)
                        let local = engine.emissions.pointer
                        for (r, global) in engine.rows.enumerated() {
                            (gradient + global * ldg).update(from: local + r * l, count: l)
                        }
                    }
                }
            }
        }
        return total
    }

    /// `log Z` per sequence (batch order), with forbidden moves removed when `mask` is given.
    public func logPartition(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                             mask: TransitionMask? = nil) -> [Double] {
        var logZ = [Double](repeating: 0, count: layout.lengths.count)
        guard layout.count > 0 else { return logZ }
        prepareTables(mask: mask)
        split(emissions: emissions, ld: ld, layout: layout) { _, engine in engine.forwardBackward() }
        for engine in engines {
            for (k, b) in engine.sequences.enumerated() { logZ[b] = engine.logZ[k] }
        }
        return logZ
    }

    /// Per-token marginal probabilities `p(y_t = j | x)` under the mask.
    /// - Parameter probabilities: `[count, ldp]`, columns `0..<labels` written, rows in layout
    ///   order (may alias `emissions` when `ldp == ld`).
    /// - Returns: `log Z` per sequence.
    @discardableResult
    public func marginals(emissions: UnsafePointer<Float>, ld: Int, layout: SequenceLayout,
                          mask: TransitionMask?, probabilities: UnsafeMutablePointer<Float>,
                          ldp: Int) -> [Double] {
        let logZ = logPartition(emissions: emissions, ld: ld, layout: layout, mask: mask)
        let l = labels
        for engine in engines {
            let alpha = engine.alpha.pointer, beta = engine.beta.pointer
            for (r, global) in engine.rows.enumerated() {
                let p = probabilities + global * ldp
                for j in 0..<l { p[j] = alpha[r * l + j] * beta[r * l + j] }
            }
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
                                   transitions: base(tb), start: base(sb), end: base(eb), mask: mask,
                                   threads: threads, cache: &viterbiTables)
                }
            }
        }
    }
}

/// `exp(transitions - max)` (0 where forbidden), packed both ways, and the start/end factors:
/// shared by both engines and rebuilt only when the parameters or the mask change.
final class CRFTables {
    let labels: Int
    let expTrans = GrowableBuffer()          // [L, L] exp(transitions - tmax), 0 where forbidden
    let packedE: PackedMatrix           // op(B) = E, for alpha_{t-1}·E
    let packedET: PackedMatrix          // op(B) = Eᵀ, for v_t·Eᵀ
    private(set) var endE: [Float]      // [L] exp(end - emax), 0 where forbidden
    private(set) var startValues: [Float]
    private(set) var startAllowed: [Bool]?
    private(set) var tmax: Float = 0
    private(set) var emax: Float = 0
    private var key: (transitions: [Float], start: [Float], end: [Float], mask: TransitionMask?)?

    init(labels: Int) {
        self.labels = labels
        packedE = PackedMatrix(k: labels, n: labels)
        packedET = PackedMatrix(k: labels, n: labels)
        endE = [Float](repeating: 0, count: labels)
        startValues = endE
    }

    private static func same(_ a: [Float], _ b: UnsafePointer<Float>) -> Bool {
        for i in a.indices where a[i] != b[i] { return false }
        return true
    }

    /// Rebuilds the tables unless they were built from exactly these values and mask.
    func prepare(transitions: UnsafePointer<Float>, start: UnsafePointer<Float>, end: UnsafePointer<Float>,
                 mask: TransitionMask?) {
        if let key, key.mask == mask, CRFTables.same(key.transitions, transitions),
           CRFTables.same(key.start, start), CRFTables.same(key.end, end) { return }
        let l = labels
        let e = expTrans.reserve(l * l)
        let transAllowed = mask?.transitions, endAllowed = mask?.end
        startAllowed = mask?.start
        tmax = -.infinity
        for k in 0..<(l * l) where (transAllowed?[k] ?? true) && transitions[k] > tmax {
            tmax = transitions[k]
        }
        if !tmax.isFinite { tmax = 0 }
        for k in 0..<(l * l) { e[k] = transitions[k] - tmax }
        Activations.exp(e, count: l * l)
        if let transAllowed { for k in 0..<(l * l) where !transAllowed[k] { e[k] = 0 } }
        packedE.pack(b: e, ldb: l)
        packedET.pack(transB: true, b: e, ldb: l)
        emax = -.infinity
        for j in 0..<l where (endAllowed?[j] ?? true) && end[j] > emax { emax = end[j] }
        if !emax.isFinite { emax = 0 }
        for j in 0..<l {
            endE[j] = (endAllowed?[j] ?? true) ? Glibc.exp(end[j] - emax) : 0
            startValues[j] = start[j]
        }
        key = (Array(UnsafeBufferPointer(start: transitions, count: l * l)),
               Array(UnsafeBufferPointer(start: start, count: l)),
               Array(UnsafeBufferPointer(start: end, count: l)), mask)
    }
}

/// Forward-backward over one group of sequences, with its own buffers (one per thread).
final class CRFEngine {
    let labels: Int
    let tables: CRFTables
    var sequences: [Int] = []               // batch indices of this group's sequences, by rank
    var layout = SequenceLayout(lengths: [])
    var rows: [Int] = []                    // local row -> row of the caller's layout
    var logZ: [Double] = []                 // per local sequence
    let emissions = GrowableBuffer()             // [count, L] gathered emissions, then their gradient
    let alpha = GrowableBuffer()                 // [count, L] normalised forward vectors
    let beta = GrowableBuffer()                  // [count, L] backward vectors; alpha ⊙ beta = marginals
    private let weights = GrowableBuffer()       // [count, L] exp(e - m) where reachable, else 0
    private let scales = GrowableBuffer()        // [count] per-row normaliser z
    private let v = GrowableBuffer()             // [count, L] weights ⊙ beta / z
    private let alphaShifted = GrowableBuffer()  // [count, L] alpha_{t-1} aligned with step t's rows
    let parameterGradient = GrowableBuffer()     // [L*L + 2L] this group's transition, start, end gradient

    init(tables: CRFTables) {
        self.tables = tables
        labels = tables.labels
    }

    /// Forward-backward over `emissions` (local rows); sets `logZ`, `alpha`, `beta`, `v`.
    func forwardBackward() {
        let l = labels, n = layout.count
        logZ = [Double](repeating: 0, count: layout.lengths.count)
        guard n > 0 else { return }
        let em = emissions.pointer
        let alpha = self.alpha.reserve(n * l), beta = self.beta.reserve(n * l)
        let weights = self.weights.reserve(n * l), scales = self.scales.reserve(n)
        let v = self.v.reserve(n * l)
        let startValues = tables.startValues, startAllowed = tables.startAllowed, endE = tables.endE
        let tmax = tables.tmax, emax = tables.emax
        // Step 0: alpha = normalise(exp(start + e_0)).
        for i in 0..<layout.batchSizes[0] {
            let a = alpha + i * l, e = em + i * l
            var m = -Float.infinity
            for j in 0..<l {
                a[j] = startValues[j] + e[j]
                if (startAllowed?[j] ?? true) && a[j] > m { m = a[j] }
            }
            if !m.isFinite { m = 0 }
            for j in 0..<l { a[j] -= m }
            Activations.exp(a, count: l)
            if let startAllowed { for j in 0..<l where !startAllowed[j] { a[j] = 0 } }
            let z = Vector.sum(a, count: l)
            Vector.scale(a, by: 1 / z, count: l)
            scales[i] = z
            logZ[layout.order[i]] = Double(m) + Double(Glibc.log(z))
        }
        // Steps t ≥ 1: alpha_t = normalise((alpha_{t-1} · E) ⊙ exp(e_t - m)).
        for t in 1..<max(layout.steps, 1) {
            let bs = layout.batchSizes[t], o = layout.offsets[t]
            Gemm.multiply(m: bs, a: alpha + layout.offsets[t - 1] * l, lda: l, packed: tables.packedE,
                          c: alpha + o * l, ldc: l)
            for i in 0..<bs {
                let r = o + i
                let a = alpha + r * l, w = weights + r * l, e = em + r * l
                var m = -Float.infinity
                for j in 0..<l where a[j] > 0 && e[j] > m { m = e[j] }
                if !m.isFinite { m = 0 }
                for j in 0..<l { w[j] = a[j] > 0 ? e[j] - m : 0 }
                Activations.exp(w, count: l)
                for j in 0..<l where !(a[j] > 0) { w[j] = 0 }
                Vector.multiply(w, into: a, count: l)
                let z = Vector.sum(a, count: l)
                Vector.scale(a, by: 1 / z, count: l)
                scales[r] = z
                logZ[layout.order[i]] += Double(tmax) + Double(m) + Double(Glibc.log(z))
            }
        }
        // End: Z's last factor, and beta at each sequence's last token.
        for b in 0..<layout.lengths.count where layout.lengths[b] > 0 {
            let r = layout.row(sequence: b, position: layout.lengths[b] - 1)
            let a = alpha + r * l, bt = beta + r * l
            let z = endE.withUnsafeBufferPointer { Vector.dot(a, base($0), count: l) }
            logZ[b] += Double(emax) + Double(Glibc.log(z))
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
            Gemm.multiply(m: bs, a: v + o * l, lda: l, packed: tables.packedET,
                          c: beta + layout.offsets[t - 1] * l, ldc: l)
        }
    }

    /// Loss of this group (Double); with `withGradient`, the emission gradient replaces
    /// `emissions` and the parameter gradient goes to `parameterGradient`.
    func lossAndGradient(gold: [Int32], transitions: UnsafePointer<Float>, start: UnsafePointer<Float>,
                         end: UnsafePointer<Float>, scale: Float, withGradient: Bool) -> Double {
        let l = labels, n = layout.count
        guard n > 0 else {
            parameterGradient.zeroed(l * l + 2 * l)
            return 0
        }
        forwardBackward()
        let em = emissions.pointer
        var total = logZ.reduce(0, +)
        for b in 0..<layout.lengths.count where layout.lengths[b] > 0 {
            var previous = -1
            for t in 0..<layout.lengths[b] {
                let r = layout.row(sequence: b, position: t)
                let y = Int(gold[r])
                total -= Double(em[r * l + y])
                total -= Double(previous < 0 ? start[y] : transitions[previous * l + y])
                previous = y
            }
            total -= Double(end[previous])
        }
        guard withGradient else { return total }
        let alpha = self.alpha.pointer, beta = self.beta.pointer, v = self.v.pointer
        let e = tables.expTrans.pointer
        let grad = parameterGradient.zeroed(l * l + 2 * l)
        let dt = grad, ds = grad + l * l, de = grad + l * l + l
        if layout.steps > 1 {
            // Pairwise marginals summed over time, divided by E: Σ_{t≥1} alpha_{t-1}ᵀ · v_t.
            let shifted = alphaShifted.reserve(n * l), first = layout.offsets[1]
            for t in 1..<layout.steps {
                (shifted + layout.offsets[t] * l).update(from: alpha + layout.offsets[t - 1] * l,
                                                         count: layout.batchSizes[t] * l)
            }
            Gemm.multiply(transA: true, m: l, n: l, k: n - first, a: shifted + first * l, lda: l,
                          b: v + first * l, ldb: l, c: dt, ldc: l)
            for k in 0..<(l * l) { dt[k] *= scale * e[k] }
        }
        for b in 0..<layout.lengths.count where layout.lengths[b] > 0 {
            let first = layout.row(sequence: b, position: 0)
            let last = layout.row(sequence: b, position: layout.lengths[b] - 1)
            for j in 0..<l {
                ds[j] += scale * alpha[first * l + j] * beta[first * l + j]
                de[j] += scale * alpha[last * l + j] * beta[last * l + j]
            }
            ds[Int(gold[first])] -= scale
            de[Int(gold[last])] -= scale
            var previous = Int(gold[first])
            for t in 1..<layout.lengths[b] {
                let y = Int(gold[layout.row(sequence: b, position: t)])
                dt[previous * l + y] -= scale
                previous = y
            }
        }
        for r in 0..<n {
            let g = em + r * l, a = alpha + r * l, bt = beta + r * l
            for j in 0..<l { g[j] = scale * a[j] * bt[j] }
            g[Int(gold[r])] -= scale
        }
        return total
    }
}
