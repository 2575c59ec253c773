import Corpus
import Network

/// An exponential moving average of the weights over training steps (Polyak averaging): after
/// every optimiser step `a += (1 - d)·(θ - a)`, with `d = min(decay, (1 + t) / (3 + t))` at
/// step `t`: until that reaches `decay`, the average spans about the last half of the steps so
/// far, so the first steps do not weigh on it for long and it covers the K epochs asked for as
/// soon as twice as many have passed. Scoring and saving with the averaged weights
/// (`withAveraged`) gives a model that sits in the middle of where the last epochs' weights
/// wandered, usually a little better than the last weights alone.
final class WeightAverage {
    /// The weight of the old average at each step (the time constant is `1 / (1 - decay)` steps).
    let decay: Float
    /// Steps averaged so far.
    private(set) var steps = 0
    private var averages: [[Float]]
    private let names: [String]

    /// Checkpoint tensors are named `prefix + parameter name`, and `prefix + "step"`.
    static let prefix = "average."

    /// An average starting at the parameters' current values.
    init(parameters: [Parameter], decay: Float) {
        self.decay = min(max(decay, 0), 1)
        averages = parameters.map(\.value)
        names = parameters.map(\.name)
    }

    /// The decay for an average over about `epochs` epochs of `steps` optimiser steps each.
    static func decay(epochs: Float, stepsPerEpoch steps: Int) -> Float {
        1 - 1 / max(epochs * Float(max(steps, 1)), 1)
    }

    /// Folds the parameters' current values into the average (call after each optimiser step).
    func update(_ parameters: [Parameter]) {
        steps += 1
        let d = min(decay, Float(1 + steps) / Float(3 + steps)), k = 1 - d
        for (i, p) in parameters.enumerated() where i < averages.count && averages[i].count == p.count {
            p.value.withUnsafeBufferPointer { x in
                averages[i].withUnsafeMutableBufferPointer { a in
                    for j in a.indices { a[j] += k * (x[j] - a[j]) }
                }
            }
        }
    }

    /// Runs `body` with the averaged weights in the parameters, then puts the trained weights back.
    func withAveraged<R>(_ parameters: [Parameter], _ body: () throws -> R) rethrows -> R {
        let trained = parameters.map(\.value)
        for (i, p) in parameters.enumerated() where i < averages.count && averages[i].count == p.count {
            p.value = averages[i]
        }
        defer { for (p, value) in zip(parameters, trained) { p.value = value } }
        return try body()
    }

    /// The average as checkpoint tensors.
    func tensors() -> [Tensor] {
        [Tensor(name: WeightAverage.prefix + "step", shape: [1], values: [Float(steps)])]
            + zip(names, averages).map {
                Tensor(name: WeightAverage.prefix + $0, shape: [$1.count], values: $1)
            }
    }

    /// Restores `tensors()` output from a checkpoint.
    /// - Throws: `InputError(.model)` when a tensor is missing or has the wrong size.
    func restore(_ tensors: [Tensor]) throws {
        var byName: [String: [Float]] = [:]
        for tensor in tensors where tensor.name.hasPrefix(WeightAverage.prefix) {
            byName[tensor.name] = tensor.values
        }
        guard let step = byName[WeightAverage.prefix + "step"], step.count == 1, step[0].isFinite,
              step[0] >= 0 else {
            throw InputError(.model, "the checkpoint has no weight average; "
                             + "resume without changing --average-epochs")
        }
        var restored = averages
        for (i, name) in names.enumerated() {
            guard let values = byName[WeightAverage.prefix + name], values.count == averages[i].count else {
                throw InputError(.model, "the checkpoint's weight average lacks '\(name)' or has another size")
            }
            restored[i] = values
        }
        averages = restored
        steps = Int(step[0])
    }
}
