/// Unaligned 16-lane loads and stores on raw `Float` buffers.
///
/// These are `@_transparent` on purpose: with `@inline(__always)` the compiler kept them as calls
/// and passed each `SIMD16<Float>` as four xmm registers (see `Sources/Kernels/README.md`).
/// Any alignment is allowed; the caller guarantees 16 valid elements at the address.
public enum SIMDMemory {
    /// Loads `p[0..<16]` into one vector (one unaligned vector load).
    @_transparent
    public static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Loads `p[0..<16]` into one vector (one unaligned vector load).
    @_transparent
    public static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores `v` into `p[0..<16]` (one unaligned vector store).
    @_transparent
    public static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// Loads the first `count` (0...16) elements of `p`; the other lanes are `fill`.
    /// Reads exactly `count` elements, so it is safe at the end of a buffer.
    @_transparent
    public static func loadPartial(_ p: UnsafePointer<Float>, count: Int,
                                   fill: Float = 0) -> SIMD16<Float> {
        var v = SIMD16<Float>(repeating: fill)
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    /// Stores the first `count` (0...16) lanes of `v` into `p`; writes nothing else.
    @_transparent
    public static func storePartial(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>,
                                    count: Int) {
        for i in 0..<count { p[i] = v[i] }
    }
}
