/// Single-precision matrix products on raw row-major buffers.
///
/// All matrices are row-major with explicit leading dimensions (the distance in elements
/// between consecutive rows). Shapes are stated after transposition:
/// `C[m, n] (+)= op(A)[m, k] · op(B)[k, n]`, where `op(A)` is `A` (`A` stored `[m, k]`) or
/// `Aᵀ` (`A` stored `[k, m]`), and likewise for `B` (`[k, n]` or, transposed, `[n, k]`).
/// No allocation for unpacked calls beyond a small per-thread workspace; single-threaded.
public enum Gemm {
    /// `C = op(A)·op(B)` (or `C += op(A)·op(B)` when `accumulate`).
    /// - Parameters:
    ///   - transA: `A` is stored `[k, m]` and used transposed.
    ///   - transB: `B` is stored `[n, k]` and used transposed (the usual `x·Wᵀ` with `W` `[out, in]`).
    ///   - m, n, k: sizes after transposition; any may be 0 (then `C` is left as is, or zeroed
    ///     when `k == 0` and not accumulating).
    ///   - lda, ldb, ldc: leading dimensions in elements (≥ the stored row length).
    public static func multiply(transA: Bool = false, transB: Bool = false,
                                m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int,
                                accumulate: Bool = false) {
        naive(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
              c: c, ldc: ldc, accumulate: accumulate)
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
