/// A small, fast, seedable pseudo-random generator (Steele, Lea & Flood's SplitMix64).
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded; every random choice in training
/// (initialisation, dropout masks, shuffling) goes through this type so a run is reproducible
/// from its seed. Value semantics: copying a generator copies its state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The whole state: 64 bits, advanced by a fixed odd constant per draw.
    public private(set) var state: UInt64

    /// A generator whose sequence is fully determined by `seed` (any value, 0 included).
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniformly distributed in `[0, 1)` with 24 random bits.
    @inline(__always)
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A float uniformly distributed in `[-bound, bound)`.
    @inline(__always)
    public mutating func nextFloat(bound: Float) -> Float {
        (nextUnitFloat() * 2 - 1) * bound
    }

    /// Derives an independent seed for a sub-stream (e.g. one per dropout site) from a seed and
    /// a stream number, so sub-streams never overlap in practice.
    public static func derive(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return g.next()
    }
}
