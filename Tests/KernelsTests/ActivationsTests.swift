import Foundation
import XCTest
@testable import Kernels

final class ActivationsTests: XCTestCase {
    typealias Kernel = (UnsafeMutablePointer<Float>, Int) -> Void

    /// Largest relative error of `kernel` against the Double `reference` on `steps + 1` evenly
    /// spaced points of `lo...hi`, ignoring points whose exact result is below the smallest
    /// normal float (checked separately with an absolute bound).
    func worstRelativeError(lo: Float, hi: Float, steps: Int, _ kernel: Kernel,
                            _ reference: (Double) -> Double) -> (error: Double, at: Float) {
        var x = (0...steps).map { lo + (hi - lo) * Float($0) / Float(steps) }
        let inputs = x
        x.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, $0.count) }
        var worst = (error: 0.0, at: Float.nan)
        for (input, output) in zip(inputs, x) {
            let exact = reference(Double(input))
            if abs(exact) < Double(Float.leastNormalMagnitude) {
                XCTAssertLessThan(abs(Double(output) - exact), 1e-44, "x = \(input)")
                continue
            }
            let error = abs(Double(output) - exact) / abs(exact)
            if !(error <= worst.error) { worst = (error, input) }
        }
        return worst
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    func testExpAccuracy() {
        let kernel: Kernel = { Activations.exp($0, count: $1) }
        for (lo, hi) in [(-104, 88.72), (-2, 2)] as [(Float, Float)] {
            let worst = worstRelativeError(lo: lo, hi: hi, steps: 200_000, kernel, Foundation.exp)
            XCTAssertLessThan(worst.error, 1.2e-7, "exp on \(lo)...\(hi), worst at \(worst.at)")
        }
    }

    func testSigmoidAccuracy() {
        let kernel: Kernel = { Activations.sigmoid($0, count: $1) }
        for (lo, hi) in [(-110, 110), (-4, 4)] as [(Float, Float)] {
            let worst = worstRelativeError(lo: lo, hi: hi, steps: 200_000, kernel, Self.sigmoid)
            XCTAssertLessThan(worst.error, 2.5e-7, "sigmoid on \(lo)...\(hi), worst at \(worst.at)")
        }
    }

    func testTanhAccuracy() {
        let kernel: Kernel = { Activations.tanh($0, count: $1) }
        for (lo, hi) in [(-20, 20), (-1, 1), (-1e-3, 1e-3)] as [(Float, Float)] {
            let worst = worstRelativeError(lo: lo, hi: hi, steps: 200_000, kernel, Foundation.tanh)
            XCTAssertLessThan(worst.error, 2.5e-7, "tanh on \(lo)...\(hi), worst at \(worst.at)")
        }
    }

    func testExtremesSaturateWithoutNaN() {
        let inputs: [Float] = [.infinity, -.infinity, 0, -0.0, 100, -100, 88.8, 89, 1000, -104,
                               -1000, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        func run(_ kernel: Kernel) -> [Float] {
            var x = inputs
            x.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, $0.count) }
            return x
        }
        let e = run { Activations.exp($0, count: $1) }
        XCTAssertEqual(e, [.infinity, 0, 1, 1, .infinity, Float(Foundation.exp(-100.0)), .infinity,
                           .infinity, .infinity, 0, 0, .infinity, 0])
        let s = run { Activations.sigmoid($0, count: $1) }
        XCTAssertEqual(s, [1, 0, 0.5, 0.5, 1, Float(Foundation.exp(-100.0)), 1, 1, 1, 0, 0, 1, 0])
        let t = run { Activations.tanh($0, count: $1) }
        XCTAssertEqual(t, [1, -1, 0, 0, 1, -1, 1, 1, 1, -1, -1, 1, -1])
    }

    func testNaNPropagates() {
        for kernel: Kernel in [{ Activations.exp($0, count: $1) }, { Activations.sigmoid($0, count: $1) },
                               { Activations.tanh($0, count: $1) }] {
            var x: [Float] = [1, .nan, -1, .nan]
            x.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, $0.count) }
            XCTAssertFalse(x[0].isNaN)
            XCTAssertTrue(x[1].isNaN)
            XCTAssertFalse(x[2].isNaN)
            XCTAssertTrue(x[3].isNaN)
        }
    }

    func testEveryLengthAndTailAgreesWithTheVectorForm() {
        // Buffers of every length up to 40 (tails of 0...15 elements) give exactly what the
        // SIMD16 function gives lane by lane, and nothing past `count` is written.
        var random = TestRandom(seed: 3)
        for count in 0...40 {
            let input = random.array(count).map { $0 * 8 }
            var x = input + [42]
            x.withUnsafeMutableBufferPointer { Activations.tanh($0.baseAddress!, count: count) }
            XCTAssertEqual(x[count], 42, "count \(count): wrote past the end")
            for i in 0..<count {
                let lane = Activations.tanh(SIMD16<Float>(repeating: input[i]))[0]
                XCTAssertEqual(x[i], lane, "count \(count) index \(i)")
            }
        }
    }
}
