import XCTest
@testable import Network

final class GrowableBufferTests: XCTestCase {
    /// Growth from the initial 16 floats through small (heap) and large (mmap, `mremap` on
    /// growth) blocks: every pointer is 64-byte aligned and every float up to `count` writable
    /// and readable; the capacity grows only when `count` exceeds it (to the larger of `count`
    /// and 1.5 times the old capacity); a reserve within capacity keeps the pointer, capacity
    /// and contents.
    func testReserveGrowsAlignedWritableStorage() {
        let w = GrowableBuffer()
        XCTAssertEqual(w.capacity, 16)
        for count in [1, 16, 17, 100, 5_000, 40_000, 300_000, 1_000_000, 2_500_000] {
            let before = w.capacity
            let p = w.reserve(count)
            XCTAssertEqual(Int(bitPattern: p) % 64, 0, "count \(count)")
            let grown = count > before ? max(count, before + before / 2) : before
            XCTAssertEqual(w.capacity, grown, "count \(count)")
            XCTAssertEqual(p, w.pointer)
            for i in 0..<count { p[i] = Float(i % 1000) + 0.5 }
            XCTAssertEqual(p[count - 1], Float((count - 1) % 1000) + 0.5)
            // Within capacity: same storage, capacity and contents.
            let capacity = w.capacity
            let again = w.reserve(max(count / 2, 1))
            XCTAssertEqual(again, p)
            XCTAssertEqual(w.capacity, capacity)
            XCTAssertEqual(again[count - 1], Float((count - 1) % 1000) + 0.5)
        }
    }

    /// Growth by at least half the capacity (amortised), and `zeroed` clears exactly `count`.
    func testGrowthFactorAndZeroed() {
        let w = GrowableBuffer(capacity: 1000)
        XCTAssertEqual(w.capacity, 1000)
        w.reserve(1001)
        XCTAssertEqual(w.capacity, 1500)
        w.reserve(10_000)
        XCTAssertEqual(w.capacity, 10_000)
        let p = w.reserve(10_000)
        for i in 0..<10_000 { p[i] = 7 }
        let z = w.zeroed(6_000)
        XCTAssertTrue((0..<6_000).allSatisfy { z[$0] == 0 })
        XCTAssertTrue((6_000..<10_000).allSatisfy { z[$0] == 7 })
        XCTAssertEqual(Int(bitPattern: GrowableBuffer(capacity: 0).pointer) % 64, 0)
    }
}
