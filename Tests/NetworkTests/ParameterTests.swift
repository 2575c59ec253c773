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

    func testListCopyAndAccumulateMatchThePairwiseOperations() {
        for threads in [1, 2] {
            var g = SplitMix64(seed: 9)
            let shapes = [[3, 4], [37], [1], [100, 3]]
            let sources = shapes.map { Parameter(name: "s", shape: $0, uniform: 1, generator: &g) }
            let targets = shapes.map { Parameter(name: "t", shape: $0, uniform: 1, generator: &g) }
            let mismatch = Parameter(name: "m", shape: [5], uniform: 1, generator: &g)
            let mismatchValues = mismatch.value
            for t in targets where t.count != 1 { t.grad = t.value.map { $0 * 2 } }  // [1] has none
            let versions = targets.map(\.version)
            Parameter.copyValues(from: sources + [sources[0]], to: targets + [mismatch], threads: threads)
            for (s, t) in zip(sources, targets) {
                XCTAssertEqual(t.value, s.value, "threads \(threads)")
                XCTAssertEqual(t.grad, [Float](repeating: 0, count: t.count), "threads \(threads)")
            }
            XCTAssertTrue(zip(targets.map(\.version), versions).allSatisfy { $0 != $1 })
            XCTAssertEqual(mismatch.value, mismatchValues, "different counts: nothing copied")
            // Accumulate: sources get gradients (except the [1] one), targets start from known ones.
            for (k, s) in sources.enumerated() where s.count != 1 {
                s.grad = (0..<s.count).map { Float($0 + k) }
            }
            for t in targets { t.grad = (0..<t.count).map { _ in 0.5 } }
            Parameter.accumulateGradients(from: sources + [mismatch], into: targets + [sources[1]],
                                          threads: threads)
            for (k, t) in targets.enumerated() {
                let expected = (0..<t.count).map { t.count == 1 ? 0.5 : 0.5 + Float($0 + k) }
                XCTAssertEqual(t.grad, expected, "threads \(threads) parameter \(k)")
            }
            XCTAssertEqual(sources[1].grad, (0..<37).map { Float($0 + 1) }, "different counts: nothing added")
        }
    }
}
