import Kernels

/// A weight matrix packed for `Gemm` once and reused until the parameters change.
///
/// One parameter `[rows, columns]`: with `transposed` the packed operand is `op(B) = Wᵀ`
/// (`[columns, rows]`, for `y = x·Wᵀ`); otherwise `op(B) = W` (`[rows, columns]`, for `dx = dy·W`).
/// Several parameters with the same number of rows are packed side by side, untransposed:
/// `op(B) = [W₀ | W₁ | …]` (`[rows, Σ columns]`), so one product `dy·[W₀ | W₁]` gives `dy·W₀` and
/// `dy·W₁` in adjacent columns, each element summed exactly as a product with `Wⱼ` alone.
/// `current()` re-packs only when a parameter's `version` moved since the last packing, so a
/// model loaded to predict packs each matrix once instead of on every call, while training (the
/// optimizer writes every step) still always multiplies by the values it just wrote.
/// Not thread-safe: call `current()` before sharing the matrix between threads.
final class PackedWeight {
    /// The source parameters (at least two dimensions each; the trailing ones form the columns),
    /// side by side.
    let parameters: [Parameter]
    /// Whether the packed operand is the transpose of the stored matrix (one parameter only).
    let transposed: Bool
    /// Allocated on first use: a network built only to load weights into and predict never
    /// touches, for instance, the backward operand of `U` (256 KB per direction and layer).
    private var matrix: PackedMatrix?
    private var packedVersions: [UInt64] = []
    /// `[rows, Σ columns]`: the parameters copied side by side before packing (several only).
    private let joined = GrowableBuffer()

    /// A packed copy of `parameter` (rows = `shape[0]`, columns = the rest), packed lazily.
    init(_ parameter: Parameter, transposed: Bool) {
        parameters = [parameter]
        self.transposed = transposed
    }

    /// `[parameters[0] | parameters[1] | …]`, untransposed, packed lazily; every parameter has
    /// the same number of rows (`shape[0]`).
    init(sideBySide parameters: [Parameter]) {
        self.parameters = parameters
        transposed = false
    }

    private var rows: Int { parameters.first?.shape.first ?? 0 }

    private func columns(of parameter: Parameter) -> Int {
        rows > 0 ? parameter.count / rows : 0
    }

    /// The packed operand, up to date with every parameter's value.
    func current() -> PackedMatrix {
        let rows = self.rows
        let widths = parameters.map(columns(of:)), total = widths.reduce(0, +)
        let matrix: PackedMatrix
        if let allocated = self.matrix {
            matrix = allocated
        } else {
            matrix = transposed ? PackedMatrix(k: total, n: rows) : PackedMatrix(k: rows, n: total)
            self.matrix = matrix
        }
        let versions = parameters.map(\.version)
        guard packedVersions != versions else { return matrix }
        if parameters.count == 1 {
            parameters[0].value.withUnsafeBufferPointer { v in
                matrix.pack(transB: transposed, b: base(v), ldb: max(total, 1))
            }
        } else {
            let b = joined.reserve(rows * total)
            var column = 0
            for (parameter, width) in zip(parameters, widths) {
                parameter.value.withUnsafeBufferPointer { v in
                    let source = base(v)
                    for r in 0..<rows {
                        (b + r * total + column).update(from: source + r * width, count: width)
                    }
                }
                column += width
            }
            matrix.pack(transB: false, b: b, ldb: max(total, 1))
        }
        packedVersions = versions
        return matrix
    }
}
