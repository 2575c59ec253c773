import Kernels

/// A trainable tensor: its values and the gradient accumulated into it by backward passes.
///
/// Row-major storage; `shape` documents the layout (e.g. `[4H, input]` for an LSTM input
/// matrix). `grad` always has the same count as `value`. Backward passes add to `grad`;
/// optimisers read it and `zeroGrad()` clears it. A class, so layers and optimisers share it.
/// The gradient's storage is allocated on first write, so a model loaded only to predict
/// carries no gradient memory (a third less resident memory for `biotag tag`).
public final class Parameter {
    /// Unique, stable name used in model files and checkpoints (e.g. `"lstm.0.fw.w"`).
    public let name: String
    /// Dimensions, outermost first; the product equals `value.count`.
    public let shape: [Int]
    /// The values, row-major. Every write (assignment or in-place mutation) advances `version`.
    public var value: [Float] {
        didSet { version &+= 1 }
    }
    /// Advances on every write to `value`; a packed copy of the weights (`PackedWeight`) compares
    /// it with the version it was packed from to know when to re-pack.
    public private(set) var version: UInt64 = 0
    /// The accumulated gradient of the loss with respect to `value` (zeros until written).
    public var grad: [Float] {
        get { gradStorage ?? [Float](repeating: 0, count: scalarCount) }
        set { gradStorage = newValue }
        _modify {
            if gradStorage == nil { gradStorage = [Float](repeating: 0, count: scalarCount) }
            var storage = gradStorage ?? []
            gradStorage = nil           // keep the buffer uniquely referenced while yielded
            defer { gradStorage = storage }
            yield &storage
        }
    }
    private var gradStorage: [Float]?
    /// The product of `shape`, kept apart from `value` so reading it never conflicts with an
    /// exclusive access to `value` (optimisers hold one while they update `grad`).
    private let scalarCount: Int
    /// When true, optimisers leave `value` unchanged (frozen pretrained vectors). Gradients are
    /// still accumulated and counted by clipping.
    public var frozen = false
    /// When true, `Adam` skips rows (of `shape[0]`) whose gradient is all zero, leaving their values
    /// and moments as they are ("lazy" Adam, as for embedding tables where a batch touches few
    /// rows). Off by default: it trades some accuracy early in training (one CoNLL-2003 epoch:
    /// dev F1 69.5 instead of 77.6) for speed with large vocabularies (6.9k instead of 4.2k tok/s).
    public var lazyRows = false

    /// Number of scalars in `value` (the product of `shape` unless created unallocated).
    public var count: Int { value.count }
    /// The product of `shape`: the number of scalars `value` holds once allocated.
    public var shapeCount: Int { scalarCount }

    /// A parameter filled with zeros; with `allocated` false, `value` stays empty until assigned
    /// (weights about to be replaced by a file's, where zeros would be written only to be
    /// thrown away).
    public init(name: String, shape: [Int], allocated: Bool = true) {
        self.name = name
        self.shape = shape
        let n = shape.reduce(1, *)
        scalarCount = n
        value = allocated ? [Float](repeating: 0, count: n) : []
    }

    /// A parameter with values drawn uniformly from `[-bound, bound)` (the usual LSTM/linear
    /// initialisation uses `bound = 1 / sqrt(fanIn)`).
    public convenience init(name: String, shape: [Int], uniform bound: Float,
                            generator: inout SplitMix64) {
        self.init(name: name, shape: shape)
        // Through a buffer: element-wise writes to the stored array checked its uniqueness and
        // exclusive access every time (a few ms of every model load, which builds a network
        // before reading its weights into it).
        value.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = generator.nextFloat(bound: bound) }
        }
    }

    /// Adds `other`'s gradient to this one (e.g. a twin network's, in data-parallel training);
    /// nothing when the counts differ or `other` has no gradient yet.
    public func accumulateGradient(from other: Parameter) {
        guard other.scalarCount == scalarCount, let source = other.gradStorage else { return }
        source.withUnsafeBufferPointer { s in
            grad.withUnsafeMutableBufferPointer { g in
                Vector.add(base(s), to: base(g), count: scalarCount)
            }
        }
    }

    /// Copies `other`'s values into this parameter's own storage (no allocation; `version`
    /// advances), e.g. to keep a twin network in step; nothing when the counts differ. Unlike
    /// assigning `value`, the source stays the only owner of its buffer, so an optimiser's next
    /// in-place update does not have to copy it first.
    public func copyValues(from other: Parameter) {
        guard other.scalarCount == scalarCount else { return }
        other.value.withUnsafeBufferPointer { source in
            value.withUnsafeMutableBufferPointer { target in
                target.baseAddress?.update(from: base(source), count: scalarCount)
            }
        }
    }

    /// For each pair, `copyValues(from:)` then `zeroGrad()` on the copy (`targets[i]` from
    /// `sources[i]`), e.g. a twin network before a data-parallel step. With `threads >= 2`
    /// every parameter is split in two halves copied on two threads; the result is the same.
    /// Pairs with different counts are skipped; a target must not also be a source.
    public static func copyValues(from sources: [Parameter], to targets: [Parameter], threads: Int) {
        let pairs = zip(sources, targets).filter { $0.scalarCount == $1.scalarCount && $0 !== $1 }
        // Buffers are opened on this thread; the threads below only use the pointers.
        func open(_ k: Int, _ opened: [(UnsafePointer<Float>, UnsafeMutablePointer<Float>,
                                         UnsafeMutablePointer<Float>?, Int)]) {
            guard k < pairs.count else {
                Halves.run(threads: threads) { part in
                    for (source, target, grad, count) in opened {
                        let r = half(count, part)
                        (target + r.lowerBound).update(from: source + r.lowerBound, count: r.count)
                        grad.map { ($0 + r.lowerBound).update(repeating: 0, count: r.count) }
                    }
                }
                return
            }
            let (source, target) = pairs[k]
            source.value.withUnsafeBufferPointer { s in
                target.value.withUnsafeMutableBufferPointer { t in
                    if target.gradStorage == nil {
                        open(k + 1, opened + [(base(s), base(t), nil, target.scalarCount)])
                    } else {
                        target.grad.withUnsafeMutableBufferPointer { g in
                            open(k + 1, opened + [(base(s), base(t), base(g), target.scalarCount)])
                        }
                    }
                }
            }
        }
        open(0, [])
    }

    /// For each pair, `targets[i].accumulateGradient(from: sources[i])`, with `threads >= 2`
    /// each parameter's halves on two threads (the same sums).
    public static func accumulateGradients(from sources: [Parameter], into targets: [Parameter],
                                           threads: Int) {
        let pairs = zip(sources, targets).filter {
            $0.scalarCount == $1.scalarCount && $0 !== $1 && $0.gradStorage != nil
        }
        func open(_ k: Int, _ opened: [(UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int)]) {
            guard k < pairs.count else {
                Halves.run(threads: threads) { part in
                    for (source, target, count) in opened {
                        let r = half(count, part)
                        Vector.add(source + r.lowerBound, to: target + r.lowerBound, count: r.count)
                    }
                }
                return
            }
            let (source, target) = pairs[k]
            source.grad.withUnsafeBufferPointer { s in
                target.grad.withUnsafeMutableBufferPointer { t in
                    open(k + 1, opened + [(base(s), base(t), target.scalarCount)])
                }
            }
        }
        open(0, [])
    }

    /// Elements `0..<count` split at a multiple of 16: part 0 the first half, part 1 the rest.
    private static func half(_ count: Int, _ part: Int) -> Range<Int> {
        let middle = count / 32 * 16
        return part == 0 ? 0..<middle : middle..<count
    }

    /// Sets every gradient entry to zero.
    public func zeroGrad() {
        guard gradStorage != nil else { return }
        grad.withUnsafeMutableBufferPointer { g in g.update(repeating: 0) }
    }
}

/// Read access to a parameter's values and write access to its gradient as raw pointers, for the
/// duration of `body`.
@inline(__always)
func withValueAndGrad<R>(_ p: Parameter,
                         _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R)
    rethrows -> R {
    try p.value.withUnsafeMutableBufferPointer { v in
        try p.grad.withUnsafeMutableBufferPointer { g in
            try body(base(v), base(g))
        }
    }
}
