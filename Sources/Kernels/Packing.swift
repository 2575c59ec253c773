/// Copies operands into the panel layouts the micro-kernels stream through (see `MicroKernel`).
///
/// Blocking over `k`: `k` is cut into `Packing.kBlocks(k)` blocks of equal size (at most
/// `kcMax`), so a B panel (`kc x 32`) stays in L1 while the kernel sweeps the A panels.
enum Packing {
    /// The largest `k` block: a 256 x 32 B panel is 32 KiB, an A panel 12 KiB.
    static let kcMax = 256
    /// Rows of A packed at a time (a block of A stays in L2 while all B panels pass).
    static let mcMax = 144
    /// Columns of B packed at a time by the unpacked `Gemm.multiply` (a 1 MiB workspace).
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
                for p in 0..<kc {
                    let src = a + (p0 + p) * lda + first
                    let out = panel + p * mr
                    for r in 0..<rows { out[r] = src[r] }
                }
            } else {
                for r in 0..<rows {
                    let src = a + (first + r) * lda + p0
                    for p in 0..<kc { panel[p * mr + r] = src[p] }
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

    /// `dst[i * ldd + j] = src[j * lds + i]` for `i, j` in `0..<16`: four rounds of "even lanes
    /// then odd lanes" over the 256 elements rotate the index bits by four, i.e. transpose.
    static func transpose16(_ src: UnsafePointer<Float>, _ lds: Int,
                            _ dst: UnsafeMutablePointer<Float>, _ ldd: Int) {
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 32) { buffer in
            guard var from = buffer.baseAddress else { return }
            var to = from + 16
            for i in 0..<16 { from[i] = SIMDMemory.load(src + i * lds) }
            for _ in 0..<4 {
                for q in 0..<8 {
                    let x = from[2 * q], y = from[2 * q + 1]
                    to[q] = SIMD16(lowHalf: x.evenHalf, highHalf: y.evenHalf)
                    to[8 + q] = SIMD16(lowHalf: x.oddHalf, highHalf: y.oddHalf)
                }
                swap(&from, &to)
            }
            for i in 0..<16 { SIMDMemory.store(from[i], dst + i * ldd) }
        }
    }
}
