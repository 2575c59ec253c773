import XCTest
@testable import Network

final class SplitMix64Tests: XCTestCase {
    func testSplitMix64IsSeededAndUniform() {
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7), c = SplitMix64(seed: 8)
        let xs = (0..<1000).map { _ in a.nextUnitFloat() }
        XCTAssertEqual(xs, (0..<1000).map { _ in b.nextUnitFloat() })
        XCTAssertNotEqual(xs, (0..<1000).map { _ in c.nextUnitFloat() })
        XCTAssertTrue(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(Double(xs.reduce(0, +)) / 1000, 0.5, accuracy: 0.05)
        XCTAssertNotEqual(SplitMix64.derive(1, stream: 0), SplitMix64.derive(1, stream: 1))
    }
}
