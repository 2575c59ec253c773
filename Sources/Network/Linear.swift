import Kernels

/// An affine map `y = x·Wᵀ + b` applied to every row.
public final class Linear {
    /// `[output, input]`.
    public let weight: Parameter
    /// `[output]`.
    public let bias: Parameter
    public let input: Int
    public let output: Int

    /// Weights and bias uniform in `±1/sqrt(input)` (PyTorch's default for linear layers).
    public init(name: String, input: Int, output: Int, generator: inout SplitMix64) {
        self.input = input
        self.output = output
        let bound = 1 / Float(max(input, 1)).squareRoot()
        weight = Parameter(name: name + ".w", shape: [output, input], uniform: bound, generator: &generator)
        bias = Parameter(name: name + ".b", shape: [output], uniform: bound, generator: &generator)
    }

    /// `y[r] = x[r]·Wᵀ + b` for `r` in `0..<rows`.
    /// - Parameters:
    ///   - x: `[rows, ldx]`, columns `0..<input` read.
    ///   - y: `[rows, ldy]`, columns `0..<output` written.
    public func forward(x: UnsafePointer<Float>, ldx: Int, rows: Int,
                        y: UnsafeMutablePointer<Float>, ldy: Int) {
        guard rows > 0 else { return }
        weight.value.withUnsafeBufferPointer { wb in
            bias.value.withUnsafeBufferPointer { bb in
                let b = base(bb)
                for r in 0..<rows { (y + r * ldy).update(from: b, count: output) }
                Gemm.multiply(transB: true, m: rows, n: output, k: input, a: x, lda: ldx,
                              b: base(wb), ldb: input, c: y, ldc: ldy, accumulate: true)
            }
        }
    }

    /// Accumulates `dW += dyᵀ·x`, `db += Σ_r dy[r]`, and writes (or adds, when `accumulate`)
    /// `dx = dy·W`.
    /// - Parameters:
    ///   - x: the forward input `[rows, ldx]`.
    ///   - dy: `[rows, lddy]` gradient of the output.
    ///   - dx: `[rows, lddx]` gradient of the input, or nil when not needed.
    public func backward(x: UnsafePointer<Float>, ldx: Int, rows: Int,
                         dy: UnsafePointer<Float>, lddy: Int,
                         dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulate: Bool = false) {
        guard rows > 0 else { return }
        withValueAndGrad(weight) { w, dw in
            Gemm.multiply(transA: true, m: output, n: input, k: rows, a: dy, lda: lddy,
                          b: x, ldb: ldx, c: dw, ldc: input, accumulate: true)
            if let dx {
                Gemm.multiply(m: rows, n: input, k: output, a: dy, lda: lddy,
                              b: w, ldb: input, c: dx, ldc: lddx, accumulate: accumulate)
            }
        }
        bias.grad.withUnsafeMutableBufferPointer { gb in
            let db = base(gb)
            for r in 0..<rows {
                let row = dy + r * lddy
                for j in 0..<output { db[j] += row[j] }
            }
        }
    }
}
