/// The pointwise part of one LSTM time step, fused into one pass over the gates (SIMD16).
///
/// Gate layout: each batch row of `gates` holds `4·hidden` values in the order
/// **i, f, g, o** (input gate, forget gate, candidate, output gate), each `hidden` wide:
/// `gates[b, 0..<H]` is i, `gates[b, H..<2H]` is f, `gates[b, 2H..<3H]` is g,
/// `gates[b, 3H..<4H]` is o. This matches a weight matrix `W` of shape `[4H, in]` whose row
/// blocks are the four gates, so `gates = x·Wᵀ + h·Uᵀ + bias` comes straight from `Gemm`.
/// All matrices are row-major with their own leading dimension (`h` can be a slice of a wider
/// `[batch, 2H]` BiLSTM output, for example).
public enum LSTMCell {
    /// Forward: activates the gates in place (`i, f, o` ← sigmoid, `g` ← tanh) and computes
    /// `c = f ⊙ cPrev + i ⊙ g`, `h = o ⊙ tanh(c)`.
    /// - Parameters:
    ///   - batch, hidden: rows and `H`.
    ///   - gates: `[batch, 4H]` pre-activations in, activations out (keep them for `backward`).
    ///   - cPrev: `[batch, H]` previous cell state, or `nil` for zeros (the first step).
    ///   - c, h: `[batch, H]` outputs.
    public static func forward(batch: Int, hidden: Int,
                               gates: UnsafeMutablePointer<Float>, ldGates: Int,
                               cPrev: UnsafePointer<Float>?, ldcPrev: Int,
                               c: UnsafeMutablePointer<Float>, ldc: Int,
                               h: UnsafeMutablePointer<Float>, ldh: Int) {
        let H = hidden
        for b in 0..<max(batch, 0) {
            let gi = gates + b * ldGates, gf = gi + H, gg = gi + 2 * H, go = gi + 3 * H
            let cp = cPrev.map { $0 + b * ldcPrev }
            let cb = c + b * ldc, hb = h + b * ldh
            var j = 0
            while j < H {
                let n = min(16, H - j)
                let i = Activations.sigmoid(load(gi + j, n))
                let f = Activations.sigmoid(load(gf + j, n))
                let g = Activations.tanh(load(gg + j, n))
                let o = Activations.sigmoid(load(go + j, n))
                var cell = i * g
                if let cp { cell = cell.addingProduct(f, load(cp + j, n)) }
                let out = o * Activations.tanh(cell)
                store(i, gi + j, n); store(f, gf + j, n); store(g, gg + j, n); store(o, go + j, n)
                store(cell, cb + j, n); store(out, hb + j, n)
                j += 16
            }
        }
    }

    /// Backward through `forward`: from the activated gates, `cPrev`, `c` and the incoming
    /// gradients, the gradients of the gate pre-activations and of `cPrev`.
    ///
    /// With `t = tanh(c)` and `dcTotal = dc + dh ⊙ o ⊙ (1 - t²)`:
    /// `di = dcTotal ⊙ g ⊙ i(1-i)`, `df = dcTotal ⊙ cPrev ⊙ f(1-f)`, `dg = dcTotal ⊙ i ⊙ (1-g²)`,
    /// `do = dh ⊙ t ⊙ o(1-o)`, and `dcPrev = dcTotal ⊙ f`.
    /// - Parameters:
    ///   - gates: `[batch, 4H]` activated gates as left by `forward`.
    ///   - cPrev: `[batch, H]` or `nil` for zeros (then `df = 0`).
    ///   - c: `[batch, H]` cell state from `forward`.
    ///   - dh: `[batch, H]` gradient of the loss w.r.t. `h` (output and recurrent paths summed).
    ///   - dc: `[batch, H]`: in, the gradient w.r.t. `c` from the next step (zeros at the last
    ///     step); out, the gradient w.r.t. `cPrev`.
    ///   - dGates: `[batch, 4H]` gradient w.r.t. the pre-activations, same i, f, g, o order.
    ///     May be the same buffer as `gates` (each element is read before it is written).
    public static func backward(batch: Int, hidden: Int,
                                gates: UnsafePointer<Float>, ldGates: Int,
                                cPrev: UnsafePointer<Float>?, ldcPrev: Int,
                                c: UnsafePointer<Float>, ldc: Int,
                                dh: UnsafePointer<Float>, ldDh: Int,
                                dc: UnsafeMutablePointer<Float>, ldDc: Int,
                                dGates: UnsafeMutablePointer<Float>, ldDGates: Int) {
        let H = hidden
        for b in 0..<max(batch, 0) {
            let gi = gates + b * ldGates, gf = gi + H, gg = gi + 2 * H, go = gi + 3 * H
            let cp = cPrev.map { $0 + b * ldcPrev }
            let cb = c + b * ldc, dhb = dh + b * ldDh, dcb = dc + b * ldDc
            let di = dGates + b * ldDGates, df = di + H, dg = di + 2 * H, dO = di + 3 * H
            var j = 0
            while j < H {
                let n = min(16, H - j)
                let i = load(gi + j, n), f = load(gf + j, n), g = load(gg + j, n)
                let o = load(go + j, n)
                let t = Activations.tanh(load(cb + j, n))
                let dhv = load(dhb + j, n)
                let total = load(dcb + j, n).addingProduct(dhv * o, 1 - t * t)
                let previous = cp.map { load($0 + j, n) } ?? SIMD16<Float>()
                store(total * g * i * (1 - i), di + j, n)
                store(total * previous * f * (1 - f), df + j, n)
                store(total * i * (1 - g * g), dg + j, n)
                store(dhv * t * o * (1 - o), dO + j, n)
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
