import XCTest
@testable import Kernels

final class PackingTests: XCTestCase {
    func testKBlocksCoverKEvenly() {
        XCTAssertEqual(Packing.kBlocks(0).count, 0)
        for k in [1, 2, 255, 256, 257, 384, 512, 513, 1000, 4097] {
            let blocks = Packing.kBlocks(k)
            XCTAssertLessThanOrEqual(blocks.size, Packing.kcMax, "k \(k)")
            XCTAssertGreaterThanOrEqual(blocks.count * blocks.size, k, "k \(k)")
            XCTAssertLessThan((blocks.count - 1) * blocks.size, k, "k \(k): empty last block")
        }
        XCTAssertEqual(Packing.kBlocks(512).size, 256)
        XCTAssertEqual(Packing.kBlocks(384).size, 192)
    }

    func testPackBLayoutAndZeroPadding() {
        // op(B) = [k 3, n 35]: panel 0 holds columns 0..<32, panel 1 columns 32..<35 + zeros.
        let k = 3, n = 35
        let b = (0..<(k * n)).map { Float($0 + 1) }  // B[p, j] = p * n + j + 1
        var dst = [Float](repeating: .nan, count: k * 64)
        Packing.packB(transB: false, b: b, ldb: n, p0: 0, kc: k, j0: 0, nc: n, dst: &dst)
        for p in 0..<k {
            for j in 0..<64 {
                let panel = j / 32, column = j % 32
                let value = dst[panel * k * 32 + p * 32 + column]
                XCTAssertEqual(value, j < n ? Float(p * n + j + 1) : 0, "p \(p) j \(j)")
            }
        }
        // The same matrix stored transposed ([n, k]) packs identically.
        let bt = (0..<(n * k)).map { index in b[(index % k) * n + index / k] }
        var dstT = [Float](repeating: .nan, count: k * 64)
        Packing.packB(transB: true, b: bt, ldb: k, p0: 0, kc: k, j0: 0, nc: n, dst: &dstT)
        XCTAssertEqual(dstT, dst)
    }

    func testTransposedPackingOfBlocksAndEdges() {
        // k 37 and n 50: 16 x 16 register transposes plus ragged rows and columns, and a
        // k-block starting inside the matrix (p0 3).
        let k = 37, n = 50, ldb = k + 2
        let b = (0..<(n * ldb)).map { Float($0) }  // stored [n, k]: B[p, j] = b[j * ldb + p]
        let p0 = 3, kc = 34
        var dst = [Float](repeating: .nan, count: kc * 64)
        Packing.packB(transB: true, b: b, ldb: ldb, p0: p0, kc: kc, j0: 0, nc: n, dst: &dst)
        for p in 0..<kc {
            for j in 0..<64 {
                let value = dst[(j / 32) * kc * 32 + p * 32 + j % 32]
                XCTAssertEqual(value, j < n ? b[j * ldb + p0 + p] : 0, "p \(p) j \(j)")
            }
        }
        var block = [Float](repeating: 0, count: 16 * 16)
        Packing.transpose16(b, ldb, &block, 16)
        for i in 0..<16 {
            for j in 0..<16 { XCTAssertEqual(block[i * 16 + j], b[j * ldb + i]) }
        }
    }

    func testPackABlocksAndEdges() {
        // op(A) = rows 1..<27 and columns 3..<40 of a [30, 45] matrix (lda 47): two full 12-row
        // panels (register transposes for 32 of the 37 steps) and a 2-row panel.
        let m = 30, k = 45, lda = 47, i0 = 1, mc = 26, p0 = 3, kc = 37
        let a = (0..<(m * lda)).map { Float($0) }            // A[i, p] = a[i * lda + p]
        let at = (0..<(k * m)).map { Float($0 % m * lda + $0 / m) }  // stored [k, m], same values
        for transA in [false, true] {
            var dst = [Float](repeating: .nan, count: 36 * kc)
            if transA {
                Packing.packA(transA: true, a: at, lda: m, i0: i0, mc: mc, p0: p0, kc: kc, dst: &dst)
            } else {
                Packing.packA(transA: false, a: a, lda: lda, i0: i0, mc: mc, p0: p0, kc: kc, dst: &dst)
            }
            for r in 0..<mc {
                for p in 0..<kc {
                    XCTAssertEqual(dst[(r / 12) * 12 * kc + p * 12 + r % 12],
                                   Float((i0 + r) * lda + p0 + p), "transA \(transA) r \(r) p \(p)")
                }
            }
            // Nothing written past the last panel's rows (2 of 12 used per step).
            XCTAssertTrue(dst[(2 * 12 * kc + 2)...].enumerated().allSatisfy { index, value in
                (index % 12 < 10) ? value.isNaN : true
            }, "transA \(transA)")
        }
    }

    func testPackALayout() {
        // op(A) = [m 14, k 2]: panel 0 rows 0..<12, panel 1 rows 12..<14, element (r, p) at p*12+r.
        let m = 14, k = 2
        let a = (0..<(m * k)).map { Float($0) }  // A[i, p] = i * k + p
        var dst = [Float](repeating: -1, count: 24 * k)
        Packing.packA(transA: false, a: a, lda: k, i0: 0, mc: m, p0: 0, kc: k, dst: &dst)
        for i in 0..<m {
            for p in 0..<k {
                XCTAssertEqual(dst[(i / 12) * 12 * k + p * 12 + i % 12], Float(i * k + p))
            }
        }
        let at = (0..<(k * m)).map { index in a[(index % m) * k + index / m] }  // [k, m]
        var dstT = [Float](repeating: -1, count: 24 * k)
        Packing.packA(transA: true, a: at, lda: m, i0: 0, mc: m, p0: 0, kc: k, dst: &dstT)
        XCTAssertEqual(dstT, dst)
    }
}
