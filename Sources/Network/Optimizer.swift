/// An update rule for a fixed list of parameters. Two implementations: `SGD` and `Adam`.
public protocol Optimizer: AnyObject {
    /// The parameters updated by `step()`, in a fixed order.
    var parameters: [Parameter] { get }
    /// Learning rate; the training loop may change it between steps (decay).
    var learningRate: Float { get set }
    /// Applies one update from the parameters' current gradients (frozen parameters are skipped).
    func step()
    /// The optimiser's internal state as named tensors (for checkpoints), e.g.
    /// `"adam.m.lstm.0.fw.w"`; scalars (step counts) are one-element tensors.
    func state() -> [(name: String, value: [Float])]
    /// Restores a state produced by `state()` of an optimiser of the same kind over parameters
    /// with the same names and shapes.
    /// - Throws: `OptimizerStateError` naming the first missing or mis-sized tensor.
    func load(state: [String: [Float]]) throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() {
        for p in parameters { p.zeroGrad() }
    }
}

/// A checkpoint's optimiser state does not fit the optimiser it is loaded into.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// The tensor that is missing or has the wrong size.
    public let tensor: String
    /// What is wrong, in one line.
    public let message: String
    /// `optimizer state tensor NAME: MESSAGE`.
    public var description: String { "optimizer state tensor \(tensor): \(message)" }
}

/// Copies a named state tensor into `target`, checking presence and size.
func restore(_ name: String, from state: [String: [Float]], into target: inout [Float]) throws {
    guard let value = state[name] else {
        throw OptimizerStateError(tensor: name, message: "missing from the checkpoint")
    }
    guard value.count == target.count else {
        throw OptimizerStateError(tensor: name,
                                  message: "has \(value.count) values, expected \(target.count)")
    }
    target = value
}
