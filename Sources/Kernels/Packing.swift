/// Copies operands into the panel layouts the micro-kernels stream through (see `MicroKernel`).
///
/// Blocking over `k`: `k` is cut into `Packing.kBlocks(k)` blocks of equal size (at most
/// `kcMax`), so a B panel (`kc x 32`) stays in L1 while the kernel sweeps the A panels.
enum Packing {
    /// The largest `k` block: a 256 x 32 B panel is 32 KiB, an A panel 12 KiB.
    static let kcMax = 256
    /// Rows of A packed at a time (a block of A stays in L2 while all B panels pass).
    static let mcMax = 144
    /// Columns of B packed at a time by the unpacked `Gemm.multiply` (a 1 MiB scratch).
    static let ncMax = 1024

    /// `(count, size)`: `k` split into `count` blocks of `size` (the last may be shorter).
    /// `k == 0` gives `(0, 0)`.
    @inlinable
    static func kBlocks(_ k: Int) -> (count: Int, size: Int) {
        guard k > 0 else { return (0, 0) }
        let count = (k + kcMax - 1) / kcMax
        return (count, (k + count - 1) / count)
    }

    /// `n` rounded up to whole 32-column panels.
    static func paddedColumns(_ n: Int) -> Int {
        (n + MicroKernel.nr - 1) / MicroKernel.nr * MicroKernel.nr
    }

    /// Packs `op(A)[i0 ..< i0+mc, p0 ..< p0+kc]` as 12-row panels: panel `q` starts at
    /// `dst + q * 12 * kc` and holds element `(r, p)` at `p * 12 + r`. Rows past the end of the
    /// last panel are left unwritten (the kernels never read them).
    static func packA(transA: Bool, a: UnsafePointer<Float>, lda: Int,
                      i0: Int, mc: Int, p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>) {
        let mr = MicroKernel.mr
        var q = 0
        while q * mr < mc {
            let rows = min(mr, mc - q * mr)
            let panel = dst + q * mr * kc
            let first = i0 + q * mr
            if transA {
                // A stored [k, m]: the rows of a panel are contiguous for each p.
                if rows == mr {
                    for p in 0..<kc {
                        let src = UnsafeRawPointer(a + (p0 + p) * lda + first)
                        let out = UnsafeMutableRawPointer(panel + p * mr)
                        out.storeBytes(of: src.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                        out.storeBytes(of: src.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self),
                                       toByteOffset: 32, as: SIMD4<Float>.self)
                    }
                } else {
                    for p in 0..<kc {
                        let src = a + (p0 + p) * lda + first
                        let out = panel + p * mr
                        for r in 0..<rows { out[r] = src[r] }
                    }
                }
            } else {
                // A stored [m, k]: transpose 12 x 16 blocks in registers, the rest one by one.
                let blockSteps = rows == mr ? kc / 16 * 16 : 0
                var p = 0
                while p < blockSteps {
                    transpose16(a + first * lda + p0 + p, lda, rows: mr, panel + p * mr, mr, lanes: mr)
                    p += 16
                }
                for r in 0..<rows {
                    let src = a + (first + r) * lda + p0
                    for p in blockSteps..<kc { panel[p * mr + r] = src[p] }
                }
            }
            q += 1
        }
    }

    /// Packs `op(B)[p0 ..< p0+kc, j0 ..< j0+nc]` as 32-column panels: panel `q` starts at
    /// `dst + q * kc * 32` and holds element `(p, j)` at `p * 32 + j`; columns past `nc` are
    /// zero.
    static func packB(transB: Bool, b: UnsafePointer<Float>, ldb: Int,
                      p0: Int, kc: Int, j0: Int, nc: Int, dst: UnsafeMutablePointer<Float>) {
        let nr = MicroKernel.nr
        var q = 0
        while q * nr < nc {
            let cols = min(nr, nc - q * nr)
            let panel = dst + q * nr * kc
            let first = j0 + q * nr
            if transB {
                // B stored [n, k]: each of the panel's columns is a contiguous run of B.
                // Transpose 16 x 16 blocks in registers, the ragged edges element by element.
                if cols < nr { panel.initialize(repeating: 0, count: kc * nr) }
                let blockColumns = cols / 16 * 16, blockSteps = kc / 16 * 16
                var p = 0
                while p < blockSteps {
                    var j = 0
                    while j < blockColumns {
                        transpose16(b + (first + j) * ldb + p0 + p, ldb, panel + p * nr + j, nr)
                        j += 16
                    }
                    p += 16
                }
                for j in 0..<cols {
                    let src = b + (first + j) * ldb + p0
                    for p in (j < blockColumns ? blockSteps : 0)..<kc { panel[p * nr + j] = src[p] }
                }
            } else {
                for p in 0..<kc {
                    let src = b + (p0 + p) * ldb + first
                    let out = panel + p * nr
                    if cols == nr {
                        SIMDMemory.store(SIMDMemory.load(src), out)
                        SIMDMemory.store(SIMDMemory.load(src + 16), out + 16)
                    } else {
                        for j in 0..<cols { out[j] = src[j] }
                        for j in cols..<nr { out[j] = 0 }
                    }
                }
            }
            q += 1
        }
    }

    /// `dst[i * ldd + j] = src[j * lds + i]` for `i` in `0..<16`, `j` in `0..<lanes`: reads
    /// `rows` (12...16) rows of 16 elements (missing rows count as zeros), writes 16 rows of
    /// `lanes` (12 or 16) elements. Four rounds of "even lanes, then odd lanes" over the 256
    /// elements rotate the index bits by four, i.e. transpose.
    static func transpose16(_ src: UnsafePointer<Float>, _ lds: Int, rows: Int = 16,
                            _ dst: UnsafeMutablePointer<Float>, _ ldd: Int, lanes: Int = 16) {
        let zero = SIMD16<Float>()
        let r0 = SIMDMemory.load(src + 0 * lds)
        let r1 = SIMDMemory.load(src + 1 * lds)
        let r2 = SIMDMemory.load(src + 2 * lds)
        let r3 = SIMDMemory.load(src + 3 * lds)
        let r4 = SIMDMemory.load(src + 4 * lds)
        let r5 = SIMDMemory.load(src + 5 * lds)
        let r6 = SIMDMemory.load(src + 6 * lds)
        let r7 = SIMDMemory.load(src + 7 * lds)
        let r8 = SIMDMemory.load(src + 8 * lds)
        let r9 = SIMDMemory.load(src + 9 * lds)
        let r10 = SIMDMemory.load(src + 10 * lds)
        let r11 = SIMDMemory.load(src + 11 * lds)
        let r12 = rows > 12 ? SIMDMemory.load(src + 12 * lds) : zero
        let r13 = rows > 13 ? SIMDMemory.load(src + 13 * lds) : zero
        let r14 = rows > 14 ? SIMDMemory.load(src + 14 * lds) : zero
        let r15 = rows > 15 ? SIMDMemory.load(src + 15 * lds) : zero
        let a0 = SIMD16(lowHalf: r0.evenHalf, highHalf: r1.evenHalf)
        let a8 = SIMD16(lowHalf: r0.oddHalf, highHalf: r1.oddHalf)
        let a1 = SIMD16(lowHalf: r2.evenHalf, highHalf: r3.evenHalf)
        let a9 = SIMD16(lowHalf: r2.oddHalf, highHalf: r3.oddHalf)
        let a2 = SIMD16(lowHalf: r4.evenHalf, highHalf: r5.evenHalf)
        let a10 = SIMD16(lowHalf: r4.oddHalf, highHalf: r5.oddHalf)
        let a3 = SIMD16(lowHalf: r6.evenHalf, highHalf: r7.evenHalf)
        let a11 = SIMD16(lowHalf: r6.oddHalf, highHalf: r7.oddHalf)
        let a4 = SIMD16(lowHalf: r8.evenHalf, highHalf: r9.evenHalf)
        let a12 = SIMD16(lowHalf: r8.oddHalf, highHalf: r9.oddHalf)
        let a5 = SIMD16(lowHalf: r10.evenHalf, highHalf: r11.evenHalf)
        let a13 = SIMD16(lowHalf: r10.oddHalf, highHalf: r11.oddHalf)
        let a6 = SIMD16(lowHalf: r12.evenHalf, highHalf: r13.evenHalf)
        let a14 = SIMD16(lowHalf: r12.oddHalf, highHalf: r13.oddHalf)
        let a7 = SIMD16(lowHalf: r14.evenHalf, highHalf: r15.evenHalf)
        let a15 = SIMD16(lowHalf: r14.oddHalf, highHalf: r15.oddHalf)
        let b0 = SIMD16(lowHalf: a0.evenHalf, highHalf: a1.evenHalf)
        let b8 = SIMD16(lowHalf: a0.oddHalf, highHalf: a1.oddHalf)
        let b1 = SIMD16(lowHalf: a2.evenHalf, highHalf: a3.evenHalf)
        let b9 = SIMD16(lowHalf: a2.oddHalf, highHalf: a3.oddHalf)
        let b2 = SIMD16(lowHalf: a4.evenHalf, highHalf: a5.evenHalf)
        let b10 = SIMD16(lowHalf: a4.oddHalf, highHalf: a5.oddHalf)
        let b3 = SIMD16(lowHalf: a6.evenHalf, highHalf: a7.evenHalf)
        let b11 = SIMD16(lowHalf: a6.oddHalf, highHalf: a7.oddHalf)
        let b4 = SIMD16(lowHalf: a8.evenHalf, highHalf: a9.evenHalf)
        let b12 = SIMD16(lowHalf: a8.oddHalf, highHalf: a9.oddHalf)
        let b5 = SIMD16(lowHalf: a10.evenHalf, highHalf: a11.evenHalf)
        let b13 = SIMD16(lowHalf: a10.oddHalf, highHalf: a11.oddHalf)
        let b6 = SIMD16(lowHalf: a12.evenHalf, highHalf: a13.evenHalf)
        let b14 = SIMD16(lowHalf: a12.oddHalf, highHalf: a13.oddHalf)
        let b7 = SIMD16(lowHalf: a14.evenHalf, highHalf: a15.evenHalf)
        let b15 = SIMD16(lowHalf: a14.oddHalf, highHalf: a15.oddHalf)
        let c0 = SIMD16(lowHalf: b0.evenHalf, highHalf: b1.evenHalf)
        let c8 = SIMD16(lowHalf: b0.oddHalf, highHalf: b1.oddHalf)
        let c1 = SIMD16(lowHalf: b2.evenHalf, highHalf: b3.evenHalf)
        let c9 = SIMD16(lowHalf: b2.oddHalf, highHalf: b3.oddHalf)
        let c2 = SIMD16(lowHalf: b4.evenHalf, highHalf: b5.evenHalf)
        let c10 = SIMD16(lowHalf: b4.oddHalf, highHalf: b5.oddHalf)
        let c3 = SIMD16(lowHalf: b6.evenHalf, highHalf: b7.evenHalf)
        let c11 = SIMD16(lowHalf: b6.oddHalf, highHalf: b7.oddHalf)
        let c4 = SIMD16(lowHalf: b8.evenHalf, highHalf: b9.evenHalf)
        let c12 = SIMD16(lowHalf: b8.oddHalf, highHalf: b9.oddHalf)
        let c5 = SIMD16(lowHalf: b10.evenHalf, highHalf: b11.evenHalf)
        let c13 = SIMD16(lowHalf: b10.oddHalf, highHalf: b11.oddHalf)
        let c6 = SIMD16(lowHalf: b12.evenHalf, highHalf: b13.evenHalf)
        let c14 = SIMD16(lowHalf: b12.oddHalf, highHalf: b13.oddHalf)
        let c7 = SIMD16(lowHalf: b14.evenHalf, highHalf: b15.evenHalf)
        let c15 = SIMD16(lowHalf: b14.oddHalf, highHalf: b15.oddHalf)
        let d0 = SIMD16(lowHalf: c0.evenHalf, highHalf: c1.evenHalf)
        let d8 = SIMD16(lowHalf: c0.oddHalf, highHalf: c1.oddHalf)
        let d1 = SIMD16(lowHalf: c2.evenHalf, highHalf: c3.evenHalf)
        let d9 = SIMD16(lowHalf: c2.oddHalf, highHalf: c3.oddHalf)
        let d2 = SIMD16(lowHalf: c4.evenHalf, highHalf: c5.evenHalf)
        let d10 = SIMD16(lowHalf: c4.oddHalf, highHalf: c5.oddHalf)
        let d3 = SIMD16(lowHalf: c6.evenHalf, highHalf: c7.evenHalf)
        let d11 = SIMD16(lowHalf: c6.oddHalf, highHalf: c7.oddHalf)
        let d4 = SIMD16(lowHalf: c8.evenHalf, highHalf: c9.evenHalf)
        let d12 = SIMD16(lowHalf: c8.oddHalf, highHalf: c9.oddHalf)
        let d5 = SIMD16(lowHalf: c10.evenHalf, highHalf: c11.evenHalf)
        let d13 = SIMD16(lowHalf: c10.oddHalf, highHalf: c11.oddHalf)
        let d6 = SIMD16(lowHalf: c12.evenHalf, highHalf: c13.evenHalf)
        let d14 = SIMD16(lowHalf: c12.oddHalf, highHalf: c13.oddHalf)
        let d7 = SIMD16(lowHalf: c14.evenHalf, highHalf: c15.evenHalf)
        let d15 = SIMD16(lowHalf: c14.oddHalf, highHalf: c15.oddHalf)
        if lanes == 16 {
            SIMDMemory.store(d0, dst + 0 * ldd)
            SIMDMemory.store(d1, dst + 1 * ldd)
            SIMDMemory.store(d2, dst + 2 * ldd)
            SIMDMemory.store(d3, dst + 3 * ldd)
            SIMDMemory.store(d4, dst + 4 * ldd)
            SIMDMemory.store(d5, dst + 5 * ldd)
            SIMDMemory.store(d6, dst + 6 * ldd)
            SIMDMemory.store(d7, dst + 7 * ldd)
            SIMDMemory.store(d8, dst + 8 * ldd)
            SIMDMemory.store(d9, dst + 9 * ldd)
            SIMDMemory.store(d10, dst + 10 * ldd)
            SIMDMemory.store(d11, dst + 11 * ldd)
            SIMDMemory.store(d12, dst + 12 * ldd)
            SIMDMemory.store(d13, dst + 13 * ldd)
            SIMDMemory.store(d14, dst + 14 * ldd)
            SIMDMemory.store(d15, dst + 15 * ldd)
        } else {
            store12(d0, dst + 0 * ldd)
            store12(d1, dst + 1 * ldd)
            store12(d2, dst + 2 * ldd)
            store12(d3, dst + 3 * ldd)
            store12(d4, dst + 4 * ldd)
            store12(d5, dst + 5 * ldd)
            store12(d6, dst + 6 * ldd)
            store12(d7, dst + 7 * ldd)
            store12(d8, dst + 8 * ldd)
            store12(d9, dst + 9 * ldd)
            store12(d10, dst + 10 * ldd)
            store12(d11, dst + 11 * ldd)
            store12(d12, dst + 12 * ldd)
            store12(d13, dst + 13 * ldd)
            store12(d14, dst + 14 * ldd)
            store12(d15, dst + 15 * ldd)
        }
    }

    /// Stores lanes `0..<12` of `v` at `p[0..<12]`.
    @_transparent
    static func store12(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        let out = UnsafeMutableRawPointer(p)
        out.storeBytes(of: v.lowHalf, as: SIMD8<Float>.self)
        out.storeBytes(of: v.highHalf.lowHalf, toByteOffset: 32, as: SIMD4<Float>.self)
    }
}
