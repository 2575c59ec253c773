#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small vectorised helpers on raw `Float` buffers (16 lanes at a time, any length).
///
/// Matrices are row-major with a leading dimension (elements between consecutive rows).
/// Pointers may not overlap unless stated.
public enum Vector {
    /// `y[i] += x[i]` for `i` in `0..<count`.
    public static func add(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            SIMDMemory.store(SIMDMemory.load(y + i) + SIMDMemory.load(x + i), y + i)
            i += 16
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// `z[i] = x[i] + y[i]` for `i` in `0..<count`, in one pass (`z` may equal `x` or `y`).
    public static func add(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                           into z: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            SIMDMemory.store(SIMDMemory.load(x + i) + SIMDMemory.load(y + i), z + i)
            i += 16
        }
        while i < count { z[i] = x[i] + y[i]; i += 1 }
    }

    /// `y[i] += alpha * x[i]` for `i` in `0..<count` (BLAS `saxpy`).
    public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                            count: Int) {
        let a = SIMD16<Float>(repeating: alpha)
        var i = 0
        while i + 16 <= count {
            SIMDMemory.store(SIMDMemory.load(y + i).addingProduct(a, SIMDMemory.load(x + i)), y + i)
            i += 16
        }
        while i < count { y[i] = y[i].addingProduct(alpha, x[i]); i += 1 }
    }

    /// `x[i] *= alpha` for `i` in `0..<count`.
    public static func scale(_ x: UnsafeMutablePointer<Float>, by alpha: Float, count: Int) {
        var i = 0
        while i + 16 <= count {
            SIMDMemory.store(SIMDMemory.load(x + i) * alpha, x + i)
            i += 16
        }
        while i < count { x[i] *= alpha; i += 1 }
    }

    /// `y[i] *= x[i]` for `i` in `0..<count` (e.g. applying a dropout mask).
    public static func multiply(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                                count: Int) {
        var i = 0
        while i + 16 <= count {
            SIMDMemory.store(SIMDMemory.load(y + i) * SIMDMemory.load(x + i), y + i)
            i += 16
        }
        while i < count { y[i] *= x[i]; i += 1 }
    }

    /// `Σ x[i]·y[i]` over `0..<count`, accumulated in `Float` with 64 partial sums.
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        var i = 0
        while i + 64 <= count {
            s0 = s0.addingProduct(SIMDMemory.load(x + i), SIMDMemory.load(y + i))
            s1 = s1.addingProduct(SIMDMemory.load(x + i + 16), SIMDMemory.load(y + i + 16))
            s2 = s2.addingProduct(SIMDMemory.load(x + i + 32), SIMDMemory.load(y + i + 32))
            s3 = s3.addingProduct(SIMDMemory.load(x + i + 48), SIMDMemory.load(y + i + 48))
            i += 64
        }
        while i + 16 <= count {
            s0 = s0.addingProduct(SIMDMemory.load(x + i), SIMDMemory.load(y + i))
            i += 16
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < count { sum = sum.addingProduct(x[i], y[i]); i += 1 }
        return sum
    }

    /// `Σ x[i]²` over `0..<count` (for gradient norms). NaN or ±inf in `x` give NaN or +inf, so
    /// a caller can detect them from the result alone.
    public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
        dot(x, x, count: count)
    }

    /// One Adam step on `count` parameters, in place, element by element:
    /// `m = β1·m + (1-β1)·g`, `v = β2·v + (1-β2)·g·g`, `x -= lr·m / (√v·vScale + ε)`.
    /// - Parameters:
    ///   - learningRate: the step size already divided by the first-moment bias correction
    ///     `1 - β1ᵗ`.
    ///   - vScale: `1 / √(1 - β2ᵗ)`, the second-moment bias correction.
    /// The operations (no fused multiply-adds) and their order are those of the plain scalar
    /// loop written as above, so results are bit-identical to it. The square root is one vector
    /// instruction per 16 lanes only because the target builds with `-Xcc -fno-math-errno`
    /// (see Sources/Kernels/README.md).
    public static func adamUpdate(count: Int, x: UnsafeMutablePointer<Float>,
                                  gradient g: UnsafePointer<Float>,
                                  m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                                  beta1: Float, beta2: Float, learningRate: Float, vScale: Float,
                                  epsilon: Float) {
        let b1 = SIMD16<Float>(repeating: beta1), c1 = SIMD16<Float>(repeating: 1 - beta1)
        let b2 = SIMD16<Float>(repeating: beta2), c2 = SIMD16<Float>(repeating: 1 - beta2)
        let lr = SIMD16<Float>(repeating: learningRate), scale = SIMD16<Float>(repeating: vScale)
        let eps = SIMD16<Float>(repeating: epsilon)
        var i = 0
        while i + 16 <= count {
            let gk = SIMDMemory.load(g + i)
            let mk = b1 * SIMDMemory.load(m + i) + c1 * gk
            let vk = b2 * SIMDMemory.load(v + i) + c2 * gk * gk
            SIMDMemory.store(mk, m + i)
            SIMDMemory.store(vk, v + i)
            SIMDMemory.store(SIMDMemory.load(x + i) - lr * mk / (vk.squareRoot() * scale + eps), x + i)
            i += 16
        }
        while i < count {
            let gk = g[i]
            let mk = beta1 * m[i] + (1 - beta1) * gk
            let vk = beta2 * v[i] + (1 - beta2) * gk * gk
            m[i] = mk
            v[i] = vk
            x[i] -= learningRate * mk / (vk.squareRoot() * vScale + epsilon)
            i += 1
        }
    }

    /// `c[r, j] += bias[j]` for `r` in `0..<rows`, `j` in `0..<columns`; `c` has leading
    /// dimension `ldc ≥ columns`, `bias` has `columns` elements.
    public static func addBias(_ bias: UnsafePointer<Float>, rows: Int, columns: Int,
                               to c: UnsafeMutablePointer<Float>, ldc: Int) {
        for r in 0..<max(rows, 0) { add(bias, to: c + r * ldc, count: columns) }
    }

    /// `sum[j] += Σ_r x[r, j]` over `r` in `0..<rows` (the bias gradient of `addBias`); `x` has
    /// leading dimension `ldx ≥ columns`, `sum` has `columns` elements.
    public static func sumRows(rows: Int, columns: Int, _ x: UnsafePointer<Float>, ldx: Int,
                               into sum: UnsafeMutablePointer<Float>) {
        for r in 0..<max(rows, 0) { add(x + r * ldx, to: sum, count: columns) }
    }

    /// Row-wise log-sum-exp: `out[r] = log Σ_j exp(x[r, j])` for `r` in `0..<rows`, computed
    /// stably around the row's maximum; `x` has leading dimension `ldx ≥ columns`. A row of all
    /// `-inf` (or `columns == 0`) gives `-inf`; a row holding `+inf` gives `+inf`; NaN propagates.
    public static func logSumExp(rows: Int, columns: Int, _ x: UnsafePointer<Float>, ldx: Int,
                                 into out: UnsafeMutablePointer<Float>) {
        for r in 0..<max(rows, 0) {
            out[r] = rowLogSumExp(x + r * ldx, count: columns, store: nil)
        }
    }

    /// Row-wise softmax in place: `x[r, j] = exp(x[r, j] - lse[r])` with `lse` the row's
    /// log-sum-exp (as `logSumExp`), which is also written to `logSumExp[r]` when given (the
    /// cross-entropy loss needs both). A row of all `-inf` becomes all zeros; a row holding
    /// `+inf` or NaN becomes all NaN (so a non-finite loss is detectable).
    public static func softmax(rows: Int, columns: Int, _ x: UnsafeMutablePointer<Float>, ldx: Int,
                               logSumExp: UnsafeMutablePointer<Float>? = nil) {
        for r in 0..<max(rows, 0) {
            let row = x + r * ldx
            let lse = rowLogSumExp(row, count: columns, store: row)
            logSumExp?[r] = lse
            if lse == -.infinity {
                row.update(repeating: 0, count: columns)
            } else if !lse.isFinite {
                row.update(repeating: .nan, count: columns)
            } else {
                // `row` now holds exp(x - max); normalise by its sum.
                scale(row, by: 1 / sum(row, count: columns), count: columns)
            }
        }
    }

    /// `Σ x[i]` over `0..<count`.
    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var s = SIMD16<Float>()
        var i = 0
        while i + 16 <= count { s += SIMDMemory.load(x + i); i += 16 }
        var total = s.sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }

    /// Log-sum-exp of one row. Only for a finite result, when `store` is given, it also writes
    /// `exp(x[j] - max)` there (`store` may equal `x`).
    static func rowLogSumExp(_ x: UnsafePointer<Float>, count: Int,
                             store: UnsafeMutablePointer<Float>?) -> Float {
        guard count > 0 else { return -.infinity }
        var vmax = SIMD16<Float>(repeating: -.infinity)
        var nan = false
        var i = 0
        while i + 16 <= count {
            let v = SIMDMemory.load(x + i)
            vmax.replace(with: v, where: v .> vmax)
            i += 16
        }
        var best = vmax.max()
        while i < count {
            if x[i] > best { best = x[i] }
            i += 1
        }
        if best == .infinity { return .infinity }
        if best == -.infinity {
            for j in 0..<count where x[j].isNaN { nan = true }
            return nan ? .nan : -.infinity
        }
        let shift = SIMD16<Float>(repeating: best)
        var total = SIMD16<Float>()
        i = 0
        while i < count {
            let lanes = min(16, count - i)
            var v = lanes == 16 ? SIMDMemory.load(x + i)
                                : SIMDMemory.loadPartial(x + i, count: lanes, fill: -.infinity)
            v = Activations.exp(v - shift)
            total += v
            if let store {
                if lanes == 16 { SIMDMemory.store(v, store + i) }
                else { SIMDMemory.storePartial(v, store + i, count: lanes) }
            }
            i += 16
        }
        return best + logf(total.sum())
    }
}
