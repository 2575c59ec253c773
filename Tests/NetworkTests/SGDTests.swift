import XCTest
@testable import Network

final class SGDTests: XCTestCase {
    func testPlainStepMomentumAndState() throws {
        let p = Parameter(name: "w", shape: [2])
        p.value = [1, -1]
        p.grad = [0.5, 2]
        SGD(parameters: [p], learningRate: 0.1).step()
        XCTAssertEqual(p.value[0], 0.95, accuracy: 1e-6)
        XCTAssertEqual(p.value[1], -1.2, accuracy: 1e-6)
        let q = Parameter(name: "q", shape: [1])
        let sgd = SGD(parameters: [q], learningRate: 1, momentum: 0.5)
        q.grad = [1]
        sgd.step()
        sgd.step()
        XCTAssertEqual(q.value[0], -2.5, accuracy: 1e-6, "v = 1, then 1.5")
        XCTAssertEqual(sgd.state().map(\.name), ["sgd.v.q"])
        XCTAssertEqual(sgd.state()[0].value, [1.5])
        let restored = SGD(parameters: [q], learningRate: 1, momentum: 0.5)
        try restored.load(state: ["sgd.v.q": [1.5]])
        XCTAssertEqual(restored.state()[0].value, [1.5])
        XCTAssertThrowsError(try restored.load(state: ["sgd.v.q": [1, 2]]))
    }
}
