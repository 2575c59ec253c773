import Kernels

/// Softmax over each row of logits, and the cross-entropy loss against gold labels.
public enum SoftmaxCrossEntropy {
    /// Replaces each row's first `classes` columns with their softmax probabilities (a row with
    /// +inf or NaN becomes NaN, so a broken model is detectable).
    /// - Parameter logits: `[rows, ld]`.
    public static func softmax(_ logits: UnsafeMutablePointer<Float>, ld: Int, rows: Int, classes: Int) {
        Vector.softmax(rows: rows, columns: classes, logits, ldx: ld)
    }

    /// Loss `Σ_r -log softmax(logits[r])[labels[r]]` over rows whose label is in `0..<classes`
    /// (others, e.g. -1, are masked out: no loss, zero gradient).
    ///
    /// Overwrites `logits` with `scale * (softmax - onehot)`, the gradient of `scale * loss`
    /// (zero rows for masked rows).
    /// - Parameters:
    ///   - logits: `[rows, ld]` in, gradient out.
    ///   - labels: `[rows]`.
    /// - Returns: the unscaled summed loss, in Double (NaN or infinity for non-finite logits).
    public static func lossAndGradient(_ logits: UnsafeMutablePointer<Float>, ld: Int, rows: Int,
                                       classes: Int, labels: UnsafePointer<Int32>, scale: Float) -> Double {
        var total = 0.0
        var lse: Float = 0
        for r in 0..<rows {
            let x = logits + r * ld
            let y = Int(labels[r])
            guard y >= 0 && y < classes else {
                x.update(repeating: 0, count: classes)
                continue
            }
            let gold = x[y]
            Vector.softmax(rows: 1, columns: classes, x, ldx: ld, logSumExp: &lse)
            total += Double(lse) - Double(gold)
            Vector.scale(x, by: scale, count: classes)
            x[y] -= scale
        }
        return total
    }
}
