#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable scratch buffer of floats, reused across batches so hot loops never allocate.
///
/// `reserve(_:)` returns storage for at least `count` floats (contents unspecified after a
/// growth); `zeroed(_:)` also clears them. 64-byte aligned for SIMD loads. Not thread-safe:
/// each thread (each LSTM direction) owns its own buffers.
///
/// Growth goes through `realloc`, which moves a large block's pages to the new size (`mremap`
/// on Linux) instead of freeing them and faulting in fresh ones: a buffer that grows batch
/// after batch in a first epoch touches each page once instead of about three times its final
/// size (a one-epoch `biotag train` on UD Korean GSD: 93,000 page faults before, 48,000 after).
public final class GrowableBuffer {
    /// The storage (valid until the next growing `reserve`).
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// Number of floats available at `pointer`.
    public private(set) var capacity: Int
    /// The block from `malloc`/`realloc`; `pointer` is its first 64-byte boundary.
    private var block: UnsafeMutableRawPointer

    /// An empty buffer with room for `capacity` floats.
    public init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        block = GrowableBuffer.resize(nil, floats: self.capacity)
        pointer = GrowableBuffer.aligned(block)
    }

    deinit { free(block) }

    /// Extra bytes per block, so that its first 64-byte boundary still leaves room for the
    /// floats (malloc aligns to 16 only).
    private static let slack = 64

    /// `block` resized (or a new block) with room for `floats` floats after its 64-byte boundary.
    private static func resize(_ block: UnsafeMutableRawPointer?, floats: Int) -> UnsafeMutableRawPointer {
        let bytes = floats * MemoryLayout<Float>.stride + slack
        if let resized = realloc(block, bytes) { return resized }
        // Out of memory: the old block (still valid) goes, and Swift's allocator either finds
        // room or fails the way every Swift allocation does; its blocks come from malloc, so
        // `free` and `realloc` still apply.
        free(block)
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
    }

    private static func aligned(_ block: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Float> {
        let offset = (slack - Int(bitPattern: block) % slack) % slack
        return (block + offset).bindMemory(to: Float.self, capacity: 1)
    }

    /// Storage for at least `count` floats; previous contents are kept only if no growth happened.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            capacity = max(count, capacity + capacity / 2)
            block = GrowableBuffer.resize(block, floats: capacity)
            pointer = GrowableBuffer.aligned(block)
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
