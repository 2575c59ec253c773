import XCTest
@testable import Network

/// A mutable float array shared between a test and its closures.
final class SharedFloats {
    var values: [Float]
    init(_ values: [Float]) { self.values = values }
    init(count: Int, bound: Float = 1, seed: UInt64) {
        var g = SplitMix64(seed: seed)
        values = (0..<count).map { _ in g.nextFloat(bound: bound) }
    }
}

/// Compares analytic gradients with central finite differences.
///
/// `loss()` must recompute the scalar loss from the current values; `gradients()` must zero and
/// recompute every analytic gradient. Each checked entry must satisfy
/// `|numeric - analytic| <= atol + rtol * max(|numeric|, |analytic|)`: loose enough for float32
/// round-off, far too tight for a wrong sign, index or missing term.
func checkGradients(_ name: String, values: [(String, SharedFloats, SharedFloats)], parameters: [Parameter],
                    loss: () -> Double, gradients: () -> Void, samples: Int = 12,
                    epsilon: Float = 1e-2, atol: Double = 2e-3, rtol: Double = 3e-2,
                    file: StaticString = #filePath, line: UInt = #line) {
    gradients()
    var checked = 0
    func compare(_ label: String, _ count: Int, get: (Int) -> Float, set: (Int, Float) -> Void,
                 analytic: (Int) -> Float) {
        guard count > 0 else { return }
        var g = SplitMix64(seed: UInt64(count) &* 7919)
        let indices = count <= samples ? Array(0..<count) : (0..<samples).map { _ in Int(g.next() % UInt64(count)) }
        for i in indices {
            let old = get(i)
            set(i, old + epsilon)
            let plus = loss()
            set(i, old - epsilon)
            let minus = loss()
            set(i, old)
            let numeric = (plus - minus) / Double(2 * epsilon)
            let a = Double(analytic(i))
            let tolerance = atol + rtol * max(abs(numeric), abs(a))
            XCTAssert(abs(numeric - a) <= tolerance,
                      "\(name) \(label)[\(i)]: numeric \(numeric) analytic \(a)", file: file, line: line)
            checked += 1
        }
    }
    for p in parameters {
        let analytic = p.grad
        compare(p.name, p.count, get: { p.value[$0] }, set: { p.value[$0] = $1 }, analytic: { analytic[$0] })
    }
    for (label, x, dx) in values {
        let analytic = dx.values
        compare(label, x.values.count, get: { x.values[$0] }, set: { x.values[$0] = $1 },
                analytic: { analytic[$0] })
    }
    XCTAssertGreaterThan(checked, 0, file: file, line: line)
}

/// `Σ y ⊙ r` in Double: a loss whose gradient with respect to `y` is `r`.
func projection(_ y: [Float], _ r: [Float]) -> Double {
    var s = 0.0
    for i in y.indices { s += Double(y[i]) * Double(r[i]) }
    return s
}
