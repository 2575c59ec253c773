import XCTest
import Kernels
@testable import Network

final class PackedWeightTests: XCTestCase {
    /// `current()` packs `W` (or `Wᵀ`) so a product with it equals the naive product, and packs
    /// again after every kind of write to the parameter.
    func testProductsFollowTheParameter() {
        var g = SplitMix64(seed: 5)
        let w = Parameter(name: "w", shape: [5, 3], uniform: 1, generator: &g)   // [rows 5, columns 3]
        let transposed = PackedWeight(w, transposed: true)    // op(B) = Wᵀ: [3, 5]
        let plain = PackedWeight(w, transposed: false)        // op(B) = W: [5, 3]
        func check(_ label: String) {
            let x3 = (0..<(2 * 3)).map { _ in g.nextFloat(bound: 1) }   // [2, 3]
            var y = [Float](repeating: 0, count: 2 * 5), expected = y
            Gemm.multiply(m: 2, a: x3, lda: 3, packed: transposed.current(), c: &y, ldc: 5)
            Gemm.naive(transB: true, m: 2, n: 5, k: 3, a: x3, lda: 3, b: w.value, ldb: 3, c: &expected, ldc: 5)
            for i in y.indices { XCTAssertEqual(y[i], expected[i], accuracy: 1e-5, "\(label) Wᵀ") }
            let x5 = (0..<(2 * 5)).map { _ in g.nextFloat(bound: 1) }   // [2, 5]
            var z = [Float](repeating: 0, count: 2 * 3), expectedZ = z
            Gemm.multiply(m: 2, a: x5, lda: 5, packed: plain.current(), c: &z, ldc: 3)
            Gemm.naive(m: 2, n: 3, k: 5, a: x5, lda: 5, b: w.value, ldb: 3, c: &expectedZ, ldc: 3)
            for i in z.indices { XCTAssertEqual(z[i], expectedZ[i], accuracy: 1e-5, "\(label) W") }
        }
        check("initial")
        let version = w.version
        check("unchanged")
        XCTAssertEqual(w.version, version, "reading does not count as a write")
        w.value[4] = 9
        XCTAssertGreaterThan(w.version, version)
        check("element write")
        w.value.withUnsafeMutableBufferPointer { $0[0] = -3 }
        check("in-place write")
        w.value = [Float](repeating: 0.5, count: 15)
        check("assignment")
    }
}
