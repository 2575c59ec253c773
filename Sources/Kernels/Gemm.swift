/// Single-precision matrix products on raw row-major buffers.
///
/// All matrices are row-major with explicit leading dimensions (the distance in elements
/// between consecutive rows). Shapes are stated after transposition:
/// `C[m, n] (+)= op(A)[m, k] · op(B)[k, n]`, where `op(A)` is `A` (`A` stored `[m, k]`) or
/// `Aᵀ` (`A` stored `[k, m]`), and likewise for `B` (`[k, n]` or, transposed, `[n, k]`).
/// Single-threaded (use threads around it, e.g. one per LSTM direction). Unpacked calls pack
/// the operands into a per-thread scratch (no allocation in steady state; an untransposed `B`
/// is read in place when `m ≤ 12`); for a matrix used many times (weights across time steps)
/// pack it once with `PackedMatrix`, which saves that work on every call.
///
/// Numerics: each element is a sum of FMAs in ascending `k` order within blocks of at most 256,
/// the same for every `m`, so a row of `C` is bit-identical whether computed alone or among
/// others, packed or unpacked (it may differ from `naive` by rounding). `C` must not overlap
/// `A` or `B`. NaN and infinities in `A` or `B` reach exactly the elements of `C` they would in
/// the naive loop.
public enum Gemm {
    /// The register tile of the micro-kernels. Both sum every element in the same order, so
    /// results are bit-identical; only speed differs.
    public enum Tile: Sendable, CustomStringConvertible {
        /// 12 rows × 32 columns in 24 accumulators (`MicroKernel`): for 32 vector registers of
        /// 16 floats (AVX-512).
        case wide
        /// 6 rows × 16 columns in at most 12 accumulators (`NarrowMicroKernel`): for CPUs whose
        /// 16-float vector takes two registers of the 16 there are (AVX2) or four (NEON).
        case narrow

        /// `"12x32 (AVX-512 registers)"` or `"6x16 (16 vector registers)"`.
        public var description: String {
            self == .wide ? "12x32 (AVX-512 registers)" : "6x16 (16 vector registers)"
        }
    }

    /// The tile this build uses: `.wide` when the package was built for a CPU with AVX-512
    /// (the `WIDE_VECTOR_REGISTERS` condition Package.swift sets), else `.narrow`.
    #if WIDE_VECTOR_REGISTERS
    public static let tile = Tile.wide
    #else
    public static let tile = Tile.narrow
    #endif

    /// `C = op(A)·op(B)` (or `C += op(A)·op(B)` when `accumulate`).
    /// - Parameters:
    ///   - transA: `A` is stored `[k, m]` and used transposed.
    ///   - transB: `B` is stored `[n, k]` and used transposed (the usual `x·Wᵀ` with `W` `[out, in]`).
    ///   - m, n, k: sizes after transposition; any may be 0 (then `C` is left as is, or zeroed
    ///     when `k == 0` and not accumulating).
    ///   - lda, ldb, ldc: leading dimensions in elements (≥ the stored row length).
    ///   - tile: the micro-kernels to use (results are the same; the default is this build's).
    public static func multiply(transA: Bool = false, transB: Bool = false,
                                m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int,
                                accumulate: Bool = false, tile: Tile = Gemm.tile) {
        if m <= 0 || n <= 0 { return }
        if k <= 0 {
            if !accumulate { zero(m: m, n: n, c: c, ldc: ldc) }
            return
        }
        let scratch = PackingScratch.current
        let blocks = Packing.kBlocks(k)
        if !transB && m <= Self.inPlaceRows {
            // Few rows: each element of B is used at most a few times, so packing B would cost
            // as much as the product. Read its whole 32-column panels in place (same kernels,
            // same summation order) and pack only a last partial panel.
            let full = n / MicroKernel.nr * MicroKernel.nr
            for block in 0..<blocks.count {
                let p0 = block * blocks.size
                let kc = min(blocks.size, k - p0)
                let add = accumulate || block > 0
                Packing.packA(transA: transA, a: a, lda: lda, i0: 0, mc: m, p0: p0, kc: kc,
                              dst: scratch.a)
                if full > 0 {
                    macroKernel(m: m, n: full, kc: kc, a: scratch.a, b: b + p0 * ldb,
                                stride: MicroKernel.nr, step: ldb, c: c, ldc: ldc, accumulate: add,
                                tile: tile)
                }
                if full < n {
                    let panel = scratch.bBuffer(count: kc * MicroKernel.nr)
                    Packing.packB(transB: false, b: b, ldb: ldb, p0: p0, kc: kc, j0: full,
                                  nc: n - full, dst: panel)
                    macroKernel(m: m, n: n - full, kc: kc, a: scratch.a, b: panel, c: c + full,
                                ldc: ldc, accumulate: add, tile: tile)
                }
            }
            return
        }
        var j0 = 0
        while j0 < n {
            let nc = min(Packing.ncMax, n - j0)
            let bPack = scratch.bBuffer(count: blocks.size * Packing.paddedColumns(nc))
            for block in 0..<blocks.count {
                let p0 = block * blocks.size
                let kc = min(blocks.size, k - p0)
                Packing.packB(transB: transB, b: b, ldb: ldb, p0: p0, kc: kc, j0: j0, nc: nc,
                              dst: bPack)
                var i0 = 0
                while i0 < m {
                    let mc = min(Packing.mcMax, m - i0)
                    Packing.packA(transA: transA, a: a, lda: lda, i0: i0, mc: mc, p0: p0, kc: kc,
                                  dst: scratch.a)
                    macroKernel(m: mc, n: nc, kc: kc, a: scratch.a, b: bPack,
                                c: c + i0 * ldc + j0, ldc: ldc, accumulate: accumulate || block > 0,
                                tile: tile)
                    i0 += mc
                }
            }
            j0 += nc
        }
    }

    /// `C = op(A)·B` (or `C += op(A)·B` when `accumulate`) with `B` packed in advance: the
    /// fast path for a weight matrix used at every time step.
    /// - Parameters:
    ///   - transA: `A` is stored `[k, m]` and used transposed.
    ///   - m: rows of `C` (any, including 1); `k` and `n` are `packed.k` and `packed.n`.
    ///   - a: `op(A)` of shape `[m, packed.k]`, leading dimension `lda`.
    ///   - c: `[m, packed.n]`, leading dimension `ldc`.
    ///   - tile: the micro-kernels to use (results are the same; the default is this build's).
    public static func multiply(transA: Bool = false, m: Int,
                                a: UnsafePointer<Float>, lda: Int,
                                packed: PackedMatrix,
                                c: UnsafeMutablePointer<Float>, ldc: Int,
                                accumulate: Bool = false, tile: Tile = Gemm.tile) {
        let n = packed.n, k = packed.k
        if m <= 0 || n <= 0 { return }
        if k <= 0 {
            if !accumulate { zero(m: m, n: n, c: c, ldc: ldc) }
            return
        }
        let scratch = PackingScratch.current
        let blocks = Packing.kBlocks(k)
        var i0 = 0
        while i0 < m {
            let mc = min(Packing.mcMax, m - i0)
            for block in 0..<blocks.count {
                let p0 = block * blocks.size
                let kc = min(blocks.size, k - p0)
                Packing.packA(transA: transA, a: a, lda: lda, i0: i0, mc: mc, p0: p0, kc: kc,
                              dst: scratch.a)
                macroKernel(m: mc, n: n, kc: kc, a: scratch.a,
                            b: packed.panels(block: block, size: blocks.size),
                            c: c + i0 * ldc, ldc: ldc, accumulate: accumulate || block > 0,
                            tile: tile)
            }
            i0 += mc
        }
    }

    /// All of packed `A[m, kc]` (12-row panels) times all of `B[kc, n]` in 32-column panels:
    /// panel `q` at `b + q * stride`, consecutive steps `step` apart (see `MicroKernel`). By
    /// default `B` is packed (`stride = kc·32`, `step = 32`).
    static func macroKernel(m: Int, n: Int, kc: Int,
                            a: UnsafeMutablePointer<Float>, b: UnsafePointer<Float>,
                            stride: Int? = nil, step: Int = MicroKernel.nr,
                            c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                            tile: Tile) {
        let mr = MicroKernel.mr, nr = MicroKernel.nr
        let stride = stride ?? kc * nr
        if tile == .narrow {
            narrowMacroKernel(m: m, n: n, kc: kc, a: a, b: b, stride: stride, step: step, c: c,
                              ldc: ldc, accumulate: accumulate)
            return
        }
        let panels = (n + nr - 1) / nr
        let fullRows = m / mr * mr
        // Whole 12-row panels: each B panel stays in L1 while all A panels pass over it (a last
        // panel of at most 16 columns through the half-width kernel).
        for q in 0..<panels {
            let bq = b + q * stride, cols = min(nr, n - q * nr)
            var i0 = 0
            while i0 < fullRows {
                if cols <= nr / 2 {
                    MicroKernel.rows12Half(kc: kc, a: a + i0 * kc, b: bq, bStep: step,
                                           c: c + i0 * ldc + q * nr, ldc: ldc, cols: cols,
                                           accumulate: accumulate)
                } else {
                    MicroKernel.rows12(kc: kc, a: a + i0 * kc, b: bq, bStride: stride, bStep: step,
                                       c: c + i0 * ldc + q * nr, ldc: ldc, cols: cols,
                                       accumulate: accumulate)
                }
                i0 += mr
            }
        }
        // The rows of the last, partial A panel, in pieces of 8, 4, 2 and 1 rows; the 2- and
        // 1-row kernels take 2 and 4 B panels at a time.
        var r = fullRows
        while r < m {
            let ar = a + fullRows * kc + (r - fullRows), cr = c + r * ldc
            let left = m - r
            var q = 0
            if left >= 8 {
                for q in 0..<panels {
                    MicroKernel.rows8(kc: kc, a: ar, b: b + q * stride, bStride: stride,
                                      bStep: step, c: cr + q * nr, ldc: ldc,
                                      cols: min(nr, n - q * nr), accumulate: accumulate)
                }
                r += 8
            } else if left >= 4 {
                for q in 0..<panels {
                    MicroKernel.rows4(kc: kc, a: ar, b: b + q * stride, bStride: stride,
                                      bStep: step, c: cr + q * nr, ldc: ldc,
                                      cols: min(nr, n - q * nr), accumulate: accumulate)
                }
                r += 4
            } else if left >= 2 {
                while q + 2 <= panels {
                    MicroKernel.rows2x2(kc: kc, a: ar, b: b + q * stride, bStride: stride,
                                        bStep: step, c: cr + q * nr, ldc: ldc,
                                        cols: min(2 * nr, n - q * nr), accumulate: accumulate)
                    q += 2
                }
                if q < panels {
                    MicroKernel.rows2(kc: kc, a: ar, b: b + q * stride, bStride: stride,
                                      bStep: step, c: cr + q * nr, ldc: ldc, cols: n - q * nr,
                                      accumulate: accumulate)
                }
                r += 2
            } else {
                while q + 4 <= panels {
                    MicroKernel.rows1x4(kc: kc, a: ar, b: b + q * stride, bStride: stride,
                                        bStep: step, c: cr + q * nr, ldc: ldc,
                                        cols: min(4 * nr, n - q * nr), accumulate: accumulate)
                    q += 4
                }
                while q < panels {
                    MicroKernel.rows1(kc: kc, a: ar, b: b + q * stride, bStride: stride,
                                      bStep: step, c: cr + q * nr, ldc: ldc,
                                      cols: min(nr, n - q * nr), accumulate: accumulate)
                    q += 1
                }
                r += 1
            }
        }
    }

    /// `macroKernel` with `NarrowMicroKernel` tiles: rows 6 at a time (a 12-row A panel holds
    /// two such groups, a last partial panel one at most), each over the two 16-column halves of
    /// every B panel; the rows left 2 at a time, a last single row two B panels at a time.
    static func narrowMacroKernel(m: Int, n: Int, kc: Int,
                                  a: UnsafeMutablePointer<Float>, b: UnsafePointer<Float>,
                                  stride: Int, step: Int,
                                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        let mr = MicroKernel.mr, nr = MicroKernel.nr, half = nr / 2
        let panels = (n + nr - 1) / nr
        // Row r of packed A: panel r / 12 (kc·12 floats each), offset r % 12 within it.
        func rowA(_ r: Int) -> UnsafeMutablePointer<Float> { a + r / mr * mr * kc + r % mr }
        let sixes = m / 6 * 6
        for q in 0..<panels {
            let bq = b + q * stride, cols = min(nr, n - q * nr)
            var r = 0
            while r < sixes {
                let cr = c + r * ldc + q * nr
                NarrowMicroKernel.rows6Half(kc: kc, a: rowA(r), b: bq, bStep: step, c: cr, ldc: ldc,
                                            cols: min(half, cols), accumulate: accumulate)
                if cols > half {
                    NarrowMicroKernel.rows6Half(kc: kc, a: rowA(r), b: bq + half, bStep: step,
                                                c: cr + half, ldc: ldc, cols: cols - half,
                                                accumulate: accumulate)
                }
                r += 6
            }
        }
        var r = sixes
        while r + 2 <= m {
            for q in 0..<panels {
                MicroKernel.rows2(kc: kc, a: rowA(r), b: b + q * stride, bStride: stride, bStep: step,
                                  c: c + r * ldc + q * nr, ldc: ldc, cols: min(nr, n - q * nr),
                                  accumulate: accumulate)
            }
            r += 2
        }
        if r < m {
            var q = 0
            while q + 2 <= panels {
                NarrowMicroKernel.rows1x2(kc: kc, a: rowA(r), b: b + q * stride, bStride: stride,
                                          bStep: step, c: c + r * ldc + q * nr, ldc: ldc,
                                          cols: min(2 * nr, n - q * nr), accumulate: accumulate)
                q += 2
            }
            if q < panels {
                MicroKernel.rows1(kc: kc, a: rowA(r), b: b + q * stride, bStride: stride, bStep: step,
                                  c: c + r * ldc + q * nr, ldc: ldc, cols: n - q * nr, accumulate: accumulate)
            }
        }
    }

    /// Up to this many rows, an unpacked, untransposed `B` is read in place instead of packed.
    static let inPlaceRows = 12

    static func zero(m: Int, n: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
    }

    /// Reference implementation: the plain triple loop, used by tests as ground truth.
    public static func naive(transA: Bool = false, transB: Bool = false,
                             m: Int, n: Int, k: Int,
                             a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             c: UnsafeMutablePointer<Float>, ldc: Int,
                             accumulate: Bool = false) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += x * y
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
            }
        }
    }
}
