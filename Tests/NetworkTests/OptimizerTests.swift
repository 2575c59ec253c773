import XCTest
@testable import Network

final class OptimizerTests: XCTestCase {
    /// Gradient of `Σ (x - target)²`.
    private func setGradient(_ p: Parameter, target: [Float]) {
        for i in 0..<p.count { p.grad[i] = 2 * (p.value[i] - target[i]) }
    }

    func testAdamAndSGDMinimiseAQuadratic() {
        let target: [Float] = [1, -2, 0.5]
        let optimizers: [(Parameter) -> Optimizer] = [
            { Adam(parameters: [$0], learningRate: 0.1) },
            { SGD(parameters: [$0], learningRate: 0.1) },
            { SGD(parameters: [$0], learningRate: 0.05, momentum: 0.9) },
        ]
        for make in optimizers {
            let p = Parameter(name: "x", shape: [3])
            let optimizer = make(p)
            for _ in 0..<300 {
                optimizer.zeroGrad()
                setGradient(p, target: target)
                optimizer.step()
            }
            for i in 0..<3 { XCTAssertEqual(p.value[i], target[i], accuracy: 1e-2, "\(type(of: optimizer))") }
        }
    }

    func testFrozenParametersDoNotMove() {
        let p = Parameter(name: "x", shape: [2])
        p.frozen = true
        p.grad = [1, 1]
        SGD(parameters: [p], learningRate: 1).step()
        Adam(parameters: [p]).step()
        XCTAssertEqual(p.value, [0, 0])
    }
}
