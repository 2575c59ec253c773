import Kernels

/// Scales all gradients down so their global L2 norm is at most `maxNorm`.
///
/// - Returns: the norm before clipping (computed in Double). NaN or infinity when some gradient
///   is not finite; gradients are then left unchanged so the caller can refuse the step.
/// - Parameter maxNorm: a positive limit; `0` or less (or infinity) only measures the norm.
@discardableResult
public func clipGlobalNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    var sum = 0.0
    for p in parameters {
        p.grad.withUnsafeBufferPointer { g in
            if let pointer = g.baseAddress { sum += Double(Vector.sumOfSquares(pointer, count: g.count)) }
        }
    }
    let norm = Float(sum.squareRoot())
    guard norm.isFinite, maxNorm > 0, maxNorm.isFinite, norm > maxNorm else { return norm }
    let factor = maxNorm / norm
    for p in parameters {
        p.grad.withUnsafeMutableBufferPointer { g in
            if let pointer = g.baseAddress { Vector.scale(pointer, by: factor, count: g.count) }
        }
    }
    return norm
}
