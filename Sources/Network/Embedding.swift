/// A lookup table: row `id` of `table` is the vector of symbol `id`.
///
/// Forward gathers rows; backward scatter-adds the output gradient into the rows used (a symbol
/// used twice receives both contributions).
public final class Embedding {
    /// `[count, dimension]`.
    public let table: Parameter
    /// Number of symbols (rows).
    public let count: Int
    /// Vector size (columns).
    public let dimension: Int

    /// A table of `count` vectors of size `dimension`, uniformly initialised.
    /// - Parameters:
    ///   - bound: initial values are uniform in `[-bound, bound)`; default `sqrt(3 / dimension)`
    ///     (unit variance per vector).
    public init(name: String, count: Int, dimension: Int, bound: Float? = nil,
                generator: inout SplitMix64) {
        self.count = count
        self.dimension = dimension
        let b = bound ?? (3 / Float(max(dimension, 1))).squareRoot()
        table = Parameter(name: name, shape: [count, dimension], uniform: b, generator: &generator)
    }

    /// A second lookup into `other`'s table (the same `Parameter`): e.g. a token's left and
    /// right bigram read one bigram table, and both backward passes add to its gradient.
    public init(sharing other: Embedding) {
        count = other.count
        dimension = other.dimension
        table = other.table
    }

    /// `y[r, 0..<dimension] = table[ids[r]]` for `r` in `0..<ids.count`.
    /// - Parameters:
    ///   - ids: `[rows]` symbol ids, one per output row; ids outside `0..<count` give a zero
    ///     vector (callers map unknown symbols to their UNK id beforehand).
    ///   - y: `[rows, ldy]`, columns `0..<dimension` written.
    public func forward(ids: [Int32], y: UnsafeMutablePointer<Float>, ldy: Int) {
        table.value.withUnsafeBufferPointer { tb in
            let t = base(tb)
            for r in ids.indices {
                let id = Int(ids[r])
                let out = y + r * ldy
                if id >= 0 && id < count {
                    out.update(from: t + id * dimension, count: dimension)
                } else {
                    out.update(repeating: 0, count: dimension)
                }
            }
        }
    }

    /// `table.grad[ids[r]] += dy[r]` for every row.
    /// - Parameters:
    ///   - dy: `[rows, lddy]`, columns `0..<dimension` read.
    public func backward(ids: [Int32], dy: UnsafePointer<Float>, lddy: Int) {
        table.grad.withUnsafeMutableBufferPointer { gb in
            let g = base(gb)
            for r in ids.indices {
                let id = Int(ids[r])
                guard id >= 0 && id < count else { continue }
                let dst = g + id * dimension
                let src = dy + r * lddy
                for k in 0..<dimension { dst[k] += src[k] }
            }
        }
    }
}
