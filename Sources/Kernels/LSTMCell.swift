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
        let H = hidden
        for b in 0..<max(batch, 0) {
            let gi = gates + b * ldGates, gf = gi + H, go = gi + 2 * H, gg = gi + 3 * H
            let cp = cPrev.map { $0 + b * ldcPrev }
            let cb = c + b * ldc, hb = h + b * ldh
            let tb = tanhC.map { $0 + b * ldTanhC }
            var j = 0
            while j < H {
                let n = min(16, H - j)
                let i = Activations.sigmoid(load(gi + j, n))
                let f = Activations.sigmoid(load(gf + j, n))
                let o = Activations.sigmoid(load(go + j, n))
                let g = Activations.tanh(load(gg + j, n))
                var cell = i * g
                if let cp { cell = cell.addingProduct(f, load(cp + j, n)) }
                let t = Activations.tanh(cell)
                store(i, gi + j, n); store(f, gf + j, n); store(o, go + j, n); store(g, gg + j, n)
                store(cell, cb + j, n)
                store(o * t, hb + j, n)
                if let tb { store(t, tb + j, n) }
                j += 16
            }
        }
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
        let H = hidden
        for b in 0..<max(batch, 0) {
            let gi = gates + b * ldGates, gf = gi + H, go = gi + 2 * H, gg = gi + 3 * H
            let cp = cPrev.map { $0 + b * ldcPrev }
            let tb = tanhC + b * ldTanhC, dhb = dh + b * ldDh, dcb = dc + b * ldDc
            let dhn = dhNext.map { $0 + b * ldDhNext }
            let di = dGates + b * ldDGates, df = di + H, dO = di + 2 * H, dg = di + 3 * H
            var j = 0
            while j < H {
                let n = min(16, H - j)
                let i = load(gi + j, n), f = load(gf + j, n), o = load(go + j, n)
                let g = load(gg + j, n), t = load(tb + j, n)
                var dhv = load(dhb + j, n)
                if let dhn { dhv += load(dhn + j, n) }
                let total = load(dcb + j, n).addingProduct(dhv * o, 1 - t * t)
                let previous = cp.map { load($0 + j, n) } ?? SIMD16<Float>()
                store(total * g * i * (1 - i), di + j, n)
                store(total * previous * f * (1 - f), df + j, n)
                store(dhv * t * o * (1 - o), dO + j, n)
                store(total * i * (1 - g * g), dg + j, n)
                store(total * f, dcb + j, n)
                j += 16
            }
        }
    }

    @_transparent
    static func load(_ p: UnsafePointer<Float>, _ n: Int) -> SIMD16<Float> {
        n == 16 ? SIMDMemory.load(p) : SIMDMemory.loadPartial(p, count: n)
    }

    @_transparent
    static func load(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> SIMD16<Float> {
        load(UnsafePointer(p), n)
    }

    @_transparent
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
        if n == 16 { SIMDMemory.store(v, p) } else { SIMDMemory.storePartial(v, p, count: n) }
    }
}
