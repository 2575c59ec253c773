/// Inverted dropout: in training each value is zeroed with probability `rate` and the survivors
/// are scaled by `1 / (1 - rate)`, so nothing changes at inference time.
///
/// The mask is drawn from a `SplitMix64` seeded per call, in row order, so it depends only on
/// the seed and the shape (never on thread scheduling). The mask is kept for `backward`.
public final class Dropout {
    /// Probability of zeroing a value, in `0..<1`.
    public let rate: Float
    private let mask = GrowableBuffer()
    private var maskRows = 0
    private var maskColumns = 0

    /// A dropout layer; `rate` is clamped to `0...0.999`.
    public init(rate: Float) { self.rate = min(max(rate, 0), 0.999) }

    /// Applies dropout in place to columns `0..<columns` of `x` `[rows, ldx]` with a fresh mask
    /// drawn from `seed`. With `rate == 0` this does nothing.
    public func forward(_ x: UnsafeMutablePointer<Float>, ldx: Int, rows: Int, columns: Int, seed: UInt64) {
        maskRows = rows
        maskColumns = columns
        guard rate > 0 else { return }
        let m = mask.reserve(rows * columns)
        var g = SplitMix64(seed: seed)
        let keep = 1 / (1 - rate)
        for r in 0..<rows {
            let row = x + r * ldx
            let mr = m + r * columns
            for j in 0..<columns {
                let s: Float = g.nextUnitFloat() < rate ? 0 : keep
                mr[j] = s
                row[j] *= s
            }
        }
    }

    /// Multiplies the gradient `dx` `[rows, lddx]` in place by the mask of the last `forward`.
    public func backward(_ dx: UnsafeMutablePointer<Float>, lddx: Int) {
        guard rate > 0 else { return }
        let m = mask.pointer
        for r in 0..<maskRows {
            let row = dx + r * lddx
            let mr = m + r * maskColumns
            for j in 0..<maskColumns { row[j] *= mr[j] }
        }
    }
}
