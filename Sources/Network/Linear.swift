import Kernels

/// An affine map `y = x·Wᵀ + b` applied to every row.
///
/// The work is always split the same way into two halves (rows for the forward pass and the
/// input gradient, output units for the weight gradient); with `threads >= 2` the halves run
/// concurrently. The split does not depend on `threads`, so results are identical for 1 and 2.
public final class Linear {
    /// `[output, input]`.
    public let weight: Parameter
    /// `[output]`.
    public let bias: Parameter
    /// Input size per row.
    public let input: Int
    /// Output size per row.
    public let output: Int
    /// 1 runs the two halves one after the other; 2 or more runs them concurrently.
    public var threads = 1
    private let packedWeight: PackedWeight  // op(B) = Wᵀ, [input, output], for x·Wᵀ

    /// Weights and bias uniform in `±1/sqrt(input)` (PyTorch's default for linear layers).
    public init(name: String, input: Int, output: Int, generator: inout SplitMix64) {
        self.input = input
        self.output = output
        let bound = 1 / Float(max(input, 1)).squareRoot()
        weight = Parameter(name: name + ".w", shape: [output, input], uniform: bound, generator: &generator)
        bias = Parameter(name: name + ".b", shape: [output], uniform: bound, generator: &generator)
        packedWeight = PackedWeight(weight, transposed: true)
    }

    /// `y[r] = x[r]·Wᵀ + b` for `r` in `0..<rows`.
    /// - Parameters:
    ///   - x: `[rows, ldx]`, columns `0..<input` read.
    ///   - y: `[rows, ldy]`, columns `0..<output` written.
    public func forward(x: UnsafePointer<Float>, ldx: Int, rows: Int,
                        y: UnsafeMutablePointer<Float>, ldy: Int) {
        guard rows > 0 else { return }
        let half = (rows + 1) / 2
        let w = packedWeight.current()  // packed before the halves share it
        bias.value.withUnsafeBufferPointer { bb in
            let b = base(bb)
            Halves.run(threads: threads) { part in
                let r0 = part == 0 ? 0 : half, r1 = part == 0 ? half : rows
                guard r1 > r0 else { return }
                for r in r0..<r1 { (y + r * ldy).update(from: b, count: self.output) }
                Gemm.multiply(m: r1 - r0, a: x + r0 * ldx, lda: ldx, packed: w, c: y + r0 * ldy, ldc: ldy,
                              accumulate: true)
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
        let rowHalf = (rows + 1) / 2, unitHalf = (output + 1) / 2
        withValueAndGrad(weight) { w, dw in
            bias.grad.withUnsafeMutableBufferPointer { gb in
                let db = base(gb)
                Halves.run(threads: threads) { part in
                    // Output units j0..<j1: dW[j0..<j1] += dy[:, j0..<j1]ᵀ · x, db likewise.
                    let j0 = part == 0 ? 0 : unitHalf, j1 = part == 0 ? unitHalf : self.output
                    if j1 > j0 {
                        Gemm.multiply(transA: true, m: j1 - j0, n: self.input, k: rows, a: dy + j0, lda: lddy,
                                      b: x, ldb: ldx, c: dw + j0 * self.input, ldc: self.input,
                                      accumulate: true)
                        Vector.sumRows(rows: rows, columns: j1 - j0, dy + j0, ldx: lddy, into: db + j0)
                    }
                    // Rows r0..<r1: dx = dy · W.
                    let r0 = part == 0 ? 0 : rowHalf, r1 = part == 0 ? rowHalf : rows
                    if let dx, r1 > r0 {
                        Gemm.multiply(m: r1 - r0, n: self.input, k: self.output, a: dy + r0 * lddy, lda: lddy,
                                      b: w, ldb: self.input, c: dx + r0 * lddx, ldc: lddx,
                                      accumulate: accumulate)
                    }
                }
            }
        }
    }
}
