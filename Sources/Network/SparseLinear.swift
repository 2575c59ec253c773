import Kernels

/// A linear map of sparse binary inputs: every row has a fixed number of active features, given
/// by id, and its output is the sum of their weight rows, `y[r] += Σ_k W[ids[r, k]]`.
///
/// This is the emission part of a linear-chain CRF over indicator features (window n-grams
/// hashed into `count` buckets): added to a network's per-label scores before the CRF, the model
/// holds what a feature-based CRF holds. The weights start at zero, so a feature never seen in
/// training adds nothing, and the parameter is marked `lazyRows`: Adam updates only the rows a
/// batch used, as a sparse optimiser would.
public final class SparseLinear {
    /// `[count, output]`, zero-initialised.
    public let weight: Parameter
    /// Number of feature ids (rows of `weight`).
    public let count: Int
    /// Output size per row.
    public let output: Int
    /// Active features per input row.
    public let perRow: Int

    /// A zero map from `count` features to `output` values, `perRow` features per row. With
    /// `allocated` false the weights stay unallocated until assigned (see `Parameter`); until
    /// then `forward` adds nothing.
    public init(name: String, count: Int, output: Int, perRow: Int, allocated: Bool = true) {
        self.count = max(count, 1)
        self.output = max(output, 1)
        self.perRow = max(perRow, 0)
        weight = Parameter(name: name, shape: [self.count, self.output], allocated: allocated)
        weight.lazyRows = true
    }

    /// `y[r, 0..<output] += scale · Σ_k W[ids[r * perRow + k]]` for `r` in `0..<rows`.
    /// - Parameters:
    ///   - ids: `[rows, perRow]` feature ids; an id outside `0..<count` (e.g. -1) is absent.
    ///   - y: `[rows, ldy]`, columns `0..<output` added to.
    ///   - scale: a factor on every row (e.g. `1 / (1 - p)` under feature dropout of rate `p`).
    public func forward(ids: UnsafePointer<Int32>, rows: Int, y: UnsafeMutablePointer<Float>, ldy: Int,
                        scale: Float = 1) {
        guard rows > 0, perRow > 0 else { return }
        let o = output, c = count, k = perRow, full = o / 16 * 16
        weight.value.withUnsafeBufferPointer { wb in
            guard let w = wb.baseAddress else { return }
            // A row's feature rows are read 16 columns at a time, all features per chunk: their
            // first cache misses overlap instead of one row waiting for the next (the table is
            // megabytes, the rows scattered). Each element still sums the features in order.
            withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: k) { sources in
                guard let src = sources.baseAddress else { return }
                for r in 0..<rows {
                    let out = y + r * ldy, row = ids + r * k
                    var active = 0
                    for j in 0..<k {
                        let id = Int(row[j])
                        guard id >= 0 && id < c else { continue }
                        src[active] = w + id * o
                        active += 1
                    }
                    guard active > 0 else { continue }
                    var i = 0
                    while i < full {
                        var sum = SIMDMemory.load(out + i)
                        if scale == 1 {
                            for j in 0..<active { sum += SIMDMemory.load(src[j] + i) }
                        } else {
                            for j in 0..<active { sum += scale * SIMDMemory.load(src[j] + i) }
                        }
                        SIMDMemory.store(sum, out + i)
                        i += 16
                    }
                    while i < o {
                        var sum = out[i]
                        for j in 0..<active { sum += scale == 1 ? src[j][i] : scale * src[j][i] }
                        out[i] = sum
                        i += 1
                    }
                }
            }
        }
    }

    /// Accumulates `dW[ids[r, k]] += scale · dy[r]` for every row and active feature (a feature
    /// active twice receives both contributions).
    /// - Parameters:
    ///   - ids: `[rows, perRow]`, as given to `forward`.
    ///   - dy: `[rows, lddy]` gradient of the output, columns `0..<output` read.
    ///   - scale: the factor given to `forward`.
    public func backward(ids: UnsafePointer<Int32>, rows: Int, dy: UnsafePointer<Float>, lddy: Int,
                         scale: Float = 1) {
        guard rows > 0, perRow > 0 else { return }
        let o = output, c = count, k = perRow
        weight.grad.withUnsafeMutableBufferPointer { gb in
            guard let g = gb.baseAddress else { return }
            for r in 0..<rows {
                let src = dy + r * lddy, row = ids + r * k
                for j in 0..<k {
                    let id = Int(row[j])
                    guard id >= 0 && id < c else { continue }
                    let dst = g + id * o
                    if scale == 1 {
                        for i in 0..<o { dst[i] += src[i] }
                    } else {
                        for i in 0..<o { dst[i] += scale * src[i] }
                    }
                }
            }
        }
    }
}
