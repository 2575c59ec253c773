/// GEMM micro-kernels for CPUs with 16 vector registers (AVX2, and NEON's 32 128-bit ones):
/// the same packed operands and the same summation order as `MicroKernel`, smaller tiles.
///
/// `MicroKernel`'s 12×32 tile keeps 24 `SIMD16<Float>` accumulators, one zmm register each with
/// AVX-512. Without AVX-512 a `SIMD16` takes two ymm registers, the tile needs 48 of the 16 there
/// are, and the compiler spills accumulators to the stack on every step (a load and a store per
/// FMA). These kernels keep at most 12 ymm accumulators (6 rows × 16 columns), one B load and one
/// broadcast live, and `Gemm` covers a 12-row A panel and a 32-column B panel with four of them.
///
/// Layout as in `MicroKernel`: `a` points at a row of a 12-row A panel (step `p` at
/// `a[p * 12 + 0..<rows]`), `b` at a column of a B panel (step `p` at `b[p * bStep + 0..<16]`,
/// or `0..<32` per panel and panel `q` at `b + q * bStride` for `rows1x2`). Each element of `C`
/// is one FMA per step `p`, ascending, from zero: results are bit-identical to `MicroKernel`'s.
enum NarrowMicroKernel {
    /// 6 rows x 16 columns (half of a B panel): twelve ymm accumulators with AVX2.
    @inline(never)
    static func rows6Half(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0 = SIMD16<Float>()
        var c1 = SIMD16<Float>()
        var c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>()
        var c4 = SIMD16<Float>()
        var c5 = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0 = SIMDMemory.load(bp0)
            c0 = c0.addingProduct(SIMD16<Float>(repeating: ap[0]), b0)
            c1 = c1.addingProduct(SIMD16<Float>(repeating: ap[1]), b0)
            c2 = c2.addingProduct(SIMD16<Float>(repeating: ap[2]), b0)
            c3 = c3.addingProduct(SIMD16<Float>(repeating: ap[3]), b0)
            c4 = c4.addingProduct(SIMD16<Float>(repeating: ap[4]), b0)
            c5 = c5.addingProduct(SIMD16<Float>(repeating: ap[5]), b0)
            ap += 12; bp0 += bStep
        }
        if cols == 16 {
            MicroKernel.storeHalfRow(c0, c + 0 * ldc, accumulate)
            MicroKernel.storeHalfRow(c1, c + 1 * ldc, accumulate)
            MicroKernel.storeHalfRow(c2, c + 2 * ldc, accumulate)
            MicroKernel.storeHalfRow(c3, c + 3 * ldc, accumulate)
            MicroKernel.storeHalfRow(c4, c + 4 * ldc, accumulate)
            MicroKernel.storeHalfRow(c5, c + 5 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 6) { t in
                t[0] = c0
                t[1] = c1
                t[2] = c2
                t[3] = c3
                t[4] = c4
                t[5] = c5
                MicroKernel.storePartial(t, rows: 6, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 1 row x 64 columns (2 panels): eight ymm accumulators with AVX2, eight FMA chains.
    @inline(never)
    static func rows1x2(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c0_1a = SIMD16<Float>(), c0_1b = SIMD16<Float>()
        var ap = a, bp0 = b, bp1 = b + 1 * bStride
        for _ in 0..<kc {
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, SIMDMemory.load(bp0))
            c0_0b = c0_0b.addingProduct(a0, SIMDMemory.load(bp0 + 16))
            c0_1a = c0_1a.addingProduct(a0, SIMDMemory.load(bp1))
            c0_1b = c0_1b.addingProduct(a0, SIMDMemory.load(bp1 + 16))
            ap += 12; bp0 += bStep; bp1 += bStep
        }
        if cols == 64 {
            MicroKernel.storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            MicroKernel.storeRow(c0_1a, c0_1b, c + 0 * ldc + 32, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 4) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c0_1a; t[3] = c0_1b
                MicroKernel.storePartial(t, rows: 1, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }
}
