import Foundation
import Kernels

/// Softmax over each row of logits, and the cross-entropy loss against gold labels.
public enum SoftmaxCrossEntropy {
    /// Replaces each row's first `classes` columns with their softmax probabilities.
    /// - Parameter logits: `[rows, ld]`.
    public static func softmax(_ logits: UnsafeMutablePointer<Float>, ld: Int, rows: Int, classes: Int) {
        for r in 0..<rows {
            let x = logits + r * ld
            var m = -Float.infinity
            for j in 0..<classes where x[j] > m { m = x[j] }
            if !m.isFinite { m = 0 }
            for j in 0..<classes { x[j] -= m }
            Activations.exp(x, count: classes)
            var sum: Float = 0
            for j in 0..<classes { sum += x[j] }
            let inv = 1 / sum
            for j in 0..<classes { x[j] *= inv }
        }
    }

    /// Loss `Σ_r -log softmax(logits[r])[labels[r]]` over rows whose label is in `0..<classes`
    /// (others, e.g. -1, are masked out: no loss, zero gradient).
    ///
    /// Overwrites `logits` with `scale * (softmax - onehot)`, the gradient of `scale * loss`
    /// (zero rows for masked rows).
    /// - Parameters:
    ///   - logits: `[rows, ld]` in, gradient out.
    ///   - labels: `[rows]`.
    /// - Returns: the unscaled summed loss, in Double.
    public static func lossAndGradient(_ logits: UnsafeMutablePointer<Float>, ld: Int, rows: Int,
                                       classes: Int, labels: UnsafePointer<Int32>, scale: Float) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let x = logits + r * ld
            let y = Int(labels[r])
            guard y >= 0 && y < classes else {
                x.update(repeating: 0, count: classes)
                continue
            }
            var m = -Float.infinity
            for j in 0..<classes where x[j] > m { m = x[j] }
            if !m.isFinite { m = 0 }
            let gold = x[y] - m
            for j in 0..<classes { x[j] -= m }
            Activations.exp(x, count: classes)
            var sum: Float = 0
            for j in 0..<classes { sum += x[j] }
            total += Double(Foundation.log(sum) - gold)
            let inv = scale / sum
            for j in 0..<classes { x[j] *= inv }
            x[y] -= scale
        }
        return total
    }
}
