import XCTest
@testable import Kernels

final class GemmTests: XCTestCase {
    /// Shapes chosen around the blocking: 1s, primes, non-multiples of 12 rows / 32 columns,
    /// k across the 256 block limit, m across the 144-row A block, n across the 1024 B block.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 7, 1), (1, 33, 5), (5, 1, 3), (2, 3, 2), (3, 31, 4), (7, 13, 17),
        (12, 32, 8), (13, 37, 129), (11, 65, 9), (25, 19, 300), (1, 40, 513), (150, 5, 3),
        (2, 1030, 2),
    ]

    /// Runs `Gemm.multiply` (unpacked and packed) against `Gemm.naive` for one configuration.
    /// Leading dimensions are padded by `extra`; padding of C must stay untouched.
    func check(m: Int, n: Int, k: Int, transA: Bool, transB: Bool, accumulate: Bool, extra: Int,
               file: StaticString = #filePath, line: UInt = #line) {
        var random = TestRandom(seed: UInt64(m * 1_000_003 + n * 1009 + k * 7 + extra))
        let aRows = transA ? k : m, aCols = transA ? m : k
        let bRows = transB ? n : k, bCols = transB ? k : n
        let lda = aCols + extra, ldb = bCols + extra, ldc = n + extra
        let a = random.array(max(aRows * lda, 1)), b = random.array(max(bRows * ldb, 1))
        let c0 = random.array(max(m * ldc, 1))
        var expected = c0, bound = [Float](repeating: 0, count: max(m * ldc, 1))
        let absA = a.map(abs), absB = b.map(abs)
        Gemm.naive(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                   c: &expected, ldc: ldc, accumulate: accumulate)
        Gemm.naive(transA: transA, transB: transB, m: m, n: n, k: k, a: absA, lda: lda, b: absB,
                   ldb: ldb, c: &bound, ldc: ldc, accumulate: false)

        var unpacked = c0
        Gemm.multiply(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b,
                      ldb: ldb, c: &unpacked, ldc: ldc, accumulate: accumulate)
        let packedB = PackedMatrix(transB: transB, k: k, n: n, b: b, ldb: ldb)
        var packed = c0
        Gemm.multiply(transA: transA, m: m, a: a, lda: lda, packed: packedB, c: &packed, ldc: ldc,
                      accumulate: accumulate)

        // Both register tiles, packed and unpacked: the same bits as the default.
        var tiles: [[Float]] = []
        for tile in [Gemm.Tile.wide, .narrow] {
            var out = c0
            Gemm.multiply(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b,
                          ldb: ldb, c: &out, ldc: ldc, accumulate: accumulate, tile: tile)
            tiles.append(out)
            out = c0
            Gemm.multiply(transA: transA, m: m, a: a, lda: lda, packed: packedB, c: &out, ldc: ldc,
                          accumulate: accumulate, tile: tile)
            tiles.append(out)
        }
        for (index, out) in tiles.enumerated() where out != unpacked {
            XCTFail("m \(m) n \(n) k \(k): tile \(index / 2 == 0 ? "wide" : "narrow") "
                    + "\(index % 2 == 0 ? "unpacked" : "packed") differs from the default",
                    file: file, line: line)
        }

        let what = "m \(m) n \(n) k \(k) transA \(transA) transB \(transB) acc \(accumulate) +\(extra)"
        var failures = 0
        for i in 0..<m {
            for j in 0..<ldc {
                let index = i * ldc + j
                if j >= n {
                    if unpacked[index] != c0[index] || packed[index] != c0[index] {
                        failures += 1
                        XCTFail("\(what): padding [\(i), \(j)] overwritten", file: file, line: line)
                    }
                    continue
                }
                // Rounding bound of a k-term dot product (plus the accumulated C value).
                let previous = accumulate ? abs(c0[index]) : 0
                let tolerance = Float(k + 2) * 1.2e-7 * (bound[index] + previous) + 1e-30
                if abs(unpacked[index] - expected[index]) > tolerance {
                    failures += 1
                    XCTFail("\(what): C[\(i), \(j)] = \(unpacked[index]), expected \(expected[index])",
                            file: file, line: line)
                }
                if packed[index] != unpacked[index] {
                    failures += 1
                    XCTFail("\(what): packed C[\(i), \(j)] = \(packed[index]) differs from unpacked "
                            + "\(unpacked[index])", file: file, line: line)
                }
                if failures > 5 { return }
            }
        }
    }

    func testAllTranspositionsOnOddShapes() {
        for shape in Self.shapes {
            for transA in [false, true] {
                for transB in [false, true] {
                    check(m: shape.m, n: shape.n, k: shape.k, transA: transA, transB: transB,
                          accumulate: false, extra: 0)
                }
            }
        }
    }

    func testAccumulateAndPaddedLeadingDimensions() {
        for shape in Self.shapes where shape.n < 1000 {
            for transA in [false, true] {
                for transB in [false, true] {
                    check(m: shape.m, n: shape.n, k: shape.k, transA: transA, transB: transB,
                          accumulate: true, extra: 3)
                    check(m: shape.m, n: shape.n, k: shape.k, transA: transA, transB: transB,
                          accumulate: false, extra: 5)
                }
            }
        }
    }

    func testLSTMLikeShapesSmall() {
        // The three products of an LSTM step at a reduced size: forward x·Wᵀ, dX = dY·W and
        // dW += dYᵀ·X.
        check(m: 4, n: 64, k: 24, transA: false, transB: true, accumulate: false, extra: 0)
        check(m: 4, n: 24, k: 64, transA: false, transB: false, accumulate: false, extra: 0)
        check(m: 64, n: 24, k: 4, transA: true, transB: false, accumulate: true, extra: 0)
    }

    func testRowsDoNotDependOnM() {
        // Each row of C is summed in the same order whatever the number of rows (which selects
        // the micro-kernels), so a sentence computes bit-identical values alone or in a batch.
        var random = TestRandom(seed: 21)
        let m = 27, n = 200, k = 300  // 27 = 2·12 + 2 + 1; n = 6 panels + 8 columns; 2 k-blocks
        let a = random.array(m * k), w = random.array(n * k)
        let packed = PackedMatrix(transB: true, k: k, n: n, b: w, ldb: k)
        var all = [Float](repeating: 0, count: m * n)
        Gemm.multiply(m: m, a: a, lda: k, packed: packed, c: &all, ldc: n)
        for rows in [1, 2, 3, 4, 5, 8, 11, 13] {
            for first in stride(from: 0, to: m - rows + 1, by: 5) {
                var part = [Float](repeating: 0, count: rows * n)
                a.withUnsafeBufferPointer { ab in
                    Gemm.multiply(m: rows, a: ab.baseAddress! + first * k, lda: k, packed: packed,
                                  c: &part, ldc: n)
                }
                XCTAssertEqual(part, Array(all[(first * n)..<((first + rows) * n)]),
                               "rows \(first)..<\(first + rows)")
            }
        }
        // The same for an untransposed B, which few-row unpacked products read in place.
        let b = random.array(k * n)
        var whole = [Float](repeating: 0, count: m * n)
        Gemm.multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &whole, ldc: n)
        for rows in [1, 2, 3, 5, 12, 13] {
            var part = [Float](repeating: 0, count: rows * n)
            a.withUnsafeBufferPointer { ab in
                Gemm.multiply(m: rows, n: n, k: k, a: ab.baseAddress! + 7 * k, lda: k, b: b, ldb: n,
                              c: &part, ldc: n)
            }
            XCTAssertEqual(part, Array(whole[(7 * n)..<((7 + rows) * n)]), "B in place, \(rows) rows")
        }
    }

    func testZeroSizes() {
        var c: [Float] = [1, 2, 3, 4, 5, 6]
        let a: [Float] = [9], b: [Float] = [9]
        // k == 0: C is zeroed, or left alone when accumulating.
        Gemm.multiply(m: 2, n: 3, k: 0, a: a, lda: 1, b: b, ldb: 3, c: &c, ldc: 3, accumulate: true)
        XCTAssertEqual(c, [1, 2, 3, 4, 5, 6])
        Gemm.multiply(m: 2, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 3, c: &c, ldc: 3)
        XCTAssertEqual(c, [0, 0, 3, 0, 0, 6])
        // m == 0 or n == 0: nothing is touched.
        c = [1, 2, 3, 4, 5, 6]
        Gemm.multiply(m: 0, n: 3, k: 2, a: a, lda: 2, b: b, ldb: 3, c: &c, ldc: 3)
        Gemm.multiply(m: 2, n: 0, k: 2, a: a, lda: 2, b: b, ldb: 3, c: &c, ldc: 3)
        XCTAssertEqual(c, [1, 2, 3, 4, 5, 6])
        let empty = PackedMatrix(k: 0, n: 3)
        Gemm.multiply(m: 2, a: a, lda: 1, packed: empty, c: &c, ldc: 3)
        XCTAssertEqual(c, [0, 0, 0, 0, 0, 0])
    }

    func testKnownSmallProduct() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: -1, count: 4)
        Gemm.multiply(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2)
        XCTAssertEqual(c, [19, 22, 43, 50])
        // Aᵀ·Bᵀ = (B·A)ᵀ: B·A = [23 34; 31 46]
        Gemm.multiply(transA: true, transB: true, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2,
                      c: &c, ldc: 2)
        XCTAssertEqual(c, [23, 31, 34, 46])
    }

    func testNonFiniteValuesPropagate() {
        var a = [Float](repeating: 1, count: 3 * 4), b = [Float](repeating: 1, count: 4 * 5)
        a[1 * 4 + 2] = .nan     // row 1 of A
        b[3 * 5 + 4] = .infinity // column 4 of B
        var c = [Float](repeating: 0, count: 3 * 5)
        Gemm.multiply(m: 3, n: 5, k: 4, a: a, lda: 4, b: b, ldb: 5, c: &c, ldc: 5)
        for i in 0..<3 {
            for j in 0..<5 {
                let value = c[i * 5 + j]
                if i == 1 { XCTAssertTrue(value.isNaN, "[\(i), \(j)]") }
                else if j == 4 { XCTAssertEqual(value, .infinity, "[\(i), \(j)]") }
                else { XCTAssertEqual(value, 4, "[\(i), \(j)]") }
            }
        }
    }

    func testWorksOnAnotherThread() {
        // Each thread packs into its own scratch; results must not depend on the thread.
        var random = TestRandom(seed: 42)
        let a = random.array(13 * 17), b = random.array(17 * 29)
        var here = [Float](repeating: 0, count: 13 * 29)
        Gemm.multiply(m: 13, n: 29, k: 17, a: a, lda: 17, b: b, ldb: 29, c: &here, ldc: 29)
        let done = expectation(description: "thread")
        let box = ResultBox()
        let thread = Thread {
            var there = [Float](repeating: 0, count: 13 * 29)
            Gemm.multiply(m: 13, n: 29, k: 17, a: a, lda: 17, b: b, ldb: 29, c: &there, ldc: 29)
            box.value = there
            done.fulfill()
        }
        thread.start()
        wait(for: [done], timeout: 60)
        XCTAssertEqual(box.value, here)
    }
}

private final class ResultBox: @unchecked Sendable {
    var value: [Float] = []
}
