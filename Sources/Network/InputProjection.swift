import Kernels

/// The input projection `b + x·Wᵀ` of one recurrent direction (`LSTM` or `GRU`), tabulated per
/// symbol, for a first layer whose input `x` is a concatenation of embedding rows
/// (`[word | feature | …]`).
///
/// `x·Wᵀ` is linear in `x`, so with `x = [E₀[id₀] | E₁[id₁] | …]` it is the sum of one row per
/// block: `P₀[id₀] + P₁[id₁] + …`, where `P₀[id] = b + [E₀[id] | 0 …]·Wᵀ` and
/// `Pⱼ[id] = [0 … | Eⱼ[id] | 0 …]·Wᵀ` (`[capacity_j + 1, G]` each, `G` the layer's `gateWidth`,
/// 4H for an LSTM and 3H for a GRU; the extra last row stands for an id outside `0..<count_j`,
/// which `Embedding.forward` turns into a zero vector). Prediction
/// then adds a few rows per token instead of a `[tokens, input]·[input, G]` product: for the
/// reference sizes (input 72, hidden 128) that is a quarter of a one-layer tagger's arithmetic.
///
/// Rows are computed on first use and kept until the layer's `w` or `b` or an embedding table is
/// written (their `Parameter.version` moves). Only the first `capacity` symbols of each block
/// (the most frequent, with a frequency-ordered vocabulary) are kept, so memory is at most
/// `Σ (capacity_j + 1) · G` floats, touched row by row as symbols are seen; rarer symbols are
/// projected each time they occur, as the dense path would. The
/// results equal the dense projection up to float rounding (the sum is formed in another order).
/// Not thread-safe: each direction owns its own table.
public final class InputProjection {
    /// The recurrent direction whose input projection is tabulated.
    public let layer: any RecurrentDirection
    /// The embeddings whose rows form the input, in column order.
    public let embeddings: [Embedding]
    /// The number of symbols of each block kept in the table: ids `0..<capacity[j]` (the most
    /// frequent ones, as `Vocabulary` numbers them); rarer ids are projected on every use.
    public let capacity: [Int]

    private let width: Int                             // G
    private let columns: [Int]                         // first input column of each block
    private let tables: [UnsafeMutablePointer<Float>]  // per block: [capacity_j + 1, G]
    private var filled: [[Bool]]                       // per block: [capacity_j + 1]
    private var versions: [UInt64]                     // w, b, then each embedding table
    private let inputs = GrowableBuffer()                   // [pending, input] rows to project
    private let outputs = GrowableBuffer()                  // [pending, G] their projections
    private var pending: [Int32] = []                  // symbols of one block to project
    private let rare: [GrowableBuffer]                      // per block: [rows, G] rare symbols' rows
    private var rareSlot: [[Int32]]                    // per block: [rows] slot in `rare`, or -1

    /// The default number of symbols per block kept in a table: 512 rows of `G` floats
    /// (1 MB per LSTM direction for `H = 128`) cover almost every character of Korean text with a
    /// frequency-ordered syllable vocabulary, and keep `biotag tag`'s memory small.
    public static let defaultCapacity = 512

    /// A table for `layer` fed by `embeddings` (concatenated in this order), keeping at most
    /// `capacity` symbols per block, or nil when their dimensions do not add up to `layer.input`
    /// or there are none.
    public init?(layer: any RecurrentDirection, embeddings: [Embedding],
                 capacity: Int = InputProjection.defaultCapacity) {
        guard !embeddings.isEmpty, embeddings.map(\.dimension).reduce(0, +) == layer.input else { return nil }
        self.layer = layer
        self.embeddings = embeddings
        self.capacity = embeddings.map { min($0.count, max(capacity, 0)) }
        width = layer.gateWidth
        var columns: [Int] = [], column = 0
        for e in embeddings {
            columns.append(column)
            column += e.dimension
        }
        self.columns = columns
        let w = width
        tables = self.capacity.map { c in
            let count = (c + 1) * w
            return UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
        }
        filled = self.capacity.map { [Bool](repeating: false, count: $0 + 1) }
        versions = []
        rare = embeddings.map { _ in GrowableBuffer() }
        rareSlot = embeddings.map { _ in [] }
    }

    deinit { for t in tables { t.deallocate() } }

    /// Forgets every row when a parameter the rows depend on (`w`, `b`, an embedding table) was
    /// written since they were computed.
    private func refresh() {
        let current = versions.count == embeddings.count + 2 && versions[0] == layer.w.version
            && versions[1] == layer.b.version
            && embeddings.indices.allSatisfy { versions[$0 + 2] == embeddings[$0].table.version }
        guard !current else { return }
        for j in filled.indices { filled[j] = [Bool](repeating: false, count: filled[j].count) }
        versions = [layer.w.version, layer.b.version] + embeddings.map(\.table.version)
    }

    /// Writes the input projections of `rows` tokens: `gates[r, 0..<G] = b + x_r·Wᵀ`.
    /// - Parameters:
    ///   - ids: one pointer per embedding block, each to `[count]` symbol ids in layout order
    ///     (ids outside `0..<count_j` stand for a zero vector, as in `Embedding.forward`).
    ///   - rows: number of tokens to write.
    ///   - layoutRow: the layout row (index into each `ids` array) of output row `r`.
    ///   - gates: `[rows, ldGates]`, columns `0..<G` written.
    public func project(ids: [UnsafePointer<Int32>], rows: Int, layoutRow: (Int) -> Int,
                        gates: UnsafeMutablePointer<Float>, ldGates: Int) {
        guard rows > 0, ids.count == tables.count else { return }
        refresh()
        for j in tables.indices { prepare(block: j, ids: ids[j], rows: rows, layoutRow: layoutRow) }
        let w = width
        for r in 0..<rows {
            let k = layoutRow(r), out = gates + r * ldGates
            let first = source(block: 0, id: ids[0][k], row: r)
            if tables.count == 1 {
                out.update(from: first, count: w)
                continue
            }
            // Two blocks (word and feature) are summed in one pass; more are added on.
            Vector.add(first, source(block: 1, id: ids[1][k], row: r), into: out, count: w)
            for j in 2..<tables.count {
                Vector.add(source(block: j, id: ids[j][k], row: r), to: out, count: w)
            }
        }
    }

    /// Block `j`'s table row for `id`: the id itself when it is among the kept symbols, the
    /// zero vector's row (`capacity[j]`) for an id outside the embedding, nil for a rare symbol
    /// (projected by each call, in `rare[j]`).
    @inline(__always)
    private func tableRow(block j: Int, id: Int32) -> Int? {
        let i = Int(id)
        if i >= 0 && i < capacity[j] { return i }
        return i >= 0 && i < embeddings[j].count ? nil : capacity[j]
    }

    /// Where block `j`'s projection of output row `r` (symbol `id`) is: its table row, or its
    /// row among the rare symbols projected by this call.
    @inline(__always)
    private func source(block j: Int, id: Int32, row r: Int) -> UnsafePointer<Float> {
        guard let row = tableRow(block: j, id: id) else {
            return UnsafePointer(rare[j].pointer + Int(rareSlot[j][r]) * width)
        }
        return UnsafePointer(tables[j] + row * width)
    }

    /// Computes the table rows of block `j` that these tokens need and that are not in the table
    /// yet, and the rows of the rare symbols among them (one per token, in `rare[j]`).
    private func prepare(block j: Int, ids: UnsafePointer<Int32>, rows: Int, layoutRow: (Int) -> Int) {
        let c = capacity[j]
        // Missing table rows, as symbols for `project` (-1: the zero vector's row).
        pending.removeAll(keepingCapacity: true)
        for r in 0..<rows {
            guard let i = tableRow(block: j, id: ids[layoutRow(r)]), !filled[j][i] else { continue }
            filled[j][i] = true
            pending.append(i == c ? -1 : Int32(i))
        }
        if !pending.isEmpty {
            let y = project(block: j, symbols: pending)
            for (r, symbol) in pending.enumerated() {
                (tables[j] + (symbol < 0 ? c : Int(symbol)) * width).update(from: y + r * width, count: width)
            }
        }
        guard c < embeddings[j].count else { return }
        // Rare symbols: projected for this call only, one row per token.
        pending.removeAll(keepingCapacity: true)
        if rareSlot[j].count < rows { rareSlot[j] = [Int32](repeating: -1, count: rows) }
        for r in 0..<rows {
            let id = ids[layoutRow(r)]
            guard tableRow(block: j, id: id) == nil else { continue }
            rareSlot[j][r] = Int32(pending.count)
            pending.append(id)
        }
        guard !pending.isEmpty else { return }
        let y = project(block: j, symbols: pending)
        rare[j].reserve(pending.count * width).update(from: y, count: pending.count * width)
    }

    /// `(j == 0 ? b : 0) + [0 … | E_j[s] | 0 …]·Wᵀ` for each symbol `s` (a symbol outside the
    /// embedding, e.g. -1, standing for the zero vector), in `outputs`, `[symbols.count, G]`.
    /// A block at most half the input wide (a bigram block beside the word's) is multiplied by
    /// its own columns of `W` alone; a wider one by the packed input weights, the other columns
    /// zero. Both give the same sums (the zero columns add nothing).
    private func project(block j: Int, symbols: [Int32]) -> UnsafeMutablePointer<Float> {
        let input = layer.input, w = width, m = symbols.count
        let embedding = embeddings[j], d = embedding.dimension, column = columns[j]
        let own = 2 * d <= input
        let lda = own ? d : input, offset = own ? 0 : column
        let x = inputs.zeroed(m * lda), y = outputs.reserve(m * w)
        embedding.table.value.withUnsafeBufferPointer { tb in
            guard let t = tb.baseAddress else { return }
            for (r, s) in symbols.enumerated() where Int(s) < embedding.count && s >= 0 {
                (x + r * lda + offset).update(from: t + Int(s) * d, count: d)
            }
        }
        layer.b.value.withUnsafeBufferPointer { bb in
            guard let bias = bb.baseAddress else { return }
            for r in 0..<m {
                if j == 0 {
                    (y + r * w).update(from: bias, count: w)
                } else {
                    (y + r * w).update(repeating: 0, count: w)
                }
            }
        }
        if own {
            layer.w.value.withUnsafeBufferPointer { wb in
                guard let weights = wb.baseAddress else { return }
                Gemm.multiply(transB: true, m: m, n: w, k: d, a: x, lda: d, b: weights + column, ldb: input,
                              c: y, ldc: w, accumulate: true)
            }
        } else {
            Gemm.multiply(m: m, a: x, lda: input, packed: layer.packedInput(), c: y, ldc: w, accumulate: true)
        }
        return y
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
