#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread scratch memory for packing GEMM operands, so steady-state calls never allocate.
///
/// One instance per thread, created on first use and freed when the thread exits. The A buffer
/// has a fixed size (`mcMax x kcMax`); the B buffer grows to the largest block requested so far
/// (at most `kcMax x ncMax`). Both are 64-byte aligned.
final class PackingScratch {
    let a: UnsafeMutablePointer<Float>
    private(set) var b: UnsafeMutablePointer<Float>
    private(set) var bCapacity: Int

    private init() {
        let count = Packing.mcMax * Packing.kcMax
        a = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
        bCapacity = 0
        b = a  // replaced on first `bBuffer(count:)`
    }

    deinit {
        a.deallocate()
        if bCapacity > 0 { b.deallocate() }
    }

    /// A B buffer with room for at least `count` floats (contents unspecified).
    func bBuffer(count: Int) -> UnsafeMutablePointer<Float> {
        if count > bCapacity {
            if bCapacity > 0 { b.deallocate() }
            b = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
            bCapacity = count
        }
        return b
    }

    /// The calling thread's scratch.
    static var current: PackingScratch {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<PackingScratch>.fromOpaque(raw).takeUnretainedValue()
        }
        let scratch = PackingScratch()
        pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        return scratch
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            #if canImport(Darwin)
            Unmanaged<PackingScratch>.fromOpaque(raw).release()
            #else
            if let raw { Unmanaged<PackingScratch>.fromOpaque(raw).release() }
            #endif
        }
        return key
    }()
}
