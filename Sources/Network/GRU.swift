import Kernels

/// One direction of a gated recurrent unit layer (Cho et al. 2014) over a `SequenceLayout` (no
/// padding rows), in the formulation of cuDNN and PyTorch: the reset gate scales the recurrent
/// product `h_prev·Uₙᵀ + bₕ`, not `h_prev` itself.
///
/// Per token, with `x` `[input]`, `h_prev` `[H]` (zero at the first step), weights `W`
/// `[3H, input]` and `U` `[3H, H]` whose row blocks are `r, z, n`, input-side bias `b` `[3H]`
/// and recurrent-side candidate bias `bₕ` `[H]`:
///
///     gx = x·Wᵀ + b                       [3H]  (blocks gx_r, gx_z, gx_n)
///     gh = h_prev·Uᵀ                      [3H]  (blocks gh_r, gh_z, gh_n)
///     r  = σ(gx_r + gh_r)                 [H]   reset gate
///     z  = σ(gx_z + gh_z)                 [H]   update gate
///     n  = tanh(gx_n + r ⊙ (gh_n + bₕ))   [H]   candidate
///     h  = (1 - z) ⊙ n + z ⊙ h_prev        [H]
///
/// (PyTorch's separate recurrent biases of r and z add to `b` and are folded into it.)
/// `reversed` runs right to left: each sequence starts at its own last token.
///
/// As in `LSTM`, the input side of all tokens is one matrix product (or, for inputs given as
/// sums of table rows, one product over the table's rows, gathered per token); each step then
/// multiplies `h_prev·Uᵀ` for the active prefix of sequences with the packed `Uᵀ` and applies
/// the fused `GRUCell`. Forward keeps what backward needs (activated gates, `gh_n + bₕ`,
/// previous states) in buffers reused across batches.
public final class GRU: RecurrentDirection {
    /// Input size per token.
    public let input: Int
    /// Hidden (and output) size `H`.
    public let hidden: Int
    /// `[3H, input]`, gate blocks `r, z, n`.
    public let w: Parameter
    /// `[3H, H]`, gate blocks `r, z, n`.
    public let u: Parameter
    /// `[3H]` input-side bias (the reset and update gates' only bias).
    public let b: Parameter
    /// `[H]` recurrent-side candidate bias `bₕ`, scaled by the reset gate.
    public let bh: Parameter
    /// `3 * hidden`: the gate blocks r, z, n.
    public var gateWidth: Int { 3 * hidden }
    /// `[w, u, b, bh]`.
    public var parameters: [Parameter] { [w, u, b, bh] }

    // GrowableBuffers, in "step order" as in `LSTM` (row offsets[s] + i is slot i at step s).
    private let xh = GrowableBuffer()         // [count, input + H]: x_t, then h_{t-1} (0 at t = 0);
                                              // [count, H] h_{t-1} alone after a table forward
    private let gates = GrowableBuffer()      // [count, 3H] input side, then activated r, z, n
    private let recurrent = GrowableBuffer()  // [count, 3H] h_{t-1}·Uᵀ, then its n block gh_n + bₕ
    private let hidden_ = GrowableBuffer()    // [count, H] h_t
    private let dyStep = GrowableBuffer()     // [count, H] output gradient in step order (reversed)
    private let dGates = GrowableBuffer()     // [count, 3H] gradient of the input side
    private let dRecurrent = GrowableBuffer() // [count, 3H] gradient of the recurrent side
    private let dhState = GrowableBuffer()    // [batch, H] dL/dh_{t-1} carried to the previous step
    private let dxStep = GrowableBuffer()     // [count, input] dGates·W in step order
    private let dWeights = GrowableBuffer()   // [3H, max(input, H)] a weight gradient of one pass
    private let packedW: PackedWeight           // op(B) = Wᵀ, [input, 3H], for x·Wᵀ
    private let packedU: PackedWeight           // op(B) = Uᵀ, [H, 3H], for h·Uᵀ
    private let packedUBackward: PackedWeight   // op(B) = U, [3H, H], for dRecurrent·U
    private let packedWBackward: PackedWeight   // op(B) = W, [3H, input], for dGates·W
    private var layout = SequenceLayout(lengths: [])
    private var reversed = false
    // Inputs given as table rows (`forward(table:…)`); empty after a dense `forward`.
    private let tableInput = TableInput()  // the input side of `forward(table:…)`

    /// Weights uniform in `±1/sqrt(hidden)`, biases zero.
    public init(name: String, input: Int, hidden: Int, generator: inout SplitMix64) {
        self.input = input
        self.hidden = hidden
        let bound = 1 / Float(max(hidden, 1)).squareRoot()
        w = Parameter(name: name + ".w", shape: [3 * hidden, input], uniform: bound, generator: &generator)
        u = Parameter(name: name + ".u", shape: [3 * hidden, hidden], uniform: bound, generator: &generator)
        b = Parameter(name: name + ".b", shape: [3 * hidden])
        bh = Parameter(name: name + ".bh", shape: [hidden])
        packedW = PackedWeight(w, transposed: true)
        packedU = PackedWeight(u, transposed: true)
        packedUBackward = PackedWeight(u, transposed: false)
        packedWBackward = PackedWeight(w, transposed: false)
    }

    /// Number of tokens in the last `forward`.
    public var lastCount: Int { layout.count }

    /// Whether the last forward pass was `forward(table:…)` over at least one token.
    public var usedTable: Bool { tableInput.isUsed && layout.count > 0 }

    /// Layout row of step-order row `k`.
    @inline(__always)
    private func layoutRow(_ k: Int) -> Int { reversed ? Int(layout.reversedRows[k]) : k }

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
        tableInput.clear()
        let n = layout.count, h3 = 3 * hidden
        guard n > 0 else { return }
        // Inputs in step order, next to the previous hidden state: [x_t | h_{t-1}] per row.
        let ldxh = input + hidden
        let xh = self.xh.reserve(n * ldxh)
        for k in 0..<n { (xh + k * ldxh).update(from: x + layoutRow(k) * ldx, count: input) }
        let gates = self.gates.reserve(n * h3)
        b.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            for r in 0..<n { (gates + r * h3).update(from: bias, count: h3) }
        }
        // Input side of every token at once: gates += x·Wᵀ   ([count, in]·[in, 3H]).
        Gemm.multiply(m: n, a: xh, lda: ldxh, packed: packedW.current(), c: gates, ldc: h3, accumulate: true)
        recurrence(states: xh + input, ld: ldxh, y: y, ldy: ldy)
    }

    /// `forward` for inputs that are sums of table rows: token `r`'s input (layout row `r`) is
    /// `Σ_j table[indices[j][r]]`. The input side is then `[rows, input]·[input, 3H]` instead of
    /// `[count, input]·[input, 3H]`, and `backward(tableGradient:…)` sums the gate gradients
    /// per row before multiplying. The same outputs as `forward` on the summed rows up to float
    /// rounding.
    /// - Parameters:
    ///   - table: `[rows, ldt]`, columns `0..<input` read (copied: it may change afterwards).
    ///   - indices: per block, `[count]` table rows in layout order; a row outside `0..<rows`
    ///     adds nothing (a zero vector), and a missing block (shorter array) likewise.
    ///   - layout, reversed, y, ldy: as for `forward`.
    public func forward(table: UnsafePointer<Float>, ldt: Int, rows: Int, indices: [[Int32]],
                        layout: SequenceLayout, reversed: Bool, y: UnsafeMutablePointer<Float>, ldy: Int) {
        self.layout = layout
        self.reversed = reversed
        let n = layout.count
        tableInput.project(table: table, ldt: ldt, rows: rows, input: input, indices: indices, count: n,
                           layoutRow: layoutRow, weight: packedW.current(), bias: b, width: 3 * hidden,
                           gates: gates.reserve(max(n, 1) * 3 * hidden))
        guard n > 0 else { return }
        recurrence(states: self.xh.reserve(n * hidden), ld: hidden, y: y, ldy: ldy)
    }

    /// The steps of `forward` once `gates` holds every token's input side (step order): each
    /// step multiplies `h_{s-1}·Uᵀ` into `recurrent` (zeros at the first step), applies the cell,
    /// keeps `h_{t-1}` of each row in `states` (`[count, ld]`, columns `0..<H`, for `dU`) and
    /// writes `h` to `y`.
    private func recurrence(states: UnsafeMutablePointer<Float>, ld: Int, y: UnsafeMutablePointer<Float>,
                            ldy: Int) {
        let n = layout.count, h = hidden, h3 = 3 * hidden
        let gates = self.gates.pointer, gh = recurrent.reserve(n * h3), hs = hidden_.reserve(n * h)
        let packedU = self.packedU.current()
        let first = layout.batchSizes[0]
        for k in 0..<first { (states + k * ld).update(repeating: 0, count: h) }
        gh.update(repeating: 0, count: first * h3)
        bh.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            for s in 0..<layout.steps {
                let bs = layout.batchSizes[s], o = layout.offsets[s]
                var hPrev: UnsafePointer<Float>?
                if s > 0 {
                    let p = layout.offsets[s - 1]
                    // gh_s = h_{s-1}·Uᵀ   ([bs, H]·[H, 3H])
                    Gemm.multiply(m: bs, a: hs + p * h, lda: h, packed: packedU, c: gh + o * h3, ldc: h3)
                    for i in 0..<bs { (states + (o + i) * ld).update(from: hs + (p + i) * h, count: h) }
                    hPrev = UnsafePointer(hs + p * h)
                }
                GRUCell.forward(batch: bs, hidden: h, gates: gates + o * h3, ldGates: h3,
                                hiddenGates: gh + o * h3, ldHiddenGates: h3, hiddenBias: bias,
                                hPrev: hPrev, ldhPrev: h, h: hs + o * h, ldh: h)
            }
        }
        for k in 0..<n { (y + layoutRow(k) * ldy).update(from: hs + k * h, count: h) }
    }

    /// Rows of the input projection computed at once by `infer` (as for `LSTM`).
    public static let inferenceChunkRows = LSTM.inferenceChunkRows

    /// The same outputs as `forward`, bit for bit, keeping nothing for `backward` (a following
    /// `backward` does nothing): memory is `O(batch · 3H + chunk · (3H + input))` floats.
    /// - Parameters:
    ///   - x: `[count, ldx]` inputs in layout order, columns `0..<input` read.
    ///   - layout: the batch layout; `count` rows.
    ///   - reversed: read each sequence from its last token to its first.
    ///   - y: `[count, ldy]`, columns `0..<hidden` receive `h` for each token (the token's own row).
    ///   - scratch: work buffers to use (e.g. shared by the layers of a network); nil uses this
    ///     layer's own.
    ///   - chunkRows: rows of input projection per GEMM (tests use small values).
    public func infer(x: UnsafePointer<Float>, ldx: Int, layout: SequenceLayout, reversed: Bool,
                      y: UnsafeMutablePointer<Float>, ldy: Int, scratch: RecurrentScratch? = nil,
                      chunkRows: Int = GRU.inferenceChunkRows) {
        let packedW = self.packedW.current(), input = self.input, h3 = 3 * hidden
        let inputs = scratch?.inputs ?? xh
        let xs = reversed ? inputs.reserve(Self.chunkLimit(layout, chunkRows) * input) : inputs.pointer
        b.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            recur(layout: layout, reversed: reversed, y: y, ldy: ldy, scratch: scratch, chunkRows: chunkRows) {
                r0, m, gates in
                for r in 0..<m { (gates + r * h3).update(from: bias, count: h3) }
                if reversed {
                    for r in 0..<m {
                        (xs + r * input).update(from: x + Int(layout.reversedRows[r0 + r]) * ldx, count: input)
                    }
                    Gemm.multiply(m: m, a: xs, lda: input, packed: packedW, c: gates, ldc: h3, accumulate: true)
                } else {
                    Gemm.multiply(m: m, a: x + r0 * ldx, lda: ldx, packed: packedW, c: gates, ldc: h3,
                                  accumulate: true)
                }
            }
        }
    }

    /// `infer` for a first layer whose input is a concatenation of embedding rows, with the input
    /// side looked up in `projection` (built for this layer) instead of multiplied: the same
    /// outputs as `infer` on the gathered embeddings up to float rounding.
    /// - Parameters:
    ///   - ids: one array per block of `projection.embeddings`, each `[count]` symbol ids in
    ///     layout order.
    ///   - layout: the batch layout; `count` rows.
    ///   - y: `[count, ldy]`, columns `0..<hidden` receive `h` for each token.
    ///   - scratch, chunkRows: as for `infer`.
    /// Writes nothing when `projection` belongs to another layer or `ids` do not match it.
    public func infer(projection: InputProjection, ids: [[Int32]], layout: SequenceLayout, reversed: Bool,
                      y: UnsafeMutablePointer<Float>, ldy: Int, scratch: RecurrentScratch? = nil,
                      chunkRows: Int = GRU.inferenceChunkRows) {
        guard projection.layer === self, ids.count == projection.embeddings.count,
              ids.allSatisfy({ $0.count >= layout.count }) else { return }
        let h3 = 3 * hidden
        withPointers(ids) { pointers in
            recur(layout: layout, reversed: reversed, y: y, ldy: ldy, scratch: scratch, chunkRows: chunkRows) {
                r0, m, gates in
                if reversed {
                    layout.reversedRows.withUnsafeBufferPointer { rows in
                        projection.project(ids: pointers, rows: m, layoutRow: { Int(rows[r0 + $0]) },
                                           gates: gates, ldGates: h3)
                    }
                } else {
                    projection.project(ids: pointers, rows: m, layoutRow: { r0 + $0 }, gates: gates, ldGates: h3)
                }
            }
        }
    }

    /// Most rows of input projection `recur` asks for at once: `chunkRows`, or one whole step
    /// when the first step is larger.
    private static func chunkLimit(_ layout: SequenceLayout, _ chunkRows: Int) -> Int {
        max(chunkRows, layout.batchSizes.first ?? 0)
    }

    /// The packed `Wᵀ` (`[input, 3H]`), up to date with `w`.
    public func packedInput() -> PackedMatrix { packedW.current() }

    /// The recurrence of `infer`: chunks of whole steps (at most `chunkRows` rows, at least one
    /// step) get their input side from `project(r0, m, gates)` (step-order rows `r0..<r0 + m`
    /// into `gates`, `[m, 3H]`), then each step multiplies `h_{s-1}·Uᵀ` and applies the cell,
    /// exactly as `recurrence` does.
    private func recur(layout: SequenceLayout, reversed: Bool, y: UnsafeMutablePointer<Float>, ldy: Int,
                       scratch: RecurrentScratch?, chunkRows: Int,
                       project: (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        self.layout = SequenceLayout(lengths: [])
        self.reversed = reversed
        tableInput.clear()
        let n = layout.count, h = hidden, h3 = 3 * hidden, steps = layout.steps
        guard n > 0 else { return }
        let batch = layout.batchSizes[0], limit = Self.chunkLimit(layout, chunkRows)
        let packedU = self.packedU.current()
        // Work buffers: a chunk of input-side gates, the recurrent side of one step, the state.
        let gates = (scratch?.gates ?? self.gates).reserve(limit * h3)
        let gh = (scratch?.recurrent ?? recurrent).reserve(batch * h3)
        let hState = (scratch?.states ?? hidden_).reserve(batch * h)
        bh.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            var s0 = 0
            while s0 < steps {
                // Steps s0..<s1, rows r0..<r1 in step order.
                let r0 = layout.offsets[s0]
                var s1 = s0 + 1
                while s1 < steps && layout.offsets[s1] + layout.batchSizes[s1] - r0 <= limit { s1 += 1 }
                let r1 = s1 < steps ? layout.offsets[s1] : n, m = r1 - r0
                project(r0, m, gates)
                for s in s0..<s1 {
                    let bs = layout.batchSizes[s], o = layout.offsets[s], g = gates + (o - r0) * h3
                    // Left to right, step s-1's states are rows offsets[s-1]... of y, in slot order;
                    // right to left they are in hState (updated in place).
                    let state: UnsafePointer<Float> = reversed ? UnsafePointer(hState)
                        : UnsafePointer(y + layout.offsets[max(s - 1, 0)] * ldy)
                    if s > 0 {
                        // gh = h_{s-1}·Uᵀ for the active prefix of slots   ([bs, H]·[H, 3H]).
                        Gemm.multiply(m: bs, a: state, lda: reversed ? h : ldy, packed: packedU, c: gh, ldc: h3)
                    } else {
                        gh.update(repeating: 0, count: bs * h3)
                    }
                    GRUCell.forward(batch: bs, hidden: h, gates: g, ldGates: h3, hiddenGates: gh,
                                    ldHiddenGates: h3, hiddenBias: bias,
                                    hPrev: s > 0 ? state : nil, ldhPrev: reversed ? h : ldy,
                                    h: reversed ? hState : y + o * ldy, ldh: reversed ? h : ldy)
                    if reversed {
                        for i in 0..<bs {
                            (y + Int(layout.reversedRows[o + i]) * ldy).update(from: hState + i * h, count: h)
                        }
                    }
                }
                s0 = s1
            }
        }
    }

    /// Back-propagates through the last `forward`: accumulates into `w.grad`, `u.grad`, `b.grad`,
    /// `bh.grad` and writes (or adds, when `accumulate`) the input gradient.
    /// - Parameters:
    ///   - x: the same input as in `forward`, `[count, ldx]` (a copy taken by `forward` is used).
    ///   - dy: `[count, lddy]` gradient of this direction's outputs (columns `0..<hidden`).
    ///   - dx: `[count, lddx]` input gradient (columns `0..<input`), or nil when not needed; not
    ///     written after `forward(table:…)` (see `backward(tableGradient:…)`).
    public func backward(x: UnsafePointer<Float>, ldx: Int, dy: UnsafePointer<Float>, lddy: Int,
                         dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulate: Bool) {
        backpropagate(dy: dy, lddy: lddy, dx: tableInput.isUsed ? nil : dx, lddx: lddx,
                      tableGradient: nil, ldt: 0, accumulate: accumulate)
    }

    /// Back-propagates through the last `forward(table:…)`: accumulates the parameter gradients
    /// and writes (or adds, when `accumulate`) the gradient of each table row (the sum over the
    /// tokens and blocks that used it; rows no token used get zeros).
    /// - Parameters:
    ///   - tableGradient: `[rows, ldt]`, columns `0..<input`, or nil when not needed; not
    ///     written after a dense `forward`.
    ///   - dy: `[count, lddy]` gradient of this direction's outputs (columns `0..<hidden`).
    public func backward(tableGradient: UnsafeMutablePointer<Float>?, ldt: Int, dy: UnsafePointer<Float>,
                         lddy: Int, accumulate: Bool) {
        backpropagate(dy: dy, lddy: lddy, dx: nil, lddx: 0,
                      tableGradient: tableInput.isUsed ? tableGradient : nil, ldt: ldt,
                      accumulate: accumulate)
    }

    /// Backward through the steps, last to first: `GRUCell.backward` gives both sides' gate
    /// gradients and `dh_{t-1}`'s direct part `dh ⊙ z`, to which `dRecurrent·U` is added
    /// (`[bs, 3H]·[3H, H]`). Then, over all tokens at once: `db = Σ dGates`,
    /// `dbₕ = Σ dRecurrent_n`, `dU = dRecurrentᵀ·h_{t-1}`, `dW = dGatesᵀ·x` and
    /// `dx = dGates·W` (or the table rows' gradients).
    private func backpropagate(dy: UnsafePointer<Float>, lddy: Int,
                               dx: UnsafeMutablePointer<Float>?, lddx: Int,
                               tableGradient: UnsafeMutablePointer<Float>?, ldt: Int, accumulate: Bool) {
        let n = layout.count, h = hidden, h3 = 3 * hidden
        guard n > 0 else { return }
        let batch = layout.batchSizes[0]
        let tabled = tableInput.isUsed
        // h_{t-1} of each row: after x in the dense forward's [x | h] rows, alone after a table's.
        let ldxh = tabled ? h : input + h, hColumn = tabled ? 0 : input
        var dys = dy, lddys = lddy
        if reversed {
            let buffer = dyStep.reserve(n * h)
            for k in 0..<n { (buffer + k * h).update(from: dy + layoutRow(k) * lddy, count: h) }
            dys = UnsafePointer(buffer)
            lddys = h
        }
        let gates = self.gates.pointer, gh = recurrent.pointer, states = xh.pointer
        let dG = dGates.reserve(n * h3), dGH = dRecurrent.reserve(n * h3)
        let dh = dhState.zeroed(batch * h)
        let packedU = packedUBackward.current()
        for s in stride(from: layout.steps - 1, through: 0, by: -1) {
            let bs = layout.batchSizes[s], o = layout.offsets[s]
            let hPrev: UnsafePointer<Float>? = s > 0 ? UnsafePointer(states + o * ldxh + hColumn) : nil
            GRUCell.backward(batch: bs, hidden: h, gates: gates + o * h3, ldGates: h3,
                             hiddenGates: gh + o * h3, ldHiddenGates: h3, hPrev: hPrev, ldhPrev: ldxh,
                             dh: dys + o * lddys, ldDh: lddys, dhNext: dh, ldDhNext: h,
                             dGates: dG + o * h3, ldDGates: h3, dHiddenGates: dGH + o * h3, ldDHiddenGates: h3)
            guard s > 0 else { continue }
            // dh_{s-1}[0..<bs] = dh ⊙ z + dRecurrent_s · U   ([bs, 3H]·[3H, H]).
            Gemm.multiply(m: bs, a: dGH + o * h3, lda: h3, packed: packedU, c: dh, ldc: h, accumulate: true)
        }
        b.grad.withUnsafeMutableBufferPointer { gb in
            Vector.sumRows(rows: n, columns: h3, dG, ldx: h3, into: base(gb))
        }
        bh.grad.withUnsafeMutableBufferPointer { gb in
            Vector.sumRows(rows: n, columns: h, dGH + 2 * h, ldx: h3, into: base(gb))
        }
        // dU = dRecurrentᵀ · h_{t-1}   ([3H, count]·[count, H]); the first step's rows are zeros.
        let t = dWeights.reserve(h3 * max(input, h))
        Gemm.multiply(transA: true, m: h3, n: h, k: n, a: dGH, lda: h3, b: states + hColumn, ldb: ldxh,
                      c: t, ldc: h)
        withValueAndGrad(u) { _, du in Vector.add(t, to: du, count: h3 * h) }
        if tabled {
            tableInput.backward(dGates: dG, count: n, input: input, width: h3, weight: w, scratch: dWeights,
                                gradient: tableGradient, ldt: ldt, accumulate: accumulate)
            return
        }
        // dW = dGatesᵀ · x   ([3H, count]·[count, input]).
        Gemm.multiply(transA: true, m: h3, n: input, k: n, a: dG, lda: h3, b: states, ldb: ldxh,
                      c: t, ldc: input)
        withValueAndGrad(w) { _, dw in Vector.add(t, to: dw, count: h3 * input) }
        guard let dx else { return }
        // dx = dGates · W   ([count, 3H]·[3H, input]), in step order, then to each token's row.
        let d = dxStep.reserve(n * input)
        Gemm.multiply(m: n, a: dG, lda: h3, packed: packedWBackward.current(), c: d, ldc: input)
        for k in 0..<n {
            let source = d + k * input, destination = dx + layoutRow(k) * lddx
            if accumulate {
                Vector.add(source, to: destination, count: input)
            } else {
                destination.update(from: source, count: input)
            }
        }
    }

}
