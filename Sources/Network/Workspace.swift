/// A growable scratch buffer of floats, reused across batches so hot loops never allocate.
///
/// `reserve(_:)` returns storage for at least `count` floats (contents unspecified after a
/// growth); `zeroed(_:)` also clears them. 64-byte aligned for SIMD loads. Not thread-safe:
/// each thread (each LSTM direction) owns its own buffers.
public final class Workspace {
    /// The storage (valid until the next growing `reserve`).
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// Number of floats available at `pointer`.
    public private(set) var capacity: Int

    /// An empty workspace with room for `capacity` floats.
    public init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        pointer = Workspace.allocate(self.capacity)
    }

    deinit { pointer.deallocate() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
    }

    /// Storage for at least `count` floats; previous contents are kept only if no growth happened.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity + capacity / 2)
            pointer = Workspace.allocate(capacity)
        }
        return pointer
    }

    /// Storage for at least `count` floats, the first `count` set to zero.
    @discardableResult
    public func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = reserve(count)
        p.update(repeating: 0, count: count)
        return p
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

/// One float of valid storage, standing in for the base address of empty buffers.
private let emptyStorage = UnsafeMutablePointer<Float>.allocate(capacity: 16)

/// The base address of a buffer, or valid dummy storage when the buffer is empty.
@inline(__always)
func base(_ b: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float> {
    b.baseAddress ?? emptyStorage
}

/// The base address of a buffer, or valid dummy storage when the buffer is empty.
@inline(__always)
func base(_ b: UnsafeBufferPointer<Float>) -> UnsafePointer<Float> {
    b.baseAddress.map { UnsafePointer($0) } ?? UnsafePointer(emptyStorage)
}
