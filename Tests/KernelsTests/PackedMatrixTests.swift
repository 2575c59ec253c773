import XCTest
@testable import Kernels

final class PackedMatrixTests: XCTestCase {
    func testRepackFollowsTheSource() {
        // A packed matrix is a snapshot; `pack` refreshes it in place.
        var random = TestRandom(seed: 7)
        let k = 19, n = 45, m = 5
        var w = random.array(n * k)  // [n, k], used transposed
        let a = random.array(m * k)
        let packed = PackedMatrix(transB: true, k: k, n: n, b: w, ldb: k)
        var before = [Float](repeating: 0, count: m * n)
        Gemm.multiply(m: m, a: a, lda: k, packed: packed, c: &before, ldc: n)
        for i in w.indices { w[i] *= -2 }
        var stale = [Float](repeating: 0, count: m * n)
        Gemm.multiply(m: m, a: a, lda: k, packed: packed, c: &stale, ldc: n)
        XCTAssertEqual(stale, before)
        packed.pack(transB: true, b: w, ldb: k)
        var after = [Float](repeating: 0, count: m * n)
        Gemm.multiply(m: m, a: a, lda: k, packed: packed, c: &after, ldc: n)
        var fresh = [Float](repeating: 0, count: m * n)
        Gemm.multiply(m: m, a: a, lda: k, packed: PackedMatrix(transB: true, k: k, n: n, b: w, ldb: k),
                      c: &fresh, ldc: n)
        XCTAssertEqual(after, fresh)
        for i in before.indices { XCTAssertEqual(after[i], -2 * before[i], accuracy: 1e-4) }
    }

    func testShapeAndZeroInit() {
        let packed = PackedMatrix(k: 300, n: 33)
        XCTAssertEqual(packed.k, 300)
        XCTAssertEqual(packed.n, 33)
        let a = [Float](repeating: 1, count: 2 * 300)
        var c = [Float](repeating: 5, count: 2 * 33)
        Gemm.multiply(m: 2, a: a, lda: 300, packed: packed, c: &c, ldc: 33, accumulate: true)
        XCTAssertEqual(c, [Float](repeating: 5, count: 2 * 33))
    }

    func testSameResultAsUnpackedForBothLayouts() {
        var random = TestRandom(seed: 11)
        let m = 14, n = 35, k = 270
        let b = random.array(k * n), a = random.array(k * m)
        for transB in [false, true] {
            for transA in [false, true] {
                let ldb = transB ? k : n, lda = transA ? m : k
                var unpacked = [Float](repeating: 0, count: m * n)
                Gemm.multiply(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda,
                              b: b, ldb: ldb, c: &unpacked, ldc: n)
                var packed = [Float](repeating: 0, count: m * n)
                Gemm.multiply(transA: transA, m: m, a: a, lda: lda,
                              packed: PackedMatrix(transB: transB, k: k, n: n, b: b, ldb: ldb),
                              c: &packed, ldc: n)
                XCTAssertEqual(packed, unpacked, "transA \(transA) transB \(transB)")
            }
        }
    }
}
