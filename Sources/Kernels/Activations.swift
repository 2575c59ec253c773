import Foundation

/// Elementwise activations on raw buffers, in place. Vectorised in release builds.
public enum Activations {
    /// `x[i] = 1 / (1 + exp(-x[i]))` for `i` in `0..<count`. Saturates cleanly for |x| large.
    public static func sigmoid(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = 1 / (1 + Foundation.exp(-x[i])) }
    }

    /// `x[i] = tanh(x[i])` for `i` in `0..<count`.
    public static func tanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = Foundation.tanh(x[i]) }
    }

    /// `x[i] = exp(x[i])` for `i` in `0..<count`; overflow gives +inf, underflow 0.
    public static func exp(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = Foundation.exp(x[i]) }
    }
}
