import XCTest
@testable import Network

final class CharacterEncoderTests: XCTestCase {
    func testGradientsAndEmptyWords() {
        var g = SplitMix64(seed: 8)
        let encoder = CharacterEncoder(name: "c", characters: 5, embedding: 2, hidden: 2, generator: &g)
        let words: [[Int32]] = [[1, 2, 3], [], [4], [2, 2]]
        let r = SharedFloats(count: words.count * 4, seed: 3).values
        func run() -> [Float] {
            var y = [Float](repeating: 9, count: words.count * 4)
            encoder.forward(words: words, out: &y, ldo: 4)
            return y
        }
        XCTAssertEqual(Array(run()[4..<8]), [0, 0, 0, 0], "a word without characters encodes as zeros")
        checkGradients("chars", values: [], parameters: encoder.parameters, loss: { projection(run(), r) },
                       gradients: {
                           for p in encoder.parameters { p.zeroGrad() }
                           _ = run()
                           encoder.backward(dOut: r, lddo: 4)
                       })
    }

    func testWordEncodingDoesNotDependOnItsNeighbours() {
        var g = SplitMix64(seed: 8)
        let encoder = CharacterEncoder(name: "c", characters: 5, embedding: 2, hidden: 2, generator: &g)
        var a = [Float](repeating: 0, count: 8), b = [Float](repeating: 0, count: 4)
        encoder.forward(words: [[1, 2, 3, 4], [3, 1]], out: &a, ldo: 4)
        encoder.forward(words: [[3, 1]], out: &b, ldo: 4)
        XCTAssertEqual(Array(a[4..<8]), b)
    }
}
