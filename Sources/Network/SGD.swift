/// Stochastic gradient descent, optionally with (heavy-ball) momentum and L2 weight decay:
/// `v = momentum·v + (g + decay·θ)`, `θ -= lr·v` (without momentum: `θ -= lr·(g + decay·θ)`).
public final class SGD: Optimizer {
    /// The parameters updated by `step()`.
    public let parameters: [Parameter]
    /// Step size `lr`; may be changed between steps (decay).
    public var learningRate: Float
    /// Heavy-ball momentum `μ` in `0..<1` (0 = plain SGD, no state).
    public let momentum: Float
    /// L2 penalty coefficient added to the gradient (0 = none).
    public let weightDecay: Float
    private var velocity: [[Float]]

    /// An optimiser with zero velocity over `parameters`.
    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = momentum > 0 ? parameters.map { [Float](repeating: 0, count: $0.count) } : []
    }

    /// One update of every non-frozen parameter from its current `grad`.
    public func step() {
        let lr = learningRate, mu = momentum, wd = weightDecay
        for (index, p) in parameters.enumerated() where !p.frozen {
            let count = p.count
            withValueAndGrad(p) { x, g in
                if mu > 0 {
                    velocity[index].withUnsafeMutableBufferPointer { vb in
                        let v = base(vb)
                        for k in 0..<count {
                            v[k] = mu * v[k] + g[k] + wd * x[k]
                            x[k] -= lr * v[k]
                        }
                    }
                } else {
                    for k in 0..<count { x[k] -= lr * (g[k] + wd * x[k]) }
                }
            }
        }
    }

    /// `"sgd.v.<parameter>"` per parameter when momentum is on; empty otherwise.
    public func state() -> [(name: String, value: [Float])] {
        guard momentum > 0 else { return [] }
        return parameters.indices.map { ("sgd.v." + parameters[$0].name, velocity[$0]) }
    }

    /// Restores `state()` output (nothing to restore without momentum).
    /// - Throws: `OptimizerStateError` for a missing or mis-sized velocity tensor.
    public func load(state: [String: [Float]]) throws {
        guard momentum > 0 else { return }
        for i in parameters.indices {
            try restore("sgd.v." + parameters[i].name, from: state, into: &velocity[i])
        }
    }
}
