import Corpus
import Network

/// The optimiser chosen by `TrainingOptions.optimizer`, with its state as named tensors for
/// checkpoints (`optimizer.<name>`).
final class OptimizerBox {
    private enum Kind { case adam(Adam), sgd(SGD) }
    private let kind: Kind
    private let parameters: [Parameter]
    static let prefix = "optimizer."

    init(options: TrainingOptions, parameters: [Parameter]) {
        self.parameters = parameters
        switch options.optimizer {
        case .adam: kind = .adam(Adam(parameters: parameters, learningRate: options.learningRate))
        case .sgd: kind = .sgd(SGD(parameters: parameters, learningRate: options.learningRate))
        }
    }

    var learningRate: Float {
        get {
            switch kind {
            case .adam(let o): return o.learningRate
            case .sgd(let o): return o.learningRate
            }
        }
        set {
            switch kind {
            case .adam(let o): o.learningRate = newValue
            case .sgd(let o): o.learningRate = newValue
            }
        }
    }

    func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }

    func step() {
        switch kind {
        case .adam(let o): o.step()
        case .sgd(let o): o.step()
        }
    }

    /// The state as tensors named `optimizer.<state name>`.
    func tensors() -> [Tensor] {
        let state: [(name: String, shape: [Int], values: [Float])]
        switch kind {
        case .adam(let o): state = o.state
        case .sgd(let o): state = o.state
        }
        return state.map { Tensor(name: OptimizerBox.prefix + $0.name, shape: $0.shape, values: $0.values) }
    }

    /// Restores the state from checkpoint tensors.
    /// - Throws: `InputError(.model)` when the checkpoint lacks the state of this optimiser.
    func restore(_ tensors: [Tensor]) throws {
        var values: [String: [Float]] = [:]
        for tensor in tensors where tensor.name.hasPrefix(OptimizerBox.prefix) {
            values[String(tensor.name.dropFirst(OptimizerBox.prefix.count))] = tensor.values
        }
        do {
            switch kind {
            case .adam(let o): try o.setState(values)
            case .sgd(let o): try o.setState(values)
            }
        } catch {
            throw InputError(.model, "the checkpoint's optimizer state does not fit (\(error)); "
                             + "resume with the same --optimizer")
        }
    }
}
