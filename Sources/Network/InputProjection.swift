import Kernels

/// The input projection `b + x·Wᵀ` of one LSTM direction, tabulated per symbol, for a first
/// layer whose input `x` is a concatenation of embedding rows (`[word | feature | …]`).
///
/// `x·Wᵀ` is linear in `x`, so with `x = [E₀[id₀] | E₁[id₁] | …]` it is the sum of one row per
/// block: `P₀[id₀] + P₁[id₁] + …`, where `P₀[id] = b + [E₀[id] | 0 …]·Wᵀ` and
/// `Pⱼ[id] = [0 … | Eⱼ[id] | 0 …]·Wᵀ` (`[count_j + 1, 4H]` each; the extra last row stands for
/// an id outside `0..<count_j`, which `Embedding.forward` turns into a zero vector). Prediction
/// then adds a few rows per token instead of a `[tokens, input]·[input, 4H]` product: for the
/// reference sizes (input 72, hidden 128) that is a quarter of a one-layer tagger's arithmetic.
///
/// Rows are computed on first use and kept until the LSTM's `w` or `b` or an embedding table is
/// written (their `Parameter.version` moves), so memory grows only with the symbols actually
/// seen (at most `Σ (count_j + 1) · 4H` floats, allocated once and touched row by row). The
/// results equal the dense projection up to float rounding (the sum is formed in another order).
/// Not thread-safe: each direction owns its own table.
public final class InputProjection {
    /// The LSTM direction whose input projection is tabulated.
    public let lstm: LSTM
    /// The embeddings whose rows form the input, in column order.
    public let embeddings: [Embedding]

    private let width: Int                         // 4H
    private let tables: [UnsafeMutablePointer<Float>]  // per block: [count_j + 1, 4H]
    private var filled: [[Bool]]                   // per block: [count_j + 1]
    private var versions: [UInt64]                 // w, b, then each embedding table
    private let inputs = Workspace()               // [pending, input] rows to project
    private let outputs = Workspace()              // [pending, 4H] their projections
    private var pending: [Int32] = []              // ids of one block waiting to be projected

    /// A table for `lstm` fed by `embeddings` (concatenated in this order), or nil when their
    /// dimensions do not add up to `lstm.input` or there are none.
    public init?(lstm: LSTM, embeddings: [Embedding]) {
        guard !embeddings.isEmpty, embeddings.map(\.dimension).reduce(0, +) == lstm.input else { return nil }
        self.lstm = lstm
        self.embeddings = embeddings
        width = 4 * lstm.hidden
        let w = width
        tables = embeddings.map { e in
            let count = (e.count + 1) * w
            return UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
        }
        filled = embeddings.map { [Bool](repeating: false, count: $0.count + 1) }
        versions = []
    }

    deinit { for t in tables { t.deallocate() } }

    private var currentVersions: [UInt64] {
        [lstm.w.version, lstm.b.version] + embeddings.map(\.table.version)
    }

    /// Forgets every row when a parameter the rows depend on was written since they were computed.
    private func refresh() {
        let now = currentVersions
        guard now != versions else { return }
        for j in filled.indices { filled[j] = [Bool](repeating: false, count: filled[j].count) }
        versions = now
    }

    /// Writes the input projections of `rows` tokens: `gates[r, 0..<4H] = b + x_r·Wᵀ`.
    /// - Parameters:
    ///   - ids: one pointer per embedding block, each to `[count]` symbol ids in layout order
    ///     (ids outside `0..<count_j` stand for a zero vector, as in `Embedding.forward`).
    ///   - rows: number of tokens to write.
    ///   - layoutRow: the layout row (index into each `ids` array) of output row `r`.
    ///   - gates: `[rows, ldGates]`, columns `0..<4H` written.
    public func project(ids: [UnsafePointer<Int32>], rows: Int, layoutRow: (Int) -> Int,
                        gates: UnsafeMutablePointer<Float>, ldGates: Int) {
        guard rows > 0, ids.count == tables.count else { return }
        refresh()
        for j in tables.indices { fill(block: j, ids: ids[j], rows: rows, layoutRow: layoutRow) }
        let w = width
        for r in 0..<rows {
            let k = layoutRow(r), out = gates + r * ldGates
            out.update(from: tables[0] + index(block: 0, ids[0][k]) * w, count: w)
            for j in 1..<tables.count {
                Vector.add(tables[j] + index(block: j, ids[j][k]) * w, to: out, count: w)
            }
        }
    }

    /// Row of block `j`'s table for `id`: the id itself, or the zero-vector row when out of range.
    @inline(__always)
    private func index(block j: Int, _ id: Int32) -> Int {
        let count = embeddings[j].count
        return id >= 0 && Int(id) < count ? Int(id) : count
    }

    /// Computes the rows of block `j` that these tokens need and that are not in the table yet.
    private func fill(block j: Int, ids: UnsafePointer<Int32>, rows: Int, layoutRow: (Int) -> Int) {
        pending.removeAll(keepingCapacity: true)
        for r in 0..<rows {
            let i = index(block: j, ids[layoutRow(r)])
            if !filled[j][i] {
                filled[j][i] = true
                pending.append(Int32(i))
            }
        }
        guard !pending.isEmpty else { return }
        let input = lstm.input, w = width, m = pending.count
        let embedding = embeddings[j], d = embedding.dimension
        let column = embeddings[0..<j].map(\.dimension).reduce(0, +)
        let x = inputs.zeroed(m * input), y = outputs.reserve(m * w)
        embedding.table.value.withUnsafeBufferPointer { tb in
            guard let t = tb.baseAddress else { return }
            for (r, i) in pending.enumerated() where Int(i) < embedding.count {
                (x + r * input + column).update(from: t + Int(i) * d, count: d)
            }
        }
        lstm.b.value.withUnsafeBufferPointer { bb in
            guard let bias = bb.baseAddress else { return }
            for r in 0..<m {
                if j == 0 {
                    (y + r * w).update(from: bias, count: w)
                } else {
                    (y + r * w).update(repeating: 0, count: w)
                }
            }
        }
        Gemm.multiply(m: m, a: x, lda: input, packed: lstm.packedInput(), c: y, ldc: w, accumulate: true)
        for (r, i) in pending.enumerated() {
            (tables[j] + Int(i) * w).update(from: y + r * w, count: w)
        }
    }
}

/// Base addresses of every array of `arrays` for the duration of `body` (valid storage even for
/// empty arrays).
func withPointers<R>(_ arrays: [[Int32]], _ body: ([UnsafePointer<Int32>]) -> R) -> R {
    func nest(_ i: Int, _ acc: inout [UnsafePointer<Int32>]) -> R {
        if i == arrays.count { return body(acc) }
        return arrays[i].withUnsafeBufferPointer { b in
            acc.append(b.baseAddress ?? UnsafePointer(emptyIDs))
            return nest(i + 1, &acc)
        }
    }
    var acc: [UnsafePointer<Int32>] = []
    acc.reserveCapacity(arrays.count)
    return nest(0, &acc)
}

/// One id of valid storage, standing in for the base address of empty id arrays.
private let emptyIDs = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
