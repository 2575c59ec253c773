import Glibc
import Kernels

/// Adam (Kingma & Ba 2015) with bias correction:
/// `m = β1·m + (1-β1)·g`, `v = β2·v + (1-β2)·g²`, `θ -= lr·m̂ / (sqrt(v̂) + ε)`.
/// Parameters with `lazyRows` (opt-in, e.g. large embedding tables) skip rows whose gradient is
/// all zero.
public final class Adam: Optimizer {
    /// The parameters updated by `step()`.
    public let parameters: [Parameter]
    /// Step size `lr`; may be changed between steps (decay).
    public var learningRate: Float
    /// Decay of the first-moment average (0.9).
    public let beta1: Float
    /// Decay of the second-moment average (0.999).
    public let beta2: Float
    /// Added to `sqrt(v̂)` to avoid division by zero (1e-8).
    public let epsilon: Float
    /// With 2 or more, `step()` updates the parameters on two threads (each half of every
    /// parameter; the result is the same for any thread count).
    public var threads = 1
    /// Number of steps taken (drives the bias correction).
    public private(set) var steps: Int = 0
    private var m: [[Float]]
    private var v: [[Float]]

    /// An optimiser with zero moments over `parameters`.
    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = parameters.map { [Float](repeating: 0, count: $0.count) }
        v = m
    }

    /// One Adam update of every non-frozen parameter from its current `grad`. Every parameter is
    /// cut in two halves (of its values, or of its rows with `lazyRows`); with `threads >= 2` the
    /// halves of all parameters are updated on two threads in one round, so the step costs one
    /// synchronisation. Each element's update is the same for any thread count.
    public func step() {
        steps += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let c1 = 1 - Float(Glibc.pow(Double(b1), Double(steps)))
        let c2 = 1 - Float(Glibc.pow(Double(b2), Double(steps)))
        let lr = learningRate / c1, sc2 = 1 / c2.squareRoot()
        let active = parameters.indices.filter { !parameters[$0].frozen }
        // Sizes read before the buffers open (`count` reads `value`, which is then being modified).
        let counts = active.map { parameters[$0].count }
        let widths = active.map { parameters[$0].lazyRows && parameters[$0].shape.count == 2
                                  ? parameters[$0].shape[1] : 0 }
        // Every buffer is opened here, on this thread; the threads below only use the pointers.
        withBuffers(active[...]) { buffers in
            func update(part: Int) {
                for (j, buffer) in buffers.enumerated() {
                    let count = counts[j], width = widths[j]
                    func update(_ range: Range<Int>) {
                        let k = range.lowerBound
                        Vector.adamUpdate(count: range.count, x: buffer.x + k, gradient: buffer.g + k,
                                          m: buffer.m + k, v: buffer.v + k, beta1: b1, beta2: b2,
                                          learningRate: lr, vScale: sc2, epsilon: eps)
                    }
                    if width > 0 {
                        let rows = count / width, half = rows / 2
                        for row in (part == 0 ? 0..<half : half..<rows)
                        where !isZero(buffer.g + row * width, count: width) {
                            update(row * width..<(row + 1) * width)
                        }
                    } else {
                        // Halves on 16-element boundaries (whole vectors, so that each element's
                        // update is the same as in one piece).
                        let half = count / 32 * 16
                        update(part == 0 ? 0..<half : half..<count)
                    }
                }
            }
            Halves.run(threads: threads, update(part:))
        }
    }

    /// The value, gradient and moment buffers of one parameter, open for the duration of a step.
    private typealias Buffers = (x: UnsafeMutablePointer<Float>, g: UnsafeMutablePointer<Float>,
                                 m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>)

    /// Calls `body` with the buffers of the parameters at `indices` (in order) all open at once.
    private func withBuffers(_ indices: ArraySlice<Int>, _ body: ([Buffers]) -> Void) {
        // The moment arrays are opened through their outer buffers: nested accesses to
        // different elements of `m` would each be an access to the whole property.
        m.withUnsafeMutableBufferPointer { ms in
            v.withUnsafeMutableBufferPointer { vs in
                func open(_ indices: ArraySlice<Int>, _ opened: [Buffers]) {
                    guard let index = indices.first else { return body(opened) }
                    withValueAndGrad(parameters[index]) { x, g in
                        ms[index].withUnsafeMutableBufferPointer { mb in
                            vs[index].withUnsafeMutableBufferPointer { vb in
                                open(indices.dropFirst(), opened + [(x, g, base(mb), base(vb))])
                            }
                        }
                    }
                }
                open(indices, [])
            }
        }
    }

    /// True when `x[0..<count]` are all zero.
    private func isZero(_ x: UnsafePointer<Float>, count: Int) -> Bool {
        var k = 0
        while k + 16 <= count {
            if any(SIMDMemory.load(x + k) .!= 0) { return false }
            k += 16
        }
        while k < count {
            if x[k] != 0 { return false }
            k += 1
        }
        return true
    }

    /// `"adam.step"` (one value), then `"adam.m.<parameter>"` and `"adam.v.<parameter>"`.
    public func state() -> [(name: String, value: [Float])] {
        var out: [(name: String, value: [Float])] = [("adam.step", [Float(steps)])]
        for i in parameters.indices {
            out.append(("adam.m." + parameters[i].name, m[i]))
            out.append(("adam.v." + parameters[i].name, v[i]))
        }
        return out
    }

    /// Restores `state()` output.
    /// - Throws: `OptimizerStateError` for a missing or mis-sized tensor or a bad step count.
    public func load(state: [String: [Float]]) throws {
        var step: [Float] = [0]
        try restore("adam.step", from: state, into: &step)
        guard step[0].isFinite, step[0] >= 0 else {
            throw OptimizerStateError(tensor: "adam.step", message: "is not a step count")
        }
        for i in parameters.indices {
            try restore("adam.m." + parameters[i].name, from: state, into: &m[i])
            try restore("adam.v." + parameters[i].name, from: state, into: &v[i])
        }
        steps = Int(step[0])
    }
}
