/// Register-blocked GEMM micro-kernels: `C[rows, 32] (+)= Apanel[rows, kc] · Bpanel[kc, 32]`.
///
/// Operands come packed (see `Packing`): `a` points at row `r0` of an A panel whose elements for
/// step `p` are `a[p * 12 + 0..<rows]`; `b` points at a B panel whose elements for step `p` are
/// `b[p * 32 + 0..<32]` (zero-padded past the matrix's last column). Each kernel keeps its whole
/// `rows x 32` tile in zmm accumulators (two `SIMD16<Float>` per row), broadcasts one A value per
/// row and step and does two FMAs with it. Kernels with few rows unroll `k` so that at least eight
/// independent FMA chains hide the FMA latency. Only the first `cols` (1...32) columns of `C` are
/// read or written; `accumulate` adds to `C` instead of overwriting it.
enum MicroKernel {
    /// Rows of an A panel (the largest kernel's height).
    static let mr = 12
    /// Columns of a B panel (two 16-lane vectors).
    static let nr = 32

    /// The 12-row kernel.
    @inline(never)
    static func rows12(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0a0 = SIMD16<Float>(), c0b0 = SIMD16<Float>()
        var c1a0 = SIMD16<Float>(), c1b0 = SIMD16<Float>()
        var c2a0 = SIMD16<Float>(), c2b0 = SIMD16<Float>()
        var c3a0 = SIMD16<Float>(), c3b0 = SIMD16<Float>()
        var c4a0 = SIMD16<Float>(), c4b0 = SIMD16<Float>()
        var c5a0 = SIMD16<Float>(), c5b0 = SIMD16<Float>()
        var c6a0 = SIMD16<Float>(), c6b0 = SIMD16<Float>()
        var c7a0 = SIMD16<Float>(), c7b0 = SIMD16<Float>()
        var c8a0 = SIMD16<Float>(), c8b0 = SIMD16<Float>()
        var c9a0 = SIMD16<Float>(), c9b0 = SIMD16<Float>()
        var c10a0 = SIMD16<Float>(), c10b0 = SIMD16<Float>()
        var c11a0 = SIMD16<Float>(), c11b0 = SIMD16<Float>()
        var ap = a, bp = b, p = 0
        while p < kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[1])
                c1a0 = c1a0.addingProduct(a1, b0); c1b0 = c1b0.addingProduct(a1, b1)
                let a2 = SIMD16<Float>(repeating: ap[2])
                c2a0 = c2a0.addingProduct(a2, b0); c2b0 = c2b0.addingProduct(a2, b1)
                let a3 = SIMD16<Float>(repeating: ap[3])
                c3a0 = c3a0.addingProduct(a3, b0); c3b0 = c3b0.addingProduct(a3, b1)
                let a4 = SIMD16<Float>(repeating: ap[4])
                c4a0 = c4a0.addingProduct(a4, b0); c4b0 = c4b0.addingProduct(a4, b1)
                let a5 = SIMD16<Float>(repeating: ap[5])
                c5a0 = c5a0.addingProduct(a5, b0); c5b0 = c5b0.addingProduct(a5, b1)
                let a6 = SIMD16<Float>(repeating: ap[6])
                c6a0 = c6a0.addingProduct(a6, b0); c6b0 = c6b0.addingProduct(a6, b1)
                let a7 = SIMD16<Float>(repeating: ap[7])
                c7a0 = c7a0.addingProduct(a7, b0); c7b0 = c7b0.addingProduct(a7, b1)
                let a8 = SIMD16<Float>(repeating: ap[8])
                c8a0 = c8a0.addingProduct(a8, b0); c8b0 = c8b0.addingProduct(a8, b1)
                let a9 = SIMD16<Float>(repeating: ap[9])
                c9a0 = c9a0.addingProduct(a9, b0); c9b0 = c9b0.addingProduct(a9, b1)
                let a10 = SIMD16<Float>(repeating: ap[10])
                c10a0 = c10a0.addingProduct(a10, b0); c10b0 = c10b0.addingProduct(a10, b1)
                let a11 = SIMD16<Float>(repeating: ap[11])
                c11a0 = c11a0.addingProduct(a11, b0); c11b0 = c11b0.addingProduct(a11, b1)
            }
            ap += 12; bp += 32; p += 1
        }
        if cols == 32 {
            storeRow(c0a0, c0b0, c + 0 * ldc, accumulate)
            storeRow(c1a0, c1b0, c + 1 * ldc, accumulate)
            storeRow(c2a0, c2b0, c + 2 * ldc, accumulate)
            storeRow(c3a0, c3b0, c + 3 * ldc, accumulate)
            storeRow(c4a0, c4b0, c + 4 * ldc, accumulate)
            storeRow(c5a0, c5b0, c + 5 * ldc, accumulate)
            storeRow(c6a0, c6b0, c + 6 * ldc, accumulate)
            storeRow(c7a0, c7b0, c + 7 * ldc, accumulate)
            storeRow(c8a0, c8b0, c + 8 * ldc, accumulate)
            storeRow(c9a0, c9b0, c + 9 * ldc, accumulate)
            storeRow(c10a0, c10b0, c + 10 * ldc, accumulate)
            storeRow(c11a0, c11b0, c + 11 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 24) { t in
                t[0] = c0a0; t[1] = c0b0
                t[2] = c1a0; t[3] = c1b0
                t[4] = c2a0; t[5] = c2b0
                t[6] = c3a0; t[7] = c3b0
                t[8] = c4a0; t[9] = c4b0
                t[10] = c5a0; t[11] = c5b0
                t[12] = c6a0; t[13] = c6b0
                t[14] = c7a0; t[15] = c7b0
                t[16] = c8a0; t[17] = c8b0
                t[18] = c9a0; t[19] = c9b0
                t[20] = c10a0; t[21] = c10b0
                t[22] = c11a0; t[23] = c11b0
                storePartial(t, rows: 12, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// The 8-row kernel.
    @inline(never)
    static func rows8(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0a0 = SIMD16<Float>(), c0b0 = SIMD16<Float>()
        var c1a0 = SIMD16<Float>(), c1b0 = SIMD16<Float>()
        var c2a0 = SIMD16<Float>(), c2b0 = SIMD16<Float>()
        var c3a0 = SIMD16<Float>(), c3b0 = SIMD16<Float>()
        var c4a0 = SIMD16<Float>(), c4b0 = SIMD16<Float>()
        var c5a0 = SIMD16<Float>(), c5b0 = SIMD16<Float>()
        var c6a0 = SIMD16<Float>(), c6b0 = SIMD16<Float>()
        var c7a0 = SIMD16<Float>(), c7b0 = SIMD16<Float>()
        var ap = a, bp = b, p = 0
        while p < kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[1])
                c1a0 = c1a0.addingProduct(a1, b0); c1b0 = c1b0.addingProduct(a1, b1)
                let a2 = SIMD16<Float>(repeating: ap[2])
                c2a0 = c2a0.addingProduct(a2, b0); c2b0 = c2b0.addingProduct(a2, b1)
                let a3 = SIMD16<Float>(repeating: ap[3])
                c3a0 = c3a0.addingProduct(a3, b0); c3b0 = c3b0.addingProduct(a3, b1)
                let a4 = SIMD16<Float>(repeating: ap[4])
                c4a0 = c4a0.addingProduct(a4, b0); c4b0 = c4b0.addingProduct(a4, b1)
                let a5 = SIMD16<Float>(repeating: ap[5])
                c5a0 = c5a0.addingProduct(a5, b0); c5b0 = c5b0.addingProduct(a5, b1)
                let a6 = SIMD16<Float>(repeating: ap[6])
                c6a0 = c6a0.addingProduct(a6, b0); c6b0 = c6b0.addingProduct(a6, b1)
                let a7 = SIMD16<Float>(repeating: ap[7])
                c7a0 = c7a0.addingProduct(a7, b0); c7b0 = c7b0.addingProduct(a7, b1)
            }
            ap += 12; bp += 32; p += 1
        }
        if cols == 32 {
            storeRow(c0a0, c0b0, c + 0 * ldc, accumulate)
            storeRow(c1a0, c1b0, c + 1 * ldc, accumulate)
            storeRow(c2a0, c2b0, c + 2 * ldc, accumulate)
            storeRow(c3a0, c3b0, c + 3 * ldc, accumulate)
            storeRow(c4a0, c4b0, c + 4 * ldc, accumulate)
            storeRow(c5a0, c5b0, c + 5 * ldc, accumulate)
            storeRow(c6a0, c6b0, c + 6 * ldc, accumulate)
            storeRow(c7a0, c7b0, c + 7 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { t in
                t[0] = c0a0; t[1] = c0b0
                t[2] = c1a0; t[3] = c1b0
                t[4] = c2a0; t[5] = c2b0
                t[6] = c3a0; t[7] = c3b0
                t[8] = c4a0; t[9] = c4b0
                t[10] = c5a0; t[11] = c5b0
                t[12] = c6a0; t[13] = c6b0
                t[14] = c7a0; t[15] = c7b0
                storePartial(t, rows: 8, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// The 4-row kernel (k unrolled by 2).
    @inline(never)
    static func rows4(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0a0 = SIMD16<Float>(), c0b0 = SIMD16<Float>()
        var c0a1 = SIMD16<Float>(), c0b1 = SIMD16<Float>()
        var c1a0 = SIMD16<Float>(), c1b0 = SIMD16<Float>()
        var c1a1 = SIMD16<Float>(), c1b1 = SIMD16<Float>()
        var c2a0 = SIMD16<Float>(), c2b0 = SIMD16<Float>()
        var c2a1 = SIMD16<Float>(), c2b1 = SIMD16<Float>()
        var c3a0 = SIMD16<Float>(), c3b0 = SIMD16<Float>()
        var c3a1 = SIMD16<Float>(), c3b1 = SIMD16<Float>()
        var ap = a, bp = b, p = 0
        while p + 2 <= kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[1])
                c1a0 = c1a0.addingProduct(a1, b0); c1b0 = c1b0.addingProduct(a1, b1)
                let a2 = SIMD16<Float>(repeating: ap[2])
                c2a0 = c2a0.addingProduct(a2, b0); c2b0 = c2b0.addingProduct(a2, b1)
                let a3 = SIMD16<Float>(repeating: ap[3])
                c3a0 = c3a0.addingProduct(a3, b0); c3b0 = c3b0.addingProduct(a3, b1)
            }
            do {
                let b0 = SIMDMemory.load(bp + 32), b1 = SIMDMemory.load(bp + 48)
                let a0 = SIMD16<Float>(repeating: ap[12])
                c0a1 = c0a1.addingProduct(a0, b0); c0b1 = c0b1.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[13])
                c1a1 = c1a1.addingProduct(a1, b0); c1b1 = c1b1.addingProduct(a1, b1)
                let a2 = SIMD16<Float>(repeating: ap[14])
                c2a1 = c2a1.addingProduct(a2, b0); c2b1 = c2b1.addingProduct(a2, b1)
                let a3 = SIMD16<Float>(repeating: ap[15])
                c3a1 = c3a1.addingProduct(a3, b0); c3b1 = c3b1.addingProduct(a3, b1)
            }
            ap += 24; bp += 64; p += 2
        }
        while p < kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[1])
                c1a0 = c1a0.addingProduct(a1, b0); c1b0 = c1b0.addingProduct(a1, b1)
                let a2 = SIMD16<Float>(repeating: ap[2])
                c2a0 = c2a0.addingProduct(a2, b0); c2b0 = c2b0.addingProduct(a2, b1)
                let a3 = SIMD16<Float>(repeating: ap[3])
                c3a0 = c3a0.addingProduct(a3, b0); c3b0 = c3b0.addingProduct(a3, b1)
            }
            ap += 12; bp += 32; p += 1
        }
        c0a0 += c0a1; c0b0 += c0b1
        c1a0 += c1a1; c1b0 += c1b1
        c2a0 += c2a1; c2b0 += c2b1
        c3a0 += c3a1; c3b0 += c3b1
        if cols == 32 {
            storeRow(c0a0, c0b0, c + 0 * ldc, accumulate)
            storeRow(c1a0, c1b0, c + 1 * ldc, accumulate)
            storeRow(c2a0, c2b0, c + 2 * ldc, accumulate)
            storeRow(c3a0, c3b0, c + 3 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 8) { t in
                t[0] = c0a0; t[1] = c0b0
                t[2] = c1a0; t[3] = c1b0
                t[4] = c2a0; t[5] = c2b0
                t[6] = c3a0; t[7] = c3b0
                storePartial(t, rows: 4, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// The 2-row kernel (k unrolled by 2).
    @inline(never)
    static func rows2(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0a0 = SIMD16<Float>(), c0b0 = SIMD16<Float>()
        var c0a1 = SIMD16<Float>(), c0b1 = SIMD16<Float>()
        var c1a0 = SIMD16<Float>(), c1b0 = SIMD16<Float>()
        var c1a1 = SIMD16<Float>(), c1b1 = SIMD16<Float>()
        var ap = a, bp = b, p = 0
        while p + 2 <= kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[1])
                c1a0 = c1a0.addingProduct(a1, b0); c1b0 = c1b0.addingProduct(a1, b1)
            }
            do {
                let b0 = SIMDMemory.load(bp + 32), b1 = SIMDMemory.load(bp + 48)
                let a0 = SIMD16<Float>(repeating: ap[12])
                c0a1 = c0a1.addingProduct(a0, b0); c0b1 = c0b1.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[13])
                c1a1 = c1a1.addingProduct(a1, b0); c1b1 = c1b1.addingProduct(a1, b1)
            }
            ap += 24; bp += 64; p += 2
        }
        while p < kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
                let a1 = SIMD16<Float>(repeating: ap[1])
                c1a0 = c1a0.addingProduct(a1, b0); c1b0 = c1b0.addingProduct(a1, b1)
            }
            ap += 12; bp += 32; p += 1
        }
        c0a0 += c0a1; c0b0 += c0b1
        c1a0 += c1a1; c1b0 += c1b1
        if cols == 32 {
            storeRow(c0a0, c0b0, c + 0 * ldc, accumulate)
            storeRow(c1a0, c1b0, c + 1 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 4) { t in
                t[0] = c0a0; t[1] = c0b0
                t[2] = c1a0; t[3] = c1b0
                storePartial(t, rows: 2, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// The 1-row kernel (k unrolled by 4).
    @inline(never)
    static func rows1(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, accumulate: Bool
    ) {
        var c0a0 = SIMD16<Float>(), c0b0 = SIMD16<Float>()
        var c0a1 = SIMD16<Float>(), c0b1 = SIMD16<Float>()
        var c0a2 = SIMD16<Float>(), c0b2 = SIMD16<Float>()
        var c0a3 = SIMD16<Float>(), c0b3 = SIMD16<Float>()
        var ap = a, bp = b, p = 0
        while p + 4 <= kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
            }
            do {
                let b0 = SIMDMemory.load(bp + 32), b1 = SIMDMemory.load(bp + 48)
                let a0 = SIMD16<Float>(repeating: ap[12])
                c0a1 = c0a1.addingProduct(a0, b0); c0b1 = c0b1.addingProduct(a0, b1)
            }
            do {
                let b0 = SIMDMemory.load(bp + 64), b1 = SIMDMemory.load(bp + 80)
                let a0 = SIMD16<Float>(repeating: ap[24])
                c0a2 = c0a2.addingProduct(a0, b0); c0b2 = c0b2.addingProduct(a0, b1)
            }
            do {
                let b0 = SIMDMemory.load(bp + 96), b1 = SIMDMemory.load(bp + 112)
                let a0 = SIMD16<Float>(repeating: ap[36])
                c0a3 = c0a3.addingProduct(a0, b0); c0b3 = c0b3.addingProduct(a0, b1)
            }
            ap += 48; bp += 128; p += 4
        }
        while p < kc {
            do {
                let b0 = SIMDMemory.load(bp + 0), b1 = SIMDMemory.load(bp + 16)
                let a0 = SIMD16<Float>(repeating: ap[0])
                c0a0 = c0a0.addingProduct(a0, b0); c0b0 = c0b0.addingProduct(a0, b1)
            }
            ap += 12; bp += 32; p += 1
        }
        c0a0 += c0a1 + c0a2 + c0a3; c0b0 += c0b1 + c0b2 + c0b3
        if cols == 32 {
            storeRow(c0a0, c0b0, c + 0 * ldc, accumulate)
        } else {
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 2) { t in
                t[0] = c0a0; t[1] = c0b0
                storePartial(t, rows: 1, cols: cols, c: c, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// Writes one full 32-column row of the tile.
    @_transparent
    static func storeRow(_ x: SIMD16<Float>, _ y: SIMD16<Float>, _ c: UnsafeMutablePointer<Float>,
                         _ accumulate: Bool) {
        if accumulate {
            SIMDMemory.store(x + SIMDMemory.load(c), c)
            SIMDMemory.store(y + SIMDMemory.load(c + 16), c + 16)
        } else {
            SIMDMemory.store(x, c)
            SIMDMemory.store(y, c + 16)
        }
    }

    /// Writes the first `cols` columns of a tile held as `2 * rows` vectors.
    @inline(never)
    static func storePartial(_ t: UnsafeMutableBufferPointer<SIMD16<Float>>, rows: Int, cols: Int,
                             c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        for r in 0..<rows {
            let row = c + r * ldc
            for j in 0..<cols {
                let v = t[2 * r + j / 16][j % 16]
                row[j] = accumulate ? row[j] + v : v
            }
        }
    }
}
