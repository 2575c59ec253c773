import Kernels

/// The input side of a recurrent layer (`LSTM`, `GRU`) whose inputs are sums of table rows:
/// token `r`'s input is `Σ_j table[indices[j][r]]`. Each table row is projected once,
/// `P = table·Wᵀ` (`[rows, input]·[input, G]`, `G` the gate width: 4H for an LSTM, 3H for a
/// GRU), and a token's gate pre-activations are `bias + Σ_j P[indices[j][r]]`; the backward pass
/// sums the gate gradients per row before multiplying. Holds what `backward` needs of the last
/// `forward`: the indices in step order and a copy of the table.
final class TableInput {
    /// Per block, `[count]` table row of each step-order row (-1: none); empty after a dense forward.
    private(set) var stepIndices: [[Int32]] = []
    private var rows = 0
    private let table = GrowableBuffer()      // [rows, input] copy of the last forward's table
    private let projected = GrowableBuffer()  // [rows, G] table·Wᵀ, then its gradient

    /// Whether the last forward read table rows.
    var isUsed: Bool { !stepIndices.isEmpty }

    /// Forgets the table: the next backward is a dense one.
    func clear() {
        stepIndices = []
        rows = 0
    }

    /// Fills `gates` (`[count, G]`, step order) with each token's input side.
    /// - Parameters:
    ///   - table: `[rows, ldt]`, columns `0..<input` read (copied).
    ///   - indices: per block, `[count]` table rows in layout order; a row outside `0..<rows`
    ///     adds nothing, and a missing block (shorter array) likewise.
    ///   - layoutRow: the layout row of step-order row `k`.
    ///   - weight: `W` packed transposed (`[input, G]`); `bias`: `[G]`.
    func project(table: UnsafePointer<Float>, ldt: Int, rows: Int, input: Int, indices: [[Int32]], count n: Int,
                 layoutRow: (Int) -> Int, weight: PackedMatrix, bias b: Parameter, width: Int,
                 gates: UnsafeMutablePointer<Float>) {
        let rows = max(rows, 0)
        self.rows = rows
        stepIndices = (indices.isEmpty ? [[]] : indices).map { index in
            (0..<n).map { k in
                let r = layoutRow(k)
                let row = r < index.count ? Int(index[r]) : -1
                return row >= 0 && row < rows ? Int32(row) : -1
            }
        }
        guard n > 0 else { return }
        let t = self.table.reserve(max(rows, 1) * input)
        for r in 0..<rows { (t + r * input).update(from: table + r * ldt, count: input) }
        // The projection of each row once: P = table·Wᵀ   ([rows, in]·[in, G]).
        let p = projected.reserve(max(rows, 1) * width)
        // The bias joins the rows of the first block once (P = bias + table·Wᵀ there, the same
        // sum bias + x·Wᵀ a token would make first) unless another block shares them.
        var biased = [Bool](repeating: false, count: rows)
        for row in stepIndices[0] where row >= 0 { biased[Int(row)] = true }
        let shared = stepIndices.dropFirst().contains { $0.contains { $0 >= 0 && biased[Int($0)] } }
        if shared { biased = [Bool](repeating: false, count: rows) }
        b.value.withUnsafeBufferPointer { bb in
            let bias = base(bb)
            for r in 0..<rows {
                if biased[r] {
                    (p + r * width).update(from: bias, count: width)
                } else {
                    (p + r * width).update(repeating: 0, count: width)
                }
            }
            Gemm.multiply(m: rows, a: t, lda: input, packed: weight, c: p, ldc: width, accumulate: true)
            withPointers(stepIndices) { indices in
                for k in 0..<n {
                    let g = gates + k * width
                    // g = bias + Σ_j P[index_j], summed in block order.
                    var first: UnsafePointer<Float> = bias, j = 0
                    if !shared, indices[0][k] >= 0 {
                        first = UnsafePointer(p + Int(indices[0][k]) * width)
                        j = 1
                    }
                    while j < indices.count, indices[j][k] < 0 { j += 1 }
                    guard j < indices.count else {
                        g.update(from: first, count: width)
                        continue
                    }
                    Vector.add(first, p + Int(indices[j][k]) * width, into: g, count: width)
                    j += 1
                    while j < indices.count {
                        if indices[j][k] >= 0 { Vector.add(p + Int(indices[j][k]) * width, to: g, count: width) }
                        j += 1
                    }
                }
            }
        }
    }

    /// The backward pass of `project`: `dP[row] = Σ dGates[k]` over the tokens and blocks using
    /// the row, then `dW += dPᵀ·table` (`[G, rows]·[rows, input]`) and, when `gradient` is
    /// given, the table gradient `dP·W` (`[rows, G]·[G, input]`) written or added to it.
    /// - Parameters:
    ///   - dGates: `[count, G]` gate gradients in step order; `scratch`: room for `[G, input]`.
    func backward(dGates dG: UnsafePointer<Float>, count n: Int, input: Int, width: Int, weight w: Parameter,
                  scratch: GrowableBuffer, gradient: UnsafeMutablePointer<Float>?, ldt: Int, accumulate: Bool) {
        let dP = projected.zeroed(max(rows, 1) * width)
        for index in stepIndices {
            for k in 0..<n where index[k] >= 0 {
                Vector.add(dG + k * width, to: dP + Int(index[k]) * width, count: width)
            }
        }
        guard rows > 0 else { return }
        let t = scratch.reserve(width * input)
        Gemm.multiply(transA: true, m: width, n: input, k: rows, a: dP, lda: width, b: table.pointer, ldb: input,
                      c: t, ldc: input)
        let rows = self.rows
        withValueAndGrad(w) { wv, dw in
            Vector.add(t, to: dw, count: width * input)
            guard let gradient else { return }
            Gemm.multiply(m: rows, n: input, k: width, a: dP, lda: width, b: wv, ldb: input, c: gradient, ldc: ldt,
                          accumulate: accumulate)
        }
    }
}
