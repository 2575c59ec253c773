import Kernels

/// A weight matrix packed for `Gemm` once and reused until the parameter changes.
///
/// `parameter` is `[rows, columns]`. With `transposed` the packed operand is `op(B) = Wᵀ`
/// (`[columns, rows]`, for `y = x·Wᵀ`); otherwise `op(B) = W` (`[rows, columns]`, for `dx = dy·W`).
/// `current()` re-packs only when `parameter.version` moved since the last packing, so a model
/// loaded to predict packs each matrix once instead of on every call, while training (the
/// optimizer writes every step) still always multiplies by the values it just wrote.
/// Not thread-safe: call `current()` before sharing the matrix between threads.
final class PackedWeight {
    /// The source parameter (at least two dimensions; the trailing ones form the columns).
    let parameter: Parameter
    /// Whether the packed operand is the transpose of the stored matrix.
    let transposed: Bool
    /// Allocated on first use: a network built only to load weights into and predict never
    /// touches, for instance, the backward operand of `U` (256 KB per direction and layer).
    private var matrix: PackedMatrix?
    private var packedVersion: UInt64?

    /// A packed copy of `parameter` (rows = `shape[0]`, columns = the rest), packed lazily.
    init(_ parameter: Parameter, transposed: Bool) {
        self.parameter = parameter
        self.transposed = transposed
    }

    /// The packed operand, up to date with `parameter.value`.
    func current() -> PackedMatrix {
        let rows = parameter.shape.first ?? 0
        let columns = rows > 0 ? parameter.count / rows : 0
        let matrix: PackedMatrix
        if let allocated = self.matrix {
            matrix = allocated
        } else {
            matrix = transposed ? PackedMatrix(k: columns, n: rows) : PackedMatrix(k: rows, n: columns)
            self.matrix = matrix
        }
        if packedVersion != parameter.version {
            parameter.value.withUnsafeBufferPointer { v in
                matrix.pack(transB: transposed, b: base(v), ldb: max(columns, 1))
            }
            packedVersion = parameter.version
        }
        return matrix
    }
}
