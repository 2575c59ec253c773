import XCTest
@testable import Network

final class GradientClippingTests: XCTestCase {
    func testClipGlobalNorm() {
        let a = Parameter(name: "a", shape: [2]), b = Parameter(name: "b", shape: [1])
        a.grad = [3, 0]
        b.grad = [4]
        XCTAssertEqual(clipGlobalNorm([a, b], maxNorm: 10), 5)
        XCTAssertEqual(a.grad, [3, 0], "under the limit: unchanged")
        XCTAssertEqual(clipGlobalNorm([a, b], maxNorm: 1), 5)
        XCTAssertEqual(a.grad[0], 0.6, accuracy: 1e-6)
        XCTAssertEqual(b.grad[0], 0.8, accuracy: 1e-6)
        b.grad = [.nan]
        XCTAssertTrue(clipGlobalNorm([a, b], maxNorm: 1).isNaN)
        b.grad = [.infinity]
        XCTAssertEqual(clipGlobalNorm([a, b], maxNorm: 1), .infinity)
        XCTAssertEqual(a.grad[0], 0.6, accuracy: 1e-6, "non-finite norm leaves gradients alone")
    }
}
