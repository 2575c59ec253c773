import XCTest
@testable import Network

final class EmbeddingTests: XCTestCase {
    func testLookupAndScatterAdd() {
        var g = SplitMix64(seed: 1)
        let embedding = Embedding(name: "e", count: 4, dimension: 2, generator: &g)
        let ids: [Int32] = [2, 0, 2, 9]
        var y = [Float](repeating: 1, count: 4 * 3)
        embedding.forward(ids: ids, y: &y, ldy: 3)
        XCTAssertEqual(Array(y[0..<2]), Array(embedding.table.value[4..<6]))
        XCTAssertEqual(Array(y[3..<5]), Array(embedding.table.value[0..<2]))
        XCTAssertEqual(y[2], 1, "columns beyond the dimension untouched")
        XCTAssertEqual(Array(y[9..<11]), [0, 0], "an out-of-range id gives zeros")
        let dy: [Float] = [1, 2, 0, 3, 4, 0, 5, 6, 0, 7, 8, 0]
        embedding.backward(ids: ids, dy: dy, lddy: 3)
        XCTAssertEqual(embedding.table.grad, [3, 4, 0, 0, 6, 8, 0, 0], "id 2 receives both rows")
    }
}
