import XCTest
@testable import Kernels

final class MicroKernelTests: XCTestCase {
    typealias Kernel = (Int, UnsafePointer<Float>, UnsafePointer<Float>, Int, Int,
                        UnsafeMutablePointer<Float>, Int, Int, Bool) -> Void

    /// Every kernel on hand-packed operands: the last `rows` rows of a 12-row A panel times
    /// `panels` B panels (`width` columns: 16 for the half-width kernel, which reads the first
    /// half of one panel), all columns or a partial last one, overwriting or accumulating.
    func testEveryKernelAgainstTheProductOfItsPanels() {
        let kernels: [(rows: Int, panels: Int, width: Int?, Kernel)] = [
            (12, 1, nil, { MicroKernel.rows12(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (8, 1, nil, { MicroKernel.rows8(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (4, 1, nil, { MicroKernel.rows4(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (2, 2, nil, { MicroKernel.rows2x2(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (2, 1, nil, { MicroKernel.rows2(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (1, 4, nil, { MicroKernel.rows1x4(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (1, 1, nil, { MicroKernel.rows1(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (12, 1, 16, { MicroKernel.rows12Half(kc: $0, a: $1, b: $2, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (6, 1, 16, { NarrowMicroKernel.rows6Half(kc: $0, a: $1, b: $2, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
            (1, 2, nil, { NarrowMicroKernel.rows1x2(kc: $0, a: $1, b: $2, bStride: $3, bStep: $4,
                c: $5, ldc: $6, cols: $7, accumulate: $8) }),
        ]
        var random = TestRandom(seed: 17)
        let kc = 9
        let aPanel = random.array(kc * 12)                 // element (r, p) at p * 12 + r
        for (rows, panels, width, kernel) in kernels {
            let width = width ?? 32 * panels
            let r0 = rows == 12 ? 0 : 12 - rows            // a kernel may start inside the panel
            let bStride = kc * 32 + 5                      // panels need not be adjacent
            let b = random.array(panels * bStride)         // panel q, step p, column j
            // One column too for one-panel kernels (several panels always get more than 32).
            for cols in [width, width - 7] + (panels == 1 ? [1] : []) {
                for accumulate in [false, true] {
                    let ldc = width + 3
                    let c0 = random.array(rows * ldc)
                    var c = c0
                    aPanel.withUnsafeBufferPointer { a in
                        kernel(kc, a.baseAddress! + r0, b, bStride, 32, &c, ldc, cols, accumulate)
                    }
                    for r in 0..<rows {
                        for j in 0..<ldc {
                            let got = c[r * ldc + j]
                            guard j < cols else {
                                XCTAssertEqual(got, c0[r * ldc + j], "column \(j) past cols written")
                                continue
                            }
                            var sum: Float = 0
                            for p in 0..<kc {
                                sum = sum.addingProduct(aPanel[p * 12 + r0 + r],
                                                        b[(j / 32) * bStride + p * 32 + j % 32])
                            }
                            // Same FMA order as the kernel: exactly equal.
                            XCTAssertEqual(got, accumulate ? c0[r * ldc + j] + sum : sum,
                                           "\(rows) rows x \(width) columns, cols \(cols), r \(r) j \(j) "
                                           + "acc \(accumulate)")
                        }
                    }
                }
            }
        }
    }
}
