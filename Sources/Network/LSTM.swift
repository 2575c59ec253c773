import Kernels

/// One direction of a long short-term memory layer over a `SequenceLayout` (no padding rows).
///
/// Gates per token (rows of `[count, 4H]`, column blocks in this order):
/// `i = σ(·)`, `f = σ(·)`, `o = σ(·)`, `g = tanh(·)` of `x·Wᵀ + h_prev·Uᵀ + b`;
/// `c = f ⊙ c_prev + i ⊙ g`, `h = o ⊙ tanh(c)`. Initial `h` and `c` are zero.
/// `reversed` runs right to left: each sequence starts at its own last token.
///
/// The input projection of all tokens is one matrix product (or, for inputs given as sums of
/// table rows, one product over the table's rows, gathered per token); each step then adds
/// `h_prev·Uᵀ` for the active prefix of sequences. Forward keeps what backward needs (activated
/// gates, previous states, `tanh(c)`) in buffers reused across batches.
public final class LSTM: RecurrentDirection {
    /// Input size per token.
    public let input: Int
    /// Hidden (and output) size `H`.
    public let hidden: Int
    /// `[4H, input]`, gate blocks `i, f, o, g`.
    public let w: Parameter
    /// `[4H, H]`.
    public let u: Parameter
    /// `[4H]`; the forget block starts at 1.
    public let b: Parameter
    /// `4 * hidden`: the gate blocks i, f, o, g.
    public var gateWidth: Int { 4 * hidden }
    /// `[w, u, b]`.
    public var parameters: [Parameter] { [w, u, b] }

    // GrowableBuffers. "Step order": row offsets[s] + i is slot i (rank i) at step s, so the rows of
    // one step are contiguous for both directions; for the left-to-right direction step order is
    // the layout's row order. The shapes are those of `forward`; `infer` (without an
    // `RecurrentScratch`) borrows xh, gates, cells and hidden_ for a chunk of rows and the [batch, H]
    // state instead.
    private let xh = GrowableBuffer()         // [count, input + H] step order: x_t, then h_{t-1} (0 at t = 0)
    private let gates = GrowableBuffer()      // [count, 4H] activated gates i, f, o, g
    private let cells = GrowableBuffer()      // [count, H] c_t
    private let tanhCells = GrowableBuffer()  // [count, H] tanh(c_t)
    private let hidden_ = GrowableBuffer()    // [count, H] h_t
    private let dWU = GrowableBuffer()        // [4H, input + H] gradient of [W | U] of one backward pass
    // [count, H] output gradient gathered in step order (reversed only)
    private let dyStep = GrowableBuffer()
    private let dGates = GrowableBuffer()     // [count, 4H] gradient of the gate pre-activations
    private let dhState = GrowableBuffer()    // [batch, H + input] dL/dh_{t-1} carried to the previous
                                         // step, then the step's dL/dx (with an input gradient)
    private let dcState = GrowableBuffer()    // [batch, H] dL/dc_{t-1} carried to the previous step
    private let packedW: PackedWeight          // op(B) = Wᵀ, [input, 4H], for x·Wᵀ
    private let packedU: PackedWeight          // op(B) = Uᵀ, [H, 4H], for h·Uᵀ
    private let packedUBackward: PackedWeight  // op(B) = U, [4H, H], for dGates·U
    private let packedUWBackward: PackedWeight // op(B) = [U | W], [4H, H + input], for dGates·[U | W]
    private var layout = SequenceLayout(lengths: [])
    private var reversed = false
    // Inputs given as table rows (`forward(table:…)`); empty after a dense `forward`.
    private let tableInput = TableInput()  // the input side of `forward(table:…)`

    /// Weights uniform in `±1/sqrt(hidden)`, biases zero except the forget gate's (1).
    public init(name: String, input: Int, hidden: Int, generator: inout SplitMix64) {
        self.input = input
        self.hidden = hidden
        let bound = 1 / Float(max(hidden, 1)).squareRoot()
        w = Parameter(name: name + ".w", shape: [4 * hidden, input], uniform: bound, generator: &generator)
        u = Parameter(name: name + ".u", shape: [4 * hidden, hidden], uniform: bound, generator: &generator)
        b = Parameter(name: name + ".b", shape: [4 * hidden])
        for k in hidden..<(2 * hidden) { b.value[k] = 1 }
        packedW = PackedWeight(w, transposed: true)
        packedU = PackedWeight(u, transposed: true)
        packedUBackward = PackedWeight(u, transposed: false)
        packedUWBackward = PackedWeight(sideBySide: [u, w])
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
        let n = layout.count, h4 = 4 * hidden
        guard n > 0 else { return }
        // Inputs in step order, next to the previous hidden state: [x_t | h_{t-1}] per row.
        let ldxh = input + hidden
        let xh = self.xh.reserve(n * ldxh)
        for k in 0..<n { (xh + k * ldxh).update(from: x + layoutRow(k) * ldx, count: input) }
        let gates = self.gates.reserve(n * h4)
        b.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            for r in 0..<n { (gates + r * h4).update(from: bias, count: h4) }
        }
        // Input projection of every token at once: gates += x·Wᵀ   ([count, in]·[in, 4H]).
        Gemm.multiply(m: n, a: xh, lda: ldxh, packed: packedW.current(), c: gates, ldc: h4, accumulate: true)
        recurrence(states: xh + input, ld: ldxh, y: y, ldy: ldy)
    }

    /// `forward` for inputs that are sums of table rows: token `r`'s input (layout row `r`) is
    /// `Σ_j table[indices[j][r]]`, e.g. a first layer fed by embeddings, with a table of the
    /// distinct symbols of the batch, each in its block's columns and zero elsewhere. The input
    /// projection is then `[rows, input]·[input, 4H]` instead of `[count, input]·[input, 4H]`,
    /// and `backward(tableGradient:…)` sums the gate gradients per row before multiplying.
    /// The same outputs as `forward` on the summed rows up to float rounding.
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
                           layoutRow: layoutRow, weight: packedW.current(), bias: b, width: 4 * hidden,
                           gates: gates.reserve(max(n, 1) * 4 * hidden))
        guard n > 0 else { return }
        recurrence(states: self.xh.reserve(n * hidden), ld: hidden, y: y, ldy: ldy)
    }

    /// The steps of `forward` once `gates` holds every token's input projection plus bias (step
    /// order): adds `h_{s-1}·Uᵀ`, applies the cell, keeps `h_{t-1}` of each row in `states`
    /// (`[count, ld]`, columns `0..<H`, for `dU`) and writes `h` to `y`.
    private func recurrence(states: UnsafeMutablePointer<Float>, ld: Int, y: UnsafeMutablePointer<Float>,
                            ldy: Int) {
        let n = layout.count, h = hidden, h4 = 4 * hidden
        let gates = self.gates.pointer, cells = self.cells.reserve(n * h)
        let tanhCells = self.tanhCells.reserve(n * h), hs = hidden_.reserve(n * h)
        let packedU = self.packedU.current()
        for k in 0..<layout.batchSizes[0] { (states + k * ld).update(repeating: 0, count: h) }
        for s in 0..<layout.steps {
            let bs = layout.batchSizes[s], o = layout.offsets[s]
            var cPrev: UnsafePointer<Float>?
            if s > 0 {
                let p = layout.offsets[s - 1]
                // gates_s += h_{s-1}·Uᵀ   ([bs, H]·[H, 4H])
                Gemm.multiply(m: bs, a: hs + p * h, lda: h, packed: packedU, c: gates + o * h4, ldc: h4,
                              accumulate: true)
                for i in 0..<bs { (states + (o + i) * ld).update(from: hs + (p + i) * h, count: h) }
                cPrev = UnsafePointer(cells + p * h)
            }
            LSTMCell.forward(batch: bs, hidden: h, gates: gates + o * h4, ldGates: h4,
                             cPrev: cPrev, ldcPrev: h, c: cells + o * h, ldc: h,
                             h: hs + o * h, ldh: h, tanhC: tanhCells + o * h, ldTanhC: h)
        }
        for k in 0..<n { (y + layoutRow(k) * ldy).update(from: hs + k * h, count: h) }
    }

    /// Rows of the input projection computed at once by `infer` (a whole number of steps, at
    /// least one step's rows): large enough for full-speed GEMM, small enough to stay in cache.
    public static let inferenceChunkRows = 128

    /// The same outputs as `forward`, bit for bit, keeping nothing for `backward` (a following
    /// `backward` does nothing): memory is `O(batch · H + chunk · (4H + input))` floats instead
    /// of `O(count · (input + 8H))`, whatever the number and length of the sequences.
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
                      chunkRows: Int = LSTM.inferenceChunkRows) {
        let packedW = self.packedW.current(), input = self.input, h4 = 4 * hidden
        let inputs = scratch?.inputs ?? xh
        let xs = reversed ? inputs.reserve(Self.chunkLimit(layout, chunkRows) * input) : inputs.pointer
        b.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            recur(layout: layout, reversed: reversed, y: y, ldy: ldy, scratch: scratch, chunkRows: chunkRows) {
                r0, m, gates in
                for r in 0..<m { (gates + r * h4).update(from: bias, count: h4) }
                if reversed {
                    for r in 0..<m {
                        (xs + r * input).update(from: x + Int(layout.reversedRows[r0 + r]) * ldx, count: input)
                    }
                    Gemm.multiply(m: m, a: xs, lda: input, packed: packedW, c: gates, ldc: h4, accumulate: true)
                } else {
                    Gemm.multiply(m: m, a: x + r0 * ldx, lda: ldx, packed: packedW, c: gates, ldc: h4,
                                  accumulate: true)
                }
            }
        }
    }

    /// `infer` for a first layer whose input is a concatenation of embedding rows, with the input
    /// projection looked up in `projection` (built for this layer) instead of multiplied: the
    /// same outputs as `infer` on the gathered embeddings up to float rounding.
    /// - Parameters:
    ///   - ids: one array per block of `projection.embeddings`, each `[count]` symbol ids in
    ///     layout order.
    ///   - layout: the batch layout; `count` rows.
    ///   - y: `[count, ldy]`, columns `0..<hidden` receive `h` for each token.
    ///   - scratch, chunkRows: as for `infer`.
    /// Writes nothing when `projection` belongs to another layer or `ids` do not match it.
    public func infer(projection: InputProjection, ids: [[Int32]], layout: SequenceLayout, reversed: Bool,
                      y: UnsafeMutablePointer<Float>, ldy: Int, scratch: RecurrentScratch? = nil,
                      chunkRows: Int = LSTM.inferenceChunkRows) {
        guard projection.layer === self, ids.count == projection.embeddings.count,
              ids.allSatisfy({ $0.count >= layout.count }) else { return }
        let h4 = 4 * hidden
        withPointers(ids) { pointers in
            recur(layout: layout, reversed: reversed, y: y, ldy: ldy, scratch: scratch, chunkRows: chunkRows) {
                r0, m, gates in
                if reversed {
                    layout.reversedRows.withUnsafeBufferPointer { rows in
                        projection.project(ids: pointers, rows: m, layoutRow: { Int(rows[r0 + $0]) },
                                           gates: gates, ldGates: h4)
                    }
                } else {
                    projection.project(ids: pointers, rows: m, layoutRow: { r0 + $0 }, gates: gates, ldGates: h4)
                }
            }
        }
    }

    /// Most rows of input projection `recur` asks for at once: `chunkRows`, or one whole step
    /// when the first step is larger.
    private static func chunkLimit(_ layout: SequenceLayout, _ chunkRows: Int) -> Int {
        max(chunkRows, layout.batchSizes.first ?? 0)
    }

    /// The packed `Wᵀ` (`[input, 4H]`), up to date with `w`.
    public func packedInput() -> PackedMatrix { packedW.current() }

    /// The recurrence of `infer`: chunks of whole steps (at most `chunkRows` rows, at least one
    /// step) get their input projections from `project(r0, m, gates)` (step-order rows
    /// `r0..<r0 + m` into `gates`, `[m, 4H]`), then each step adds `h_{s-1}·Uᵀ` and applies the cell.
    private func recur(layout: SequenceLayout, reversed: Bool, y: UnsafeMutablePointer<Float>, ldy: Int,
                       scratch: RecurrentScratch?, chunkRows: Int,
                       project: (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        self.layout = SequenceLayout(lengths: [])
        self.reversed = reversed
        tableInput.clear()
        let n = layout.count, h = hidden, h4 = 4 * hidden, steps = layout.steps
        guard n > 0 else { return }
        let batch = layout.batchSizes[0], limit = Self.chunkLimit(layout, chunkRows)
        let packedU = self.packedU.current()
        // Work buffers: a chunk of gates and the state.
        let gates = (scratch?.gates ?? self.gates).reserve(limit * h4)
        let c = (scratch?.cells ?? cells).reserve(batch * h)
        let hState = (scratch?.states ?? hidden_).reserve(batch * h)
        var s0 = 0
        while s0 < steps {
            // Steps s0..<s1, rows r0..<r1 in step order.
            let r0 = layout.offsets[s0]
            var s1 = s0 + 1
            while s1 < steps && layout.offsets[s1] + layout.batchSizes[s1] - r0 <= limit { s1 += 1 }
            let r1 = s1 < steps ? layout.offsets[s1] : n, m = r1 - r0
            project(r0, m, gates)
            for s in s0..<s1 {
                let bs = layout.batchSizes[s], o = layout.offsets[s], g = gates + (o - r0) * h4
                if s > 0 {
                    // gates_s += h_{s-1}·Uᵀ for the active prefix of slots   ([bs, H]·[H, 4H]).
                    // Left to right, step s-1's states are rows offsets[s-1]... of y, in slot order.
                    let previous: UnsafePointer<Float> = reversed ? UnsafePointer(hState)
                        : UnsafePointer(y + layout.offsets[s - 1] * ldy)
                    Gemm.multiply(m: bs, a: previous, lda: reversed ? h : ldy, packed: packedU, c: g, ldc: h4,
                                  accumulate: true)
                }
                // Left to right the slots of a step are consecutive rows of y: h goes there
                // directly; right to left it is gathered in hState and scattered to its rows.
                LSTMCell.forward(batch: bs, hidden: h, gates: g, ldGates: h4,
                                 cPrev: s > 0 ? UnsafePointer(c) : nil, ldcPrev: h, c: c, ldc: h,
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

    /// Back-propagates through the last `forward`: accumulates into `w.grad`, `u.grad`, `b.grad`
    /// and writes (or adds, when `accumulate`) the input gradient.
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

    /// Back-propagates through the last `forward(table:…)`: accumulates into `w.grad`,
    /// `u.grad`, `b.grad` and writes (or adds, when `accumulate`) the gradient of each table row
    /// (the sum over the tokens and blocks that used it; rows no token used get zeros).
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

    private func backpropagate(dy: UnsafePointer<Float>, lddy: Int,
                               dx: UnsafeMutablePointer<Float>?, lddx: Int,
                               tableGradient: UnsafeMutablePointer<Float>?, ldt: Int, accumulate: Bool) {
        let n = layout.count, h = hidden, h4 = 4 * hidden
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
        let gates = self.gates.pointer, cells = self.cells.pointer, tanhCells = self.tanhCells.pointer
        let dG = dGates.reserve(n * h4), dc = dcState.zeroed(batch * h)
        // Each step's dGates times U gives dh for the step before; with an input gradient, times
        // [U | W] in one product, which gives the step's dx = dGates·W in the columns after dh
        // (the same sums as a separate dGates·W, without transposing dGates for it).
        let ldh = dx == nil ? h : h + input
        let dh = dhState.zeroed(batch * ldh)
        let packed = dx == nil ? packedUBackward.current() : packedUWBackward.current()
        for s in stride(from: layout.steps - 1, through: 0, by: -1) {
            let bs = layout.batchSizes[s], o = layout.offsets[s]
            let cPrev: UnsafePointer<Float>? =
                s > 0 ? UnsafePointer(cells + layout.offsets[s - 1] * h) : nil
            LSTMCell.backward(batch: bs, hidden: h, gates: gates + o * h4, ldGates: h4,
                              cPrev: cPrev, ldcPrev: h, tanhC: tanhCells + o * h, ldTanhC: h,
                              dh: dys + o * lddys, ldDh: lddys, dhNext: dh, ldDhNext: ldh,
                              dc: dc, ldDc: h, dGates: dG + o * h4, ldDGates: h4)
            guard s > 0 || dx != nil else { continue }
            // [dh_{s-1} | dx_s][0..<bs] = dGates_s · [U | W]   ([bs, 4H]·[4H, H + input]); at the
            // first step the dh columns are not needed (nor read again).
            Gemm.multiply(m: bs, a: dG + o * h4, lda: h4, packed: packed, c: dh, ldc: ldh)
            guard let dx else { continue }
            for i in 0..<bs {
                let source = dh + i * ldh + h, destination = dx + layoutRow(o + i) * lddx
                if accumulate {
                    Vector.add(source, to: destination, count: input)
                } else {
                    destination.update(from: source, count: input)
                }
            }
        }
        b.grad.withUnsafeMutableBufferPointer { gb in
            Vector.sumRows(rows: n, columns: h4, dG, ldx: h4, into: base(gb))
        }
        if tabled {
            tableInput.backward(dGates: dG, count: n, input: input, width: h4, weight: w, scratch: dWU,
                                gradient: tableGradient, ldt: ldt, accumulate: accumulate)
            // dU = dGatesᵀ · h_{t-1}   ([4H, count]·[count, H]).
            let t = dWU.reserve(h4 * h)
            Gemm.multiply(transA: true, m: h4, n: h, k: n, a: dG, lda: h4, b: xh.pointer, ldb: h,
                          c: t, ldc: h)
            withValueAndGrad(u) { _, du in Vector.add(t, to: du, count: h4 * h) }
            return
        }
        // [dW | dU] = dGatesᵀ · [x | h_{t-1}]   ([4H, count]·[count, input + H]): already in the
        // gradients' row layout, so each row is added with vector loads.
        let t = dWU.reserve(h4 * ldxh)
        Gemm.multiply(transA: true, m: h4, n: ldxh, k: n, a: dG, lda: h4, b: xh.pointer, ldb: ldxh,
                      c: t, ldc: ldxh)
        withValueAndGrad(u) { _, du in
            for j in 0..<h4 { Vector.add(t + j * ldxh + hColumn, to: du + j * h, count: h) }
        }
        withValueAndGrad(w) { _, dw in
            for j in 0..<h4 { Vector.add(t + j * ldxh, to: dw + j * input, count: input) }
        }
    }

}
