/// Register-blocked GEMM micro-kernels,
/// `C[rows, 32·panels] (+)= Apanel[rows, kc] · Bpanels[kc, 32·panels]`.
///
/// Operands come packed (see `Packing`): `a` points at row `r0` of an A panel whose elements for
/// step `p` are `a[p * 12 + 0..<rows]`; `b` points at a B panel whose elements for step `p` are
/// `b[p * bStep + 0..<32]` (`bStep` is 32 in a packed panel, zero-padded past the matrix's last
/// column, or B's leading dimension when a row-major B is read in place); the kernels that
/// cover several panels find panel `q` at `b + q * bStride`. Each kernel keeps its whole tile in zmm
/// accumulators (two `SIMD16<Float>` per row and panel), broadcasts one A value per row and step
/// and does two FMAs per panel with it (`rows12Half`, for a last panel of at most 16 columns: one
/// accumulator and one FMA). Only the first `cols` columns of `C` are read or written
/// (`cols` ≤ 32·panels; only the last panel may be partial); `accumulate` adds to `C`.
///
/// Every kernel sums each element of `C` in the same order (one FMA per step `p`, ascending,
/// from zero), so a row of `C` does not depend on which kernel computed it, i.e. on `m`: a
/// sentence gets bit-identical results alone or in a batch. Kernels with few rows cover several
/// panels instead, so that they still run eight independent FMA chains.
enum MicroKernel {
    /// Rows of an A panel (the largest kernel's height).
    static let mr = 12
    /// Columns of a B panel (two 16-lane vectors).
    static let nr = 32

    /// 12 rows x 32 columns (1 panel).
    @inline(never)
    static func rows12(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c1_0a = SIMD16<Float>(), c1_0b = SIMD16<Float>()
        var c2_0a = SIMD16<Float>(), c2_0b = SIMD16<Float>()
        var c3_0a = SIMD16<Float>(), c3_0b = SIMD16<Float>()
        var c4_0a = SIMD16<Float>(), c4_0b = SIMD16<Float>()
        var c5_0a = SIMD16<Float>(), c5_0b = SIMD16<Float>()
        var c6_0a = SIMD16<Float>(), c6_0b = SIMD16<Float>()
        var c7_0a = SIMD16<Float>(), c7_0b = SIMD16<Float>()
        var c8_0a = SIMD16<Float>(), c8_0b = SIMD16<Float>()
        var c9_0a = SIMD16<Float>(), c9_0b = SIMD16<Float>()
        var c10_0a = SIMD16<Float>(), c10_0b = SIMD16<Float>()
        var c11_0a = SIMD16<Float>(), c11_0b = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            let a1 = SIMD16<Float>(repeating: ap[1])
            c1_0a = c1_0a.addingProduct(a1, b0a); c1_0b = c1_0b.addingProduct(a1, b0b)
            let a2 = SIMD16<Float>(repeating: ap[2])
            c2_0a = c2_0a.addingProduct(a2, b0a); c2_0b = c2_0b.addingProduct(a2, b0b)
            let a3 = SIMD16<Float>(repeating: ap[3])
            c3_0a = c3_0a.addingProduct(a3, b0a); c3_0b = c3_0b.addingProduct(a3, b0b)
            let a4 = SIMD16<Float>(repeating: ap[4])
            c4_0a = c4_0a.addingProduct(a4, b0a); c4_0b = c4_0b.addingProduct(a4, b0b)
            let a5 = SIMD16<Float>(repeating: ap[5])
            c5_0a = c5_0a.addingProduct(a5, b0a); c5_0b = c5_0b.addingProduct(a5, b0b)
            let a6 = SIMD16<Float>(repeating: ap[6])
            c6_0a = c6_0a.addingProduct(a6, b0a); c6_0b = c6_0b.addingProduct(a6, b0b)
            let a7 = SIMD16<Float>(repeating: ap[7])
            c7_0a = c7_0a.addingProduct(a7, b0a); c7_0b = c7_0b.addingProduct(a7, b0b)
            let a8 = SIMD16<Float>(repeating: ap[8])
            c8_0a = c8_0a.addingProduct(a8, b0a); c8_0b = c8_0b.addingProduct(a8, b0b)
            let a9 = SIMD16<Float>(repeating: ap[9])
            c9_0a = c9_0a.addingProduct(a9, b0a); c9_0b = c9_0b.addingProduct(a9, b0b)
            let a10 = SIMD16<Float>(repeating: ap[10])
            c10_0a = c10_0a.addingProduct(a10, b0a); c10_0b = c10_0b.addingProduct(a10, b0b)
            let a11 = SIMD16<Float>(repeating: ap[11])
            c11_0a = c11_0a.addingProduct(a11, b0a); c11_0b = c11_0b.addingProduct(a11, b0b)
            ap += 12; bp0 += bStep
        }
        if cols == 32 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            storeRow(c1_0a, c1_0b, c + 1 * ldc + 0, accumulate)
            storeRow(c2_0a, c2_0b, c + 2 * ldc + 0, accumulate)
            storeRow(c3_0a, c3_0b, c + 3 * ldc + 0, accumulate)
            storeRow(c4_0a, c4_0b, c + 4 * ldc + 0, accumulate)
            storeRow(c5_0a, c5_0b, c + 5 * ldc + 0, accumulate)
            storeRow(c6_0a, c6_0b, c + 6 * ldc + 0, accumulate)
            storeRow(c7_0a, c7_0b, c + 7 * ldc + 0, accumulate)
            storeRow(c8_0a, c8_0b, c + 8 * ldc + 0, accumulate)
            storeRow(c9_0a, c9_0b, c + 9 * ldc + 0, accumulate)
            storeRow(c10_0a, c10_0b, c + 10 * ldc + 0, accumulate)
            storeRow(c11_0a, c11_0b, c + 11 * ldc + 0, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 24) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c1_0a; t[3] = c1_0b
                t[4] = c2_0a; t[5] = c2_0b
                t[6] = c3_0a; t[7] = c3_0b
                t[8] = c4_0a; t[9] = c4_0b
                t[10] = c5_0a; t[11] = c5_0b
                t[12] = c6_0a; t[13] = c6_0b
                t[14] = c7_0a; t[15] = c7_0b
                t[16] = c8_0a; t[17] = c8_0b
                t[18] = c9_0a; t[19] = c9_0b
                t[20] = c10_0a; t[21] = c10_0b
                t[22] = c11_0a; t[23] = c11_0b
                storePartial(t, rows: 12, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 12 rows x 16 columns (the first half of a panel): for a last panel with at most 16
    /// columns, where the full-width kernel would spend half of its products on padding. Twelve
    /// accumulators, one per row.
    @inline(never)
    static func rows12Half(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0 = SIMD16<Float>()
        var c1 = SIMD16<Float>()
        var c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>()
        var c4 = SIMD16<Float>()
        var c5 = SIMD16<Float>()
        var c6 = SIMD16<Float>()
        var c7 = SIMD16<Float>()
        var c8 = SIMD16<Float>()
        var c9 = SIMD16<Float>()
        var c10 = SIMD16<Float>()
        var c11 = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0 = SIMDMemory.load(bp0)
            c0 = c0.addingProduct(SIMD16<Float>(repeating: ap[0]), b0)
            c1 = c1.addingProduct(SIMD16<Float>(repeating: ap[1]), b0)
            c2 = c2.addingProduct(SIMD16<Float>(repeating: ap[2]), b0)
            c3 = c3.addingProduct(SIMD16<Float>(repeating: ap[3]), b0)
            c4 = c4.addingProduct(SIMD16<Float>(repeating: ap[4]), b0)
            c5 = c5.addingProduct(SIMD16<Float>(repeating: ap[5]), b0)
            c6 = c6.addingProduct(SIMD16<Float>(repeating: ap[6]), b0)
            c7 = c7.addingProduct(SIMD16<Float>(repeating: ap[7]), b0)
            c8 = c8.addingProduct(SIMD16<Float>(repeating: ap[8]), b0)
            c9 = c9.addingProduct(SIMD16<Float>(repeating: ap[9]), b0)
            c10 = c10.addingProduct(SIMD16<Float>(repeating: ap[10]), b0)
            c11 = c11.addingProduct(SIMD16<Float>(repeating: ap[11]), b0)
            ap += 12; bp0 += bStep
        }
        if cols == 16 {
            storeHalfRow(c0, c + 0 * ldc, accumulate)
            storeHalfRow(c1, c + 1 * ldc, accumulate)
            storeHalfRow(c2, c + 2 * ldc, accumulate)
            storeHalfRow(c3, c + 3 * ldc, accumulate)
            storeHalfRow(c4, c + 4 * ldc, accumulate)
            storeHalfRow(c5, c + 5 * ldc, accumulate)
            storeHalfRow(c6, c + 6 * ldc, accumulate)
            storeHalfRow(c7, c + 7 * ldc, accumulate)
            storeHalfRow(c8, c + 8 * ldc, accumulate)
            storeHalfRow(c9, c + 9 * ldc, accumulate)
            storeHalfRow(c10, c + 10 * ldc, accumulate)
            storeHalfRow(c11, c + 11 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 12) { t in
                t[0] = c0
                t[1] = c1
                t[2] = c2
                t[3] = c3
                t[4] = c4
                t[5] = c5
                t[6] = c6
                t[7] = c7
                t[8] = c8
                t[9] = c9
                t[10] = c10
                t[11] = c11
                storePartial(t, rows: 12, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 8 rows x 32 columns (1 panel).
    @inline(never)
    static func rows8(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c1_0a = SIMD16<Float>(), c1_0b = SIMD16<Float>()
        var c2_0a = SIMD16<Float>(), c2_0b = SIMD16<Float>()
        var c3_0a = SIMD16<Float>(), c3_0b = SIMD16<Float>()
        var c4_0a = SIMD16<Float>(), c4_0b = SIMD16<Float>()
        var c5_0a = SIMD16<Float>(), c5_0b = SIMD16<Float>()
        var c6_0a = SIMD16<Float>(), c6_0b = SIMD16<Float>()
        var c7_0a = SIMD16<Float>(), c7_0b = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            let a1 = SIMD16<Float>(repeating: ap[1])
            c1_0a = c1_0a.addingProduct(a1, b0a); c1_0b = c1_0b.addingProduct(a1, b0b)
            let a2 = SIMD16<Float>(repeating: ap[2])
            c2_0a = c2_0a.addingProduct(a2, b0a); c2_0b = c2_0b.addingProduct(a2, b0b)
            let a3 = SIMD16<Float>(repeating: ap[3])
            c3_0a = c3_0a.addingProduct(a3, b0a); c3_0b = c3_0b.addingProduct(a3, b0b)
            let a4 = SIMD16<Float>(repeating: ap[4])
            c4_0a = c4_0a.addingProduct(a4, b0a); c4_0b = c4_0b.addingProduct(a4, b0b)
            let a5 = SIMD16<Float>(repeating: ap[5])
            c5_0a = c5_0a.addingProduct(a5, b0a); c5_0b = c5_0b.addingProduct(a5, b0b)
            let a6 = SIMD16<Float>(repeating: ap[6])
            c6_0a = c6_0a.addingProduct(a6, b0a); c6_0b = c6_0b.addingProduct(a6, b0b)
            let a7 = SIMD16<Float>(repeating: ap[7])
            c7_0a = c7_0a.addingProduct(a7, b0a); c7_0b = c7_0b.addingProduct(a7, b0b)
            ap += 12; bp0 += bStep
        }
        if cols == 32 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            storeRow(c1_0a, c1_0b, c + 1 * ldc + 0, accumulate)
            storeRow(c2_0a, c2_0b, c + 2 * ldc + 0, accumulate)
            storeRow(c3_0a, c3_0b, c + 3 * ldc + 0, accumulate)
            storeRow(c4_0a, c4_0b, c + 4 * ldc + 0, accumulate)
            storeRow(c5_0a, c5_0b, c + 5 * ldc + 0, accumulate)
            storeRow(c6_0a, c6_0b, c + 6 * ldc + 0, accumulate)
            storeRow(c7_0a, c7_0b, c + 7 * ldc + 0, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c1_0a; t[3] = c1_0b
                t[4] = c2_0a; t[5] = c2_0b
                t[6] = c3_0a; t[7] = c3_0b
                t[8] = c4_0a; t[9] = c4_0b
                t[10] = c5_0a; t[11] = c5_0b
                t[12] = c6_0a; t[13] = c6_0b
                t[14] = c7_0a; t[15] = c7_0b
                storePartial(t, rows: 8, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 4 rows x 32 columns (1 panel).
    @inline(never)
    static func rows4(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c1_0a = SIMD16<Float>(), c1_0b = SIMD16<Float>()
        var c2_0a = SIMD16<Float>(), c2_0b = SIMD16<Float>()
        var c3_0a = SIMD16<Float>(), c3_0b = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            let a1 = SIMD16<Float>(repeating: ap[1])
            c1_0a = c1_0a.addingProduct(a1, b0a); c1_0b = c1_0b.addingProduct(a1, b0b)
            let a2 = SIMD16<Float>(repeating: ap[2])
            c2_0a = c2_0a.addingProduct(a2, b0a); c2_0b = c2_0b.addingProduct(a2, b0b)
            let a3 = SIMD16<Float>(repeating: ap[3])
            c3_0a = c3_0a.addingProduct(a3, b0a); c3_0b = c3_0b.addingProduct(a3, b0b)
            ap += 12; bp0 += bStep
        }
        if cols == 32 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            storeRow(c1_0a, c1_0b, c + 1 * ldc + 0, accumulate)
            storeRow(c2_0a, c2_0b, c + 2 * ldc + 0, accumulate)
            storeRow(c3_0a, c3_0b, c + 3 * ldc + 0, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 8) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c1_0a; t[3] = c1_0b
                t[4] = c2_0a; t[5] = c2_0b
                t[6] = c3_0a; t[7] = c3_0b
                storePartial(t, rows: 4, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 2 rows x 64 columns (2 panels).
    @inline(never)
    static func rows2x2(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c0_1a = SIMD16<Float>(), c0_1b = SIMD16<Float>()
        var c1_0a = SIMD16<Float>(), c1_0b = SIMD16<Float>()
        var c1_1a = SIMD16<Float>(), c1_1b = SIMD16<Float>()
        var ap = a, bp0 = b, bp1 = b + 1 * bStride
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let b1a = SIMDMemory.load(bp1), b1b = SIMDMemory.load(bp1 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            c0_1a = c0_1a.addingProduct(a0, b1a); c0_1b = c0_1b.addingProduct(a0, b1b)
            let a1 = SIMD16<Float>(repeating: ap[1])
            c1_0a = c1_0a.addingProduct(a1, b0a); c1_0b = c1_0b.addingProduct(a1, b0b)
            c1_1a = c1_1a.addingProduct(a1, b1a); c1_1b = c1_1b.addingProduct(a1, b1b)
            ap += 12; bp0 += bStep; bp1 += bStep
        }
        if cols == 64 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            storeRow(c0_1a, c0_1b, c + 0 * ldc + 32, accumulate)
            storeRow(c1_0a, c1_0b, c + 1 * ldc + 0, accumulate)
            storeRow(c1_1a, c1_1b, c + 1 * ldc + 32, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 8) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c0_1a; t[3] = c0_1b
                t[4] = c1_0a; t[5] = c1_0b
                t[6] = c1_1a; t[7] = c1_1b
                storePartial(t, rows: 2, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 2 rows x 32 columns (1 panel).
    @inline(never)
    static func rows2(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c1_0a = SIMD16<Float>(), c1_0b = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            let a1 = SIMD16<Float>(repeating: ap[1])
            c1_0a = c1_0a.addingProduct(a1, b0a); c1_0b = c1_0b.addingProduct(a1, b0b)
            ap += 12; bp0 += bStep
        }
        if cols == 32 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            storeRow(c1_0a, c1_0b, c + 1 * ldc + 0, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 4) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c1_0a; t[3] = c1_0b
                storePartial(t, rows: 2, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 1 row x 128 columns (4 panels).
    @inline(never)
    static func rows1x4(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var c0_1a = SIMD16<Float>(), c0_1b = SIMD16<Float>()
        var c0_2a = SIMD16<Float>(), c0_2b = SIMD16<Float>()
        var c0_3a = SIMD16<Float>(), c0_3b = SIMD16<Float>()
        var ap = a, bp0 = b, bp1 = b + 1 * bStride, bp2 = b + 2 * bStride, bp3 = b + 3 * bStride
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let b1a = SIMDMemory.load(bp1), b1b = SIMDMemory.load(bp1 + 16)
            let b2a = SIMDMemory.load(bp2), b2b = SIMDMemory.load(bp2 + 16)
            let b3a = SIMDMemory.load(bp3), b3b = SIMDMemory.load(bp3 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            c0_1a = c0_1a.addingProduct(a0, b1a); c0_1b = c0_1b.addingProduct(a0, b1b)
            c0_2a = c0_2a.addingProduct(a0, b2a); c0_2b = c0_2b.addingProduct(a0, b2b)
            c0_3a = c0_3a.addingProduct(a0, b3a); c0_3b = c0_3b.addingProduct(a0, b3b)
            ap += 12; bp0 += bStep; bp1 += bStep; bp2 += bStep; bp3 += bStep
        }
        if cols == 128 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
            storeRow(c0_1a, c0_1b, c + 0 * ldc + 32, accumulate)
            storeRow(c0_2a, c0_2b, c + 0 * ldc + 64, accumulate)
            storeRow(c0_3a, c0_3b, c + 0 * ldc + 96, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 8) { t in
                t[0] = c0_0a; t[1] = c0_0b
                t[2] = c0_1a; t[3] = c0_1b
                t[4] = c0_2a; t[5] = c0_2b
                t[6] = c0_3a; t[7] = c0_3b
                storePartial(t, rows: 1, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// 1 row x 32 columns (1 panel).
    @inline(never)
    static func rows1(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0_0a = SIMD16<Float>(), c0_0b = SIMD16<Float>()
        var ap = a, bp0 = b
        for _ in 0..<kc {
            let b0a = SIMDMemory.load(bp0), b0b = SIMDMemory.load(bp0 + 16)
            let a0 = SIMD16<Float>(repeating: ap[0])
            c0_0a = c0_0a.addingProduct(a0, b0a); c0_0b = c0_0b.addingProduct(a0, b0b)
            ap += 12; bp0 += bStep
        }
        if cols == 32 {
            storeRow(c0_0a, c0_0b, c + 0 * ldc + 0, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 2) { t in
                t[0] = c0_0a; t[1] = c0_0b
                storePartial(t, rows: 1, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// Writes one full 32-column row segment of the tile.
    @_transparent
    static func storeRow(_ x: SIMD16<Float>, _ y: SIMD16<Float>, _ c: UnsafeMutablePointer<Float>,
                         _ accumulate: Bool) {
        if accumulate {
            SIMDMemory.store(SIMDMemory.load(c) + x, c)
            SIMDMemory.store(SIMDMemory.load(c + 16) + y, c + 16)
        } else {
            SIMDMemory.store(x, c)
            SIMDMemory.store(y, c + 16)
        }
    }

    /// Writes one 16-column row segment of the tile.
    @_transparent
    static func storeHalfRow(_ x: SIMD16<Float>, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
        SIMDMemory.store(accumulate ? SIMDMemory.load(c) + x : x, c)
    }

    /// Writes the first `cols` columns of a tile held row by row in `t` (`t.count / rows`
    /// vectors per row).
    @inline(never)
    static func storePartial(_ t: UnsafeMutableBufferPointer<SIMD16<Float>>, rows: Int, cols: Int,
                             c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        let perRow = t.count / rows
        for r in 0..<rows {
            let row = c + r * ldc
            for j in 0..<cols {
                let v = t[perRow * r + j / 16][j % 16]
                row[j] = accumulate ? row[j] + v : v
            }
        }
    }
}
