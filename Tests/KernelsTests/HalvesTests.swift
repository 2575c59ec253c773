import XCTest
@testable import Kernels

final class HalvesTests: XCTestCase {
    func testOneThreadRunsPartZeroThenPartOne() {
        var order: [Int] = []
        Halves.run(threads: 1) { order.append($0) }
        XCTAssertEqual(order, [0, 1])
    }

    func testTwoThreadsRunBothPartsOnce() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 2)
        Halves.run(threads: 2) { counts[$0] += 1 }
        XCTAssertEqual([counts[0], counts[1]], [1, 1])
    }

    func testMapKeepsEachPartsResultInPlace() {
        for threads in [1, 2] {
            let (first, second) = Halves.map(threads: threads) { String(repeating: "x", count: $0 + 1) }
            XCTAssertEqual(first, "x", "threads \(threads)")
            XCTAssertEqual(second, "xx", "threads \(threads)")
        }
    }
}
