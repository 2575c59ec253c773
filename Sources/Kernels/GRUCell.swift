/// The pointwise part of one GRU time step (Cho et al. 2014, in the formulation of cuDNN and
/// PyTorch, where the reset gate scales the recurrent product), fused into one pass (SIMD16).
///
/// Gate layout: each batch row of `gates` and `hiddenGates` holds `3·hidden` values in the
/// order **r, z, n** (reset gate, update gate, candidate), each `hidden` wide. With
/// `gates = x·Wᵀ + b` (the input side) and `hiddenGates = h_prev·Uᵀ` (the recurrent side, both
/// straight from `Gemm` with weights `[3H, ·]` whose row blocks are r, z, n), one step is
///
///     r = σ(gates_r + hiddenGates_r)              [batch, H]
///     z = σ(gates_z + hiddenGates_z)              [batch, H]
///     a = hiddenGates_n + hiddenBias              [batch, H]   (hiddenBias [H])
///     n = tanh(gates_n + r ⊙ a)                    [batch, H]
///     h = (1 - z) ⊙ n + z ⊙ h_prev = n + z ⊙ (h_prev - n)
///
/// All matrices are row-major with their own leading dimension (e.g. `h` can be one half of a
/// `[batch, 2H]` bidirectional output).
public enum GRUCell {
    /// Forward: `gates` ← the activated `r, z, n`; the candidate block of `hiddenGates` ← `a`
    /// (what `backward` needs); `h` ← the new state.
    /// - Parameters:
    ///   - batch, hidden: rows and `H`.
    ///   - gates: `[batch, 3H]` input side `x·Wᵀ + b` in, activated `r, z, n` out.
    ///   - hiddenGates: `[batch, 3H]` recurrent side `h_prev·Uᵀ` in (zeros at the first step);
    ///     out, the r and z blocks unchanged and the n block replaced by `a`.
    ///   - hiddenBias: `[H]` the recurrent-side candidate bias, inside the reset gate's product.
    ///   - hPrev: `[batch, H]` previous state, or `nil` for zeros. May be the same buffer as `h`
    ///     (the state updated in place).
    ///   - h: `[batch, H]` output.
    public static func forward(batch: Int, hidden: Int,
                               gates: UnsafeMutablePointer<Float>, ldGates: Int,
                               hiddenGates: UnsafeMutablePointer<Float>, ldHiddenGates: Int,
                               hiddenBias: UnsafePointer<Float>,
                               hPrev: UnsafePointer<Float>?, ldhPrev: Int,
                               h: UnsafeMutablePointer<Float>, ldh: Int) {
        let H = hidden, tail = H % 16
        for b in 0..<max(batch, 0) {
            let g = gates + b * ldGates, hg = hiddenGates + b * ldHiddenGates, hb = h + b * ldh
            let hp = hPrev.map { $0 + b * ldhPrev }
            // The two sigmoid gates row-wide first (constants stay in registers), then the
            // candidate and the state while the row is still in L1.
            Vector.add(hg, to: g, count: 2 * H)
            Activations.sigmoid(g, count: 2 * H)
            var j = 0
            while j + 16 <= H {
                forwardChunk(g + j, H, hg + 2 * H + j, hiddenBias + j, hp.map { $0 + j }, hb + j)
                j += 16
            }
            guard tail > 0 else { continue }
            // The last `tail` units: through a zero-padded scratch copy (r, z, n, a, bias, hPrev, h).
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 7 * 16) { scratch in
                guard let s = scratch.baseAddress else { return }
                s.initialize(repeating: 0, count: 7 * 16)
                for q in 0..<3 { (s + 16 * q).update(from: g + q * H + j, count: tail) }
                (s + 48).update(from: hg + 2 * H + j, count: tail)
                (s + 64).update(from: hiddenBias + j, count: tail)
                if let hp { (s + 80).update(from: hp + j, count: tail) }
                forwardChunk(s, 16, s + 48, UnsafePointer(s + 64), hp == nil ? nil : UnsafePointer(s + 80),
                             s + 96)
                for q in 0..<3 { (g + q * H + j).update(from: s + 16 * q, count: tail) }
                (hg + 2 * H + j).update(from: s + 48, count: tail)
                (hb + j).update(from: s + 96, count: tail)
            }
        }
    }

    /// The candidate and state of 16 units of `forward` from activated `r` and `z`; gate `q` of
    /// unit `u` is at `g[q * stride + u]`. `hPrev` is loaded before `h` is stored.
    @_transparent
    static func forwardChunk(_ g: UnsafeMutablePointer<Float>, _ stride: Int,
                             _ hiddenN: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>,
                             _ hPrev: UnsafePointer<Float>?, _ h: UnsafeMutablePointer<Float>) {
        let r = SIMDMemory.load(g), z = SIMDMemory.load(g + stride)
        let a = SIMDMemory.load(hiddenN) + SIMDMemory.load(bias)
        let n = Activations.tanh(SIMDMemory.load(g + 2 * stride).addingProduct(r, a))
        let previous = hPrev.map { SIMDMemory.load($0) } ?? SIMD16<Float>()
        SIMDMemory.store(a, hiddenN)
        SIMDMemory.store(n, g + 2 * stride)
        SIMDMemory.store(n.addingProduct(z, previous - n), h)
    }

    /// Backward through `forward`: from the activated gates, `a`, `hPrev` and the incoming
    /// gradients, the gradients of both sides' pre-activations and the direct part of the
    /// gradient of `hPrev`.
    ///
    /// With `dh` the sum of the given `dh` and `dhNext`:
    /// `dn = dh ⊙ (1-z) ⊙ (1-n²)`, `dz = dh ⊙ (hPrev - n) ⊙ z(1-z)`, `dr = dn ⊙ a ⊙ r(1-r)`,
    /// `da = dn ⊙ r`; the input side gets `[dr, dz, dn]`, the recurrent side `[dr, dz, da]`
    /// (`da` is also the gradient of `hiddenBias`), and `hPrev` directly `dh ⊙ z` (its full
    /// gradient adds `dHiddenGates·U`).
    /// - Parameters:
    ///   - gates: `[batch, 3H]` activated `r, z, n` as left by `forward`.
    ///   - hiddenGates: `[batch, 3H]` as left by `forward` (only the n block, `a`, is read).
    ///   - hPrev: `[batch, H]` or `nil` for zeros.
    ///   - dh: `[batch, H]` gradient of the loss w.r.t. `h` (e.g. from the layer above).
    ///   - dhNext: `[batch, H]`: in, a second gradient w.r.t. `h` added to `dh` (the recurrent one
    ///     from step `t+1`; zeros at the last step); out, `dh ⊙ z`.
    ///   - dGates: `[batch, 3H]` gradient w.r.t. `gates` (the input side), order r, z, n.
    ///   - dHiddenGates: `[batch, 3H]` gradient w.r.t. `hiddenGates` (the recurrent side).
    public static func backward(batch: Int, hidden: Int,
                                gates: UnsafePointer<Float>, ldGates: Int,
                                hiddenGates: UnsafePointer<Float>, ldHiddenGates: Int,
                                hPrev: UnsafePointer<Float>?, ldhPrev: Int,
                                dh: UnsafePointer<Float>, ldDh: Int,
                                dhNext: UnsafeMutablePointer<Float>, ldDhNext: Int,
                                dGates: UnsafeMutablePointer<Float>, ldDGates: Int,
                                dHiddenGates: UnsafeMutablePointer<Float>, ldDHiddenGates: Int) {
        let H = hidden, tail = H % 16
        for b in 0..<max(batch, 0) {
            let g = gates + b * ldGates, a = hiddenGates + b * ldHiddenGates + 2 * H
            let hp = hPrev.map { $0 + b * ldhPrev }
            let dhb = dh + b * ldDh, dhn = dhNext + b * ldDhNext
            let dg = dGates + b * ldDGates, dhg = dHiddenGates + b * ldDHiddenGates
            var j = 0
            while j + 16 <= H {
                backwardChunk(g + j, H, a + j, hp.map { $0 + j }, dhb + j, dhn + j, dg + j, dhg + j)
                j += 16
            }
            guard tail > 0 else { continue }
            // The last `tail` units: through a zero-padded scratch copy.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 13 * 16) { scratch in
                guard let s = scratch.baseAddress else { return }
                s.initialize(repeating: 0, count: 13 * 16)
                for q in 0..<3 { (s + 16 * q).update(from: g + q * H + j, count: tail) }
                (s + 48).update(from: a + j, count: tail)
                if let hp { (s + 64).update(from: hp + j, count: tail) }
                (s + 80).update(from: dhb + j, count: tail)
                (s + 96).update(from: dhn + j, count: tail)
                backwardChunk(UnsafePointer(s), 16, UnsafePointer(s + 48),
                              hp == nil ? nil : UnsafePointer(s + 64), UnsafePointer(s + 80), s + 96,
                              s + 112, s + 160)
                (dhn + j).update(from: s + 96, count: tail)
                for q in 0..<3 {
                    (dg + q * H + j).update(from: s + 112 + 16 * q, count: tail)
                    (dhg + q * H + j).update(from: s + 160 + 16 * q, count: tail)
                }
            }
        }
    }

    /// 16 units of `backward`; gate `q` of unit `u` is at `g[q * stride + u]` and likewise in
    /// `dG` and `dHG`.
    @_transparent
    static func backwardChunk(_ g: UnsafePointer<Float>, _ stride: Int, _ a: UnsafePointer<Float>,
                              _ hPrev: UnsafePointer<Float>?, _ dh: UnsafePointer<Float>,
                              _ dhNext: UnsafeMutablePointer<Float>, _ dG: UnsafeMutablePointer<Float>,
                              _ dHG: UnsafeMutablePointer<Float>) {
        let r = SIMDMemory.load(g), z = SIMDMemory.load(g + stride), n = SIMDMemory.load(g + 2 * stride)
        let av = SIMDMemory.load(a)
        let previous = hPrev.map { SIMDMemory.load($0) } ?? SIMD16<Float>()
        let dhv = SIMDMemory.load(dh) + SIMDMemory.load(dhNext)
        let dn = dhv * (1 - z) * (1 - n * n)
        let dz = dhv * (previous - n) * z * (1 - z)
        let dr = dn * av * r * (1 - r)
        SIMDMemory.store(dr, dG)
        SIMDMemory.store(dz, dG + stride)
        SIMDMemory.store(dn, dG + 2 * stride)
        SIMDMemory.store(dr, dHG)
        SIMDMemory.store(dz, dHG + stride)
        SIMDMemory.store(dn * r, dHG + 2 * stride)
        SIMDMemory.store(dhv * z, dhNext)
    }
}
