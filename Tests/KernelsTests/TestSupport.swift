import XCTest

/// Deterministic pseudo-random floats in [-1, 1) for the kernel tests.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int32(truncatingIfNeeded: state >> 32)) / 2_147_483_648
    }

    mutating func array(_ count: Int) -> [Float] {
        (0..<count).map { _ in next() }
    }
}
