import XCTest
@testable import Network

final class AdamTests: XCTestCase {
    /// Gradient of `Σ (x - target)²`.
    private func setGradient(_ p: Parameter, target: [Float]) {
        for i in 0..<p.count { p.grad[i] = 2 * (p.value[i] - target[i]) }
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
        func run(_ threads: Int) -> [[Float]] {
            var g = SplitMix64(seed: 3)
            let big = Parameter(name: "big", shape: [40_000], uniform: 1, generator: &g)
            let odd = Parameter(name: "odd", shape: [37], uniform: 1, generator: &g)
            let one = Parameter(name: "one", shape: [1], uniform: 1, generator: &g)
            let rows = Parameter(name: "rows", shape: [7, 5], uniform: 1, generator: &g)
            rows.lazyRows = true
            let frozen = Parameter(name: "frozen", shape: [20], uniform: 1, generator: &g)
            frozen.frozen = true
            let all = [big, odd, one, rows, frozen]
            let adam = Adam(parameters: all, learningRate: 0.01)
            adam.threads = threads
            for step in 0..<3 {
                for p in all {
                    for i in 0..<p.count { p.grad[i] = p.value[i] * 0.5 - 0.1 }
                }
                for i in 0..<5 { rows.grad[(step + 2) % 7 * 5 + i] = 0 }  // one row without gradient
                adam.step()
            }
            return all.map(\.value)
        }
        let one = run(1), two = run(2)
        XCTAssertEqual(one, two)
        var g = SplitMix64(seed: 3)
        _ = (0..<(40_000 + 37 + 1 + 35)).map { _ in g.nextFloat(bound: 1) }
        let frozenStart = (0..<20).map { _ in g.nextFloat(bound: 1) }
        XCTAssertEqual(two[4], frozenStart, "frozen parameters stay as they are")
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
}
