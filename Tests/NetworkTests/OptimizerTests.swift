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

    func testAdamFirstStepMovesByLearningRate() {
        let p = Parameter(name: "x", shape: [2])
        p.grad = [3, -0.001]
        let adam = Adam(parameters: [p], learningRate: 0.01)
        adam.step()
        XCTAssertEqual(p.value[0], -0.01, accuracy: 1e-6)
        XCTAssertEqual(p.value[1], 0.01, accuracy: 1e-4)
    }

    func testAdamWithTwoThreadsMatchesOne() {
        func run(_ threads: Int) -> [Float] {
            var g = SplitMix64(seed: 3)
            let p = Parameter(name: "big", shape: [40_000], uniform: 1, generator: &g)
            let adam = Adam(parameters: [p], learningRate: 0.01)
            adam.threads = threads
            for _ in 0..<2 {
                for i in 0..<p.count { p.grad[i] = p.value[i] * 0.5 - 0.1 }
                adam.step()
            }
            return p.value
        }
        XCTAssertEqual(run(1), run(2))
    }

    func testLazyRowsSkipRowsWithoutGradient() {
        let lazy = Parameter(name: "table", shape: [3, 2]), dense = Parameter(name: "d", shape: [3, 2])
        lazy.lazyRows = true
        let adamLazy = Adam(parameters: [lazy], learningRate: 0.1)
        let adamDense = Adam(parameters: [dense], learningRate: 0.1)
        for step in 0..<3 {
            let g: [Float] = step == 0 ? [1, 2, 0, 0, 3, 4] : [1, 2, 0, 0, 0, 0]
            lazy.grad = g
            dense.grad = g
            adamLazy.step()
            adamDense.step()
        }
        XCTAssertEqual(Array(lazy.value[0..<2]), Array(dense.value[0..<2]), "rows with gradients: as dense Adam")
        XCTAssertEqual(Array(lazy.value[2..<4]), [0, 0])
        // Row 2 had a gradient only at step 0: dense Adam keeps moving it with momentum, lazy does not.
        XCTAssertNotEqual(lazy.value[4], dense.value[4])
        XCTAssertEqual(lazy.value[4], -0.1, accuracy: 1e-6)
    }

    func testFrozenParametersDoNotMove() {
        let p = Parameter(name: "x", shape: [2])
        p.frozen = true
        p.grad = [1, 1]
        SGD(parameters: [p], learningRate: 1).step()
        Adam(parameters: [p]).step()
        XCTAssertEqual(p.value, [0, 0])
    }

    func testStateRoundTripContinuesIdentically() throws {
        func fresh() -> Parameter {
            let p = Parameter(name: "w", shape: [2])
            p.value = [0.5, -0.5]
            return p
        }
        let a = fresh(), b = fresh()
        let adamA = Adam(parameters: [a], learningRate: 0.1)
        for _ in 0..<3 {
            setGradient(a, target: [1, 1])
            adamA.step()
        }
        b.value = a.value
        let adamB = Adam(parameters: [b], learningRate: 0.1)
        try adamB.load(state: Dictionary(uniqueKeysWithValues: adamA.state().map { ($0.name, $0.value) }))
        XCTAssertEqual(adamB.steps, 3)
        setGradient(a, target: [1, 1])
        setGradient(b, target: [1, 1])
        adamA.step()
        adamB.step()
        XCTAssertEqual(a.value, b.value)
        XCTAssertEqual(adamA.state().map(\.name), ["adam.step", "adam.m.w", "adam.v.w"])
        XCTAssertThrowsError(try adamB.load(state: ["adam.step": [1], "adam.m.w": [0], "adam.v.w": [0, 0]]))
        XCTAssertThrowsError(try adamB.load(state: [:]))
        let sgd = SGD(parameters: [a], learningRate: 0.1, momentum: 0.9)
        XCTAssertEqual(sgd.state().map(\.name), ["sgd.v.w"])
        XCTAssertThrowsError(try sgd.load(state: ["sgd.v.w": [1]]))
    }

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
