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

    /// Parameters packed side by side give each parameter's product in adjacent columns, bit
    /// for bit as the product with that parameter alone, and are packed again after a write to
    /// any of them.
    func testSideBySideEqualsEachParameterAlone() {
        var g = SplitMix64(seed: 8)
        // 40 rows (k blocks), 37 + 29 columns: panels straddle the boundary between the two.
        let u = Parameter(name: "u", shape: [40, 37], uniform: 1, generator: &g)
        let w = Parameter(name: "w", shape: [40, 29], uniform: 1, generator: &g)
        let joined = PackedWeight(sideBySide: [u, w])
        let alone = [PackedWeight(u, transposed: false), PackedWeight(w, transposed: false)]
        func check(_ label: String) {
            let m = 13
            let x = (0..<(m * 40)).map { _ in g.nextFloat(bound: 1) }
            var y = [Float](repeating: 0, count: m * 66)
            Gemm.multiply(m: m, a: x, lda: 40, packed: joined.current(), c: &y, ldc: 66)
            var yu = [Float](repeating: 0, count: m * 37), yw = [Float](repeating: 0, count: m * 29)
            Gemm.multiply(m: m, a: x, lda: 40, packed: alone[0].current(), c: &yu, ldc: 37)
            Gemm.multiply(m: m, a: x, lda: 40, packed: alone[1].current(), c: &yw, ldc: 29)
            for r in 0..<m {
                XCTAssertEqual(Array(y[(r * 66)..<(r * 66 + 37)]), Array(yu[(r * 37)..<(r * 37 + 37)]), label)
                XCTAssertEqual(Array(y[(r * 66 + 37)..<(r * 66 + 66)]), Array(yw[(r * 29)..<(r * 29 + 29)]),
                               label)
            }
        }
        check("initial")
        w.value[3] = 7
        check("after a write to the second")
        u.value.withUnsafeMutableBufferPointer { $0[0] = -2 }
        check("after a write to the first")
    }
}
