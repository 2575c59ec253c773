import XCTest
@testable import Kernels

final class SIMDMemoryTests: XCTestCase {
    func testUnalignedLoadAndStore() {
        var buffer = (0..<40).map(Float.init)
        // An odd offset: not 16-, 32- or 64-byte aligned.
        let v = buffer.withUnsafeBufferPointer { SIMDMemory.load($0.baseAddress! + 3) }
        XCTAssertEqual(v, SIMD16<Float>((3..<19).map(Float.init)))
        buffer.withUnsafeMutableBufferPointer { SIMDMemory.store(v * 2, $0.baseAddress! + 21) }
        XCTAssertEqual(Array(buffer[21..<37]), (3..<19).map { Float($0 * 2) })
        XCTAssertEqual(buffer[20], 20)
        XCTAssertEqual(buffer[37], 37)
    }

    func testPartialLoadsAndStoresTouchOnlyCountElements() {
        for count in 0...16 {
            let source = (0..<count).map { Float($0 + 1) }
            let v = source.withUnsafeBufferPointer {
                SIMDMemory.loadPartial($0.baseAddress ?? UnsafePointer(bitPattern: 64)!, count: count,
                                       fill: -1)
            }
            for lane in 0..<16 { XCTAssertEqual(v[lane], lane < count ? Float(lane + 1) : -1) }
            var target = [Float](repeating: 9, count: 17)
            target.withUnsafeMutableBufferPointer {
                SIMDMemory.storePartial(v, $0.baseAddress!, count: count)
            }
            XCTAssertEqual(Array(target[0..<count]), source)
            XCTAssertTrue(target[count...].allSatisfy { $0 == 9 }, "count \(count)")
        }
    }
}
