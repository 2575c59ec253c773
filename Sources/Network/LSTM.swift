import Kernels

/// One direction of a long short-term memory layer over a `SequenceLayout` (no padding rows).
///
/// Gates per token (rows of `[count, 4H]`, column blocks in this order):
/// `i = σ(·)`, `f = σ(·)`, `o = σ(·)`, `g = tanh(·)` of `x·Wᵀ + h_prev·Uᵀ + b`;
/// `c = f ⊙ c_prev + i ⊙ g`, `h = o ⊙ tanh(c)`. Initial `h` and `c` are zero.
/// `reversed` runs right to left: each sequence starts at its own last token.
///
/// The input projection of all tokens is one matrix product; each step then adds `h_prev·Uᵀ`
/// for the active prefix of sequences. Forward keeps what backward needs (activated gates,
/// previous states, `tanh(c)`) in workspaces reused across batches.
public final class LSTM {
    public let input: Int
    public let hidden: Int
    /// `[4H, input]`, gate blocks `i, f, o, g`.
    public let w: Parameter
    /// `[4H, H]`.
    public let u: Parameter
    /// `[4H]`; the forget block starts at 1.
    public let b: Parameter

    // Workspaces, rows in layout order.
    private let gates = Workspace()      // [count, 4H] activated gates i, f, o, g
    private let tanhCell = Workspace()   // [count, H] tanh(c_t)
    private let hPrev = Workspace()      // [count, H] h_{t-1}
    private let cPrev = Workspace()      // [count, H] c_{t-1}
    private let hState = Workspace()     // [batch, H]
    private let cState = Workspace()     // [batch, H]
    private let stepBuffer = Workspace() // [batch, 4H] recurrent part of one step / its gradient
    private let dGates = Workspace()     // [count, 4H] gradient of the gate pre-activations
    private var layout = SequenceLayout(lengths: [])
    private var reversed = false

    /// Weights uniform in `±1/sqrt(hidden)`, biases zero except the forget gate's (1).
    public init(name: String, input: Int, hidden: Int, generator: inout SplitMix64) {
        self.input = input
        self.hidden = hidden
        let bound = 1 / Float(max(hidden, 1)).squareRoot()
        w = Parameter(name: name + ".w", shape: [4 * hidden, input], uniform: bound, generator: &generator)
        u = Parameter(name: name + ".u", shape: [4 * hidden, hidden], uniform: bound, generator: &generator)
        b = Parameter(name: name + ".b", shape: [4 * hidden])
        for k in hidden..<(2 * hidden) { b.value[k] = 1 }
    }

    /// Number of tokens in the last `forward`.
    var lastCount: Int { layout.count }

    @inline(__always)
    private func row(_ s: Int, _ i: Int) -> Int {
        reversed ? Int(layout.reversedRows[layout.offsets[s] + i]) : layout.offsets[s] + i
    }

    /// Runs the layer over all tokens.
    /// - Parameters:
    ///   - x: `[count, ldx]` inputs in layout order, columns `0..<input` read.
    ///   - layout: the batch layout; `count` rows.
    ///   - reversed: read each sequence from its last token to its first.
    ///   - y: `[count, ldy]`, columns `0..<hidden` receive `h` for each token (the token's own row).
    public func forward(x: UnsafePointer<Float>, ldx: Int, layout: SequenceLayout, reversed: Bool,
                        y: UnsafeMutablePointer<Float>, ldy: Int) {
        self.layout = layout
        self.reversed = reversed
        let n = layout.count, h = hidden, h4 = 4 * hidden
        guard n > 0 else { return }
        let batch = layout.batchSizes[0]
        let gates = self.gates.reserve(n * h4)
        let tanhCell = self.tanhCell.reserve(n * h)
        let hPrev = self.hPrev.reserve(n * h)
        let cPrev = self.cPrev.reserve(n * h)
        let hState = self.hState.zeroed(batch * h)
        let cState = self.cState.zeroed(batch * h)
        let step = stepBuffer.reserve(batch * h4)
        w.value.withUnsafeBufferPointer { wb in
            u.value.withUnsafeBufferPointer { ub in
                b.value.withUnsafeBufferPointer { bb in
                    let bias = base(bb)
                    for r in 0..<n { (gates + r * h4).update(from: bias, count: h4) }
                    // Input projection of every token at once: gates[r] += x[r]·Wᵀ.
                    Gemm.multiply(transB: true, m: n, n: h4, k: input, a: x, lda: ldx,
                                  b: base(wb), ldb: input, c: gates, ldc: h4, accumulate: true)
                    for s in 0..<layout.steps {
                        let bs = layout.batchSizes[s]
                        if s > 0 {
                            // step[0..<bs] = h_prev·Uᵀ   ([bs, H] · [H, 4H])
                            Gemm.multiply(transB: true, m: bs, n: h4, k: h, a: hState, lda: h,
                                          b: base(ub), ldb: h, c: step, ldc: h4)
                        }
                        for i in 0..<bs {
                            let r = row(s, i)
                            let gr = gates + r * h4
                            if s > 0 {
                                let sr = step + i * h4
                                for k in 0..<h4 { gr[k] += sr[k] }
                            }
                            Activations.sigmoid(gr, count: 3 * h)
                            Activations.tanh(gr + 3 * h, count: h)
                            let hs = hState + i * h, cs = cState + i * h
                            let hp = hPrev + r * h, cp = cPrev + r * h, tc = tanhCell + r * h
                            hp.update(from: hs, count: h)
                            cp.update(from: cs, count: h)
                            for k in 0..<h {
                                let c = gr[h + k] * cs[k] + gr[k] * gr[3 * h + k]
                                cs[k] = c
                                tc[k] = c
                            }
                            Activations.tanh(tc, count: h)
                            let yr = y + r * ldy
                            for k in 0..<h {
                                let v = gr[2 * h + k] * tc[k]
                                hs[k] = v
                                yr[k] = v
                            }
                        }
                    }
                }
            }
        }
    }

    /// Back-propagates through the last `forward`: accumulates into `w.grad`, `u.grad`, `b.grad`
    /// and writes (or adds, when `accumulate`) the input gradient.
    /// - Parameters:
    ///   - x: the same input as in `forward`, `[count, ldx]`.
    ///   - dy: `[count, lddy]` gradient of this direction's outputs (columns `0..<hidden`).
    ///   - dx: `[count, lddx]` input gradient (columns `0..<input`), or nil when not needed.
    public func backward(x: UnsafePointer<Float>, ldx: Int, dy: UnsafePointer<Float>, lddy: Int,
                         dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulate: Bool) {
        let n = layout.count, h = hidden, h4 = 4 * hidden
        guard n > 0 else { return }
        let batch = layout.batchSizes[0]
        let gates = self.gates.pointer, tanhCell = self.tanhCell.pointer
        let hPrev = self.hPrev.pointer, cPrev = self.cPrev.pointer
        let dG = dGates.reserve(n * h4)
        let dhState = hState.zeroed(batch * h)   // dL/dh carried from step s+1
        let dcState = cState.zeroed(batch * h)   // dL/dc carried from step s+1
        let step = stepBuffer.reserve(batch * h4)
        withValueAndGrad(u) { uv, du in
            for s in stride(from: layout.steps - 1, through: 0, by: -1) {
                let bs = layout.batchSizes[s]
                for i in 0..<bs {
                    let r = row(s, i)
                    let gr = gates + r * h4, dg = dG + r * h4
                    let tc = tanhCell + r * h, cp = cPrev + r * h
                    let dyr = dy + r * lddy
                    let dhs = dhState + i * h, dcs = dcState + i * h
                    for k in 0..<h {
                        let ig = gr[k], fg = gr[h + k], og = gr[2 * h + k], gg = gr[3 * h + k]
                        let dh = dyr[k] + dhs[k]
                        let t = tc[k]
                        let dc = dcs[k] + dh * og * (1 - t * t)
                        dcs[k] = dc * fg
                        dg[k] = dc * gg * ig * (1 - ig)
                        dg[h + k] = dc * cp[k] * fg * (1 - fg)
                        dg[2 * h + k] = dh * t * og * (1 - og)
                        dg[3 * h + k] = dc * ig * (1 - gg * gg)
                    }
                }
                guard s > 0 else { continue }
                // dh_prev[0..<bs] = dGates_s · U   ([bs, 4H] · [4H, H])
                let a: UnsafePointer<Float>
                if reversed {
                    for i in 0..<bs { (step + i * h4).update(from: dG + row(s, i) * h4, count: h4) }
                    a = UnsafePointer(step)
                } else {
                    a = UnsafePointer(dG + layout.offsets[s] * h4)
                }
                Gemm.multiply(m: bs, n: h, k: h4, a: a, lda: h4, b: uv, ldb: h, c: dhState, ldc: h)
            }
            // dU += dGatesᵀ · h_prev   ([4H, count] · [count, H])
            Gemm.multiply(transA: true, m: h4, n: h, k: n, a: dG, lda: h4, b: hPrev, ldb: h,
                          c: du, ldc: h, accumulate: true)
        }
        withValueAndGrad(w) { wv, dw in
            // dW += dGatesᵀ · x   ([4H, count] · [count, input])
            Gemm.multiply(transA: true, m: h4, n: input, k: n, a: dG, lda: h4, b: x, ldb: ldx,
                          c: dw, ldc: input, accumulate: true)
            if let dx {
                // dx (+)= dGates · W   ([count, 4H] · [4H, input])
                Gemm.multiply(m: n, n: input, k: h4, a: dG, lda: h4, b: wv, ldb: input,
                              c: dx, ldc: lddx, accumulate: accumulate)
            }
        }
        b.grad.withUnsafeMutableBufferPointer { gb in
            let db = base(gb)
            for r in 0..<n {
                let dg = dG + r * h4
                for k in 0..<h4 { db[k] += dg[k] }
            }
        }
    }
}
