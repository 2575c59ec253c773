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
            var s: Float = 0
            for x in g { s += x * x }
            sum += Double(s)
        }
    }
    let norm = Float(sum.squareRoot())
    guard norm.isFinite, maxNorm > 0, maxNorm.isFinite, norm > maxNorm else { return norm }
    let factor = maxNorm / norm
    for p in parameters {
        p.grad.withUnsafeMutableBufferPointer { g in
            for k in g.indices { g[k] *= factor }
        }
    }
    return norm
}
