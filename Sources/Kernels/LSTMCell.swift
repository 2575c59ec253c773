/// The pointwise part of one LSTM time step, fused into one pass over the gates (SIMD16).
///
/// Gate layout: each batch row of `gates` holds `4·hidden` values in the order
/// **i, f, o, g** (input, forget and output gates, then the candidate), each `hidden` wide:
/// `gates[b, 0..<H]` is i, `gates[b, H..<2H]` f, `gates[b, 2H..<3H]` o, `gates[b, 3H..<4H]` g.
/// The three sigmoid gates are contiguous. This matches weights `W` `[4H, in]` whose row blocks
/// are the gates in that order, so `gates = x·Wᵀ + h·Uᵀ + bias` comes straight from `Gemm`
/// (the order `Network.LSTM` uses). All matrices are row-major with their own leading dimension
/// (e.g. `h` can be one half of a `[batch, 2H]` BiLSTM output).
public enum LSTMCell {
    /// Forward: activates the gates in place (`i, f, o` ← sigmoid, `g` ← tanh) and computes
    /// `c = f ⊙ cPrev + i ⊙ g`, `h = o ⊙ tanh(c)`.
    /// - Parameters:
    ///   - batch, hidden: rows and `H`.
    ///   - gates: `[batch, 4H]` pre-activations in, activations out (keep them for `backward`).
    ///   - cPrev: `[batch, H]` previous cell state, or `nil` for zeros (the first step). May be
    ///     the same buffer as `c` (the state updated in place).
    ///   - c, h: `[batch, H]` outputs.
    ///   - tanhC: `[batch, H]`, receives `tanh(c)` when given (what `backward` needs).
    public static func forward(batch: Int, hidden: Int,
                               gates: UnsafeMutablePointer<Float>, ldGates: Int,
                               cPrev: UnsafePointer<Float>?, ldcPrev: Int,
                               c: UnsafeMutablePointer<Float>, ldc: Int,
                               h: UnsafeMutablePointer<Float>, ldh: Int,
                               tanhC: UnsafeMutablePointer<Float>? = nil, ldTanhC: Int = 0) {
        let H = hidden, tail = H % 16
        for b in 0..<max(batch, 0) {
            let gi = gates + b * ldGates, cb = c + b * ldc, hb = h + b * ldh
            let cp = cPrev.map { $0 + b * ldcPrev }
            let tb = tanhC.map { $0 + b * ldTanhC }
            // Activations first (row-wide loops keep their constants in registers), then the
            // state update, while the row is still in L1.
            Activations.sigmoid(gi, count: 3 * H)
            Activations.tanh(gi + 3 * H, count: H)
            var j = 0
            while j + 16 <= H {
                forwardChunk(gi + j, H, cp.map { $0 + j }, cb + j, hb + j, tb.map { $0 + j })
                j += 16
            }
            guard tail > 0 else { continue }
            // The last `tail` units: through a zero-padded scratch copy (gates, cPrev, c, h, t).
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * 16) { scratch in
                guard let s = scratch.baseAddress else { return }
                s.initialize(repeating: 0, count: 8 * 16)
                for q in 0..<4 { (s + 16 * q).update(from: gi + q * H + j, count: tail) }
                if let cp { (s + 64).update(from: cp + j, count: tail) }
                forwardChunk(s, 16, UnsafePointer(s + 64), s + 80, s + 96, s + 112)
                for q in 0..<4 { (gi + q * H + j).update(from: s + 16 * q, count: tail) }
                (cb + j).update(from: s + 80, count: tail)
                (hb + j).update(from: s + 96, count: tail)
                if let tb { (tb + j).update(from: s + 112, count: tail) }
            }
        }
    }

    /// The state update of 16 units of `forward` from activated gates; gate `q` of unit `u` is
    /// at `g[q * stride + u]`.
    @_transparent
    static func forwardChunk(_ g: UnsafeMutablePointer<Float>, _ stride: Int,
                             _ cPrev: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>,
                             _ h: UnsafeMutablePointer<Float>, _ tanhC: UnsafeMutablePointer<Float>?) {
        let i = SIMDMemory.load(g), f = SIMDMemory.load(g + stride)
        let o = SIMDMemory.load(g + 2 * stride), gg = SIMDMemory.load(g + 3 * stride)
        var cell = i * gg
        if let cPrev { cell = cell.addingProduct(f, SIMDMemory.load(cPrev)) }
        let t = Activations.tanh(cell)
        SIMDMemory.store(cell, c)
        SIMDMemory.store(o * t, h)
        if let tanhC { SIMDMemory.store(t, tanhC) }
    }

    /// Backward through `forward`: from the activated gates, `cPrev`, `tanh(c)` and the incoming
    /// gradients, the gradients of the gate pre-activations and of `cPrev`.
    ///
    /// With `t = tanh(c)`, `dh` the sum of the given `dh` and `dhNext`, and
    /// `dcTotal = dc + dh ⊙ o ⊙ (1 - t²)`:
    /// `di = dcTotal ⊙ g ⊙ i(1-i)`, `df = dcTotal ⊙ cPrev ⊙ f(1-f)`, `do = dh ⊙ t ⊙ o(1-o)`,
    /// `dg = dcTotal ⊙ i ⊙ (1-g²)`, and `dcPrev = dcTotal ⊙ f`.
    /// - Parameters:
    ///   - gates: `[batch, 4H]` activated gates as left by `forward`.
    ///   - cPrev: `[batch, H]` or `nil` for zeros (then `df = 0`).
    ///   - tanhC: `[batch, H]` `tanh(c)` as written by `forward`.
    ///   - dh: `[batch, H]` gradient of the loss w.r.t. `h` (e.g. from the layer above).
    ///   - dhNext: `[batch, H]` a second gradient w.r.t. `h` added to `dh` (e.g. the recurrent
    ///     one from step `t+1`), or `nil`.
    ///   - dc: `[batch, H]`: in, the gradient w.r.t. `c` from the next step (zeros at the last
    ///     step); out, the gradient w.r.t. `cPrev`.
    ///   - dGates: `[batch, 4H]` gradient w.r.t. the pre-activations, same i, f, o, g order.
    ///     May be the same buffer as `gates` (each element is read before it is written).
    public static func backward(batch: Int, hidden: Int,
                                gates: UnsafePointer<Float>, ldGates: Int,
                                cPrev: UnsafePointer<Float>?, ldcPrev: Int,
                                tanhC: UnsafePointer<Float>, ldTanhC: Int,
                                dh: UnsafePointer<Float>, ldDh: Int,
                                dhNext: UnsafePointer<Float>? = nil, ldDhNext: Int = 0,
                                dc: UnsafeMutablePointer<Float>, ldDc: Int,
                                dGates: UnsafeMutablePointer<Float>, ldDGates: Int) {
        let H = hidden, tail = H % 16
        for b in 0..<max(batch, 0) {
            let gi = gates + b * ldGates, di = dGates + b * ldDGates
            let cp = cPrev.map { $0 + b * ldcPrev }
            let tb = tanhC + b * ldTanhC, dhb = dh + b * ldDh, dcb = dc + b * ldDc
            let dhn = dhNext.map { $0 + b * ldDhNext }
            var j = 0
            while j + 16 <= H {
                backwardChunk(gi + j, H, cp.map { $0 + j }, tb + j, dhb + j, dhn.map { $0 + j },
                              dcb + j, di + j)
                j += 16
            }
            guard tail > 0 else { continue }
            // The last `tail` units: through a zero-padded scratch copy.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 13 * 16) { scratch in
                guard let s = scratch.baseAddress else { return }
                s.initialize(repeating: 0, count: 13 * 16)
                for q in 0..<4 { (s + 16 * q).update(from: gi + q * H + j, count: tail) }
                if let cp { (s + 64).update(from: cp + j, count: tail) }
                (s + 80).update(from: tb + j, count: tail)
                (s + 96).update(from: dhb + j, count: tail)
                if let dhn { (s + 112).update(from: dhn + j, count: tail) }
                (s + 128).update(from: dcb + j, count: tail)
                backwardChunk(UnsafePointer(s), 16, UnsafePointer(s + 64), UnsafePointer(s + 80),
                              UnsafePointer(s + 96), UnsafePointer(s + 112), s + 128, s + 144)
                for q in 0..<4 { (di + q * H + j).update(from: s + 144 + 16 * q, count: tail) }
                (dcb + j).update(from: s + 128, count: tail)
            }
        }
    }

    /// 16 units of `backward`; gate `q` of unit `u` is at `g[q * stride + u]` and likewise
    /// in `dG`. Everything is loaded before anything is stored (`dG` may be `g`).
    @_transparent
    static func backwardChunk(_ g: UnsafePointer<Float>, _ stride: Int, _ cPrev: UnsafePointer<Float>?,
                              _ tanhC: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
                              _ dhNext: UnsafePointer<Float>?, _ dc: UnsafeMutablePointer<Float>,
                              _ dG: UnsafeMutablePointer<Float>) {
        let i = SIMDMemory.load(g), f = SIMDMemory.load(g + stride)
        let o = SIMDMemory.load(g + 2 * stride), gg = SIMDMemory.load(g + 3 * stride)
        let t = SIMDMemory.load(tanhC)
        var dhv = SIMDMemory.load(dh)
        if let dhNext { dhv += SIMDMemory.load(dhNext) }
        let total = SIMDMemory.load(dc).addingProduct(dhv * o, 1 - t * t)
        let previous = cPrev.map { SIMDMemory.load($0) } ?? SIMD16<Float>()
        SIMDMemory.store(total * gg * i * (1 - i), dG)
        SIMDMemory.store(total * previous * f * (1 - f), dG + stride)
        SIMDMemory.store(dhv * t * o * (1 - o), dG + 2 * stride)
        SIMDMemory.store(total * i * (1 - gg * gg), dG + 3 * stride)
        SIMDMemory.store(total * f, dc)
    }
}
