import XCTest
@testable import Network

final class ParameterTests: XCTestCase {
    func testCopyValuesWritesInPlaceAndAdvancesTheVersion() {
        var g = SplitMix64(seed: 1)
        let a = Parameter(name: "a", shape: [3, 4], uniform: 1, generator: &g)
        let b = Parameter(name: "b", shape: [3, 4])
        let version = b.version
        b.copyValues(from: a)
        XCTAssertEqual(b.value, a.value)
        XCTAssertNotEqual(b.version, version, "a packed copy of b must notice")
        // The source keeps its own buffer: writing it leaves the copy alone.
        a.value[0] += 1
        XCTAssertNotEqual(b.value[0], a.value[0])
        let other = Parameter(name: "c", shape: [5])
        b.copyValues(from: other)
        XCTAssertEqual(b.value.count, 12, "different counts: nothing copied")
    }

    func testAccumulateGradientAddsAndIgnoresMismatches() {
        let a = Parameter(name: "a", shape: [2, 3]), b = Parameter(name: "b", shape: [2, 3])
        a.accumulateGradient(from: b)
        XCTAssertEqual(a.grad, [Float](repeating: 0, count: 6), "no gradient yet: nothing added")
        b.grad = [1, 2, 3, 4, 5, 6]
        a.grad = [10, 10, 10, 10, 10, 10]
        a.accumulateGradient(from: b)
        XCTAssertEqual(a.grad, [11, 12, 13, 14, 15, 16])
        XCTAssertEqual(b.grad, [1, 2, 3, 4, 5, 6])
        a.accumulateGradient(from: Parameter(name: "c", shape: [4]))
        XCTAssertEqual(a.grad, [11, 12, 13, 14, 15, 16])
    }
}
