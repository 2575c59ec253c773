import Corpus
import Network

/// The optimiser chosen by `TrainingOptions.optimizer`, with its state as named tensors for
/// checkpoints (`optimizer.<state name>`, one-dimensional).
final class OptimizerBox {
    private let optimizer: any Optimizer
    static let prefix = "optimizer."

    init(options: TrainingOptions, parameters: [Parameter]) {
        switch options.optimizer {
        case .adam:
            let adam = Adam(parameters: parameters, learningRate: options.learningRate)
            adam.threads = options.threads  // the same update for any count
            optimizer = adam
        case .sgd: optimizer = SGD(parameters: parameters, learningRate: options.learningRate)
        }
    }

    var learningRate: Float {
        get { optimizer.learningRate }
        set { optimizer.learningRate = newValue }
    }

    func zeroGrad() { optimizer.zeroGrad() }

    func step() { optimizer.step() }

    /// The state as tensors named `optimizer.<state name>`.
    func tensors() -> [Tensor] {
        optimizer.state().map { Tensor(name: OptimizerBox.prefix + $0.name, shape: [$0.value.count], values: $0.value) }
    }

    /// Restores the state from checkpoint tensors.
    /// - Throws: `InputError(.model)` when the checkpoint lacks the state of this optimiser.
    func restore(_ tensors: [Tensor]) throws {
        var values: [String: [Float]] = [:]
        for tensor in tensors where tensor.name.hasPrefix(OptimizerBox.prefix) {
            values[String(tensor.name.dropFirst(OptimizerBox.prefix.count))] = tensor.values
        }
        do {
            try optimizer.load(state: values)
        } catch {
            throw InputError(.model, "the checkpoint's optimizer state does not fit (\(error)); "
                             + "resume with the same --optimizer")
        }
    }
}
