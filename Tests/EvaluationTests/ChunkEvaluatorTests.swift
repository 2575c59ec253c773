import Corpus
import Foundation
import XCTest
@testable import Evaluation

final class ChunkEvaluatorTests: XCTestCase {
    private func evaluate(_ text: String, _ options: EvaluationOptions = EvaluationOptions()) throws
        -> EvaluationResult {
        let evaluator = ChunkEvaluator(options: options)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try evaluator.add(line: String(line), file: "t", line: index + 1)
        }
        return evaluator.result()
    }

    /// Worked by hand: gold PER[0,1) LOC[2,4); predicted PER[0,1) LOC[2,3) MISC[3,4).
    func testHandComputedCounts() throws {
        let result = try evaluate("a B-PER B-PER\nb O O\nc B-LOC B-LOC\nd I-LOC B-MISC\n")
        XCTAssertEqual(result.tokens, 4)
        XCTAssertEqual(result.correctTokens, 3)
        XCTAssertEqual(result.overall, ChunkScore(gold: 2, predicted: 3, correct: 1))
        XCTAssertEqual(result.types.map(\.name), ["LOC", "MISC", "PER"])
        XCTAssertEqual(result.types.map(\.score.correct), [0, 0, 1])
        XCTAssertEqual(result.overall.precision, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(result.overall.f1, 0.4, accuracy: 1e-12)
        XCTAssertEqual(result.accuracy, 0.75)
    }

    func testStringAPIMatchesLines() throws {
        let evaluator = ChunkEvaluator()
        try evaluator.add(sentence: ["B-PER", "O", "B-LOC", "I-LOC"], predicted: ["B-PER", "O", "B-LOC", "B-MISC"])
        XCTAssertEqual(evaluator.result(), try evaluate("a B-PER B-PER\nb O O\nc B-LOC B-LOC\nd I-LOC B-MISC\n\n"))
        XCTAssertThrowsError(try evaluator.add(sentence: ["O"], predicted: []))
    }

    func testEndOfInputClosesACorrectChunk() throws {
        XCTAssertEqual(try evaluate("a B-X B-X\nb I-X I-X").overall.correct, 1)
        // result() does not disturb the running state
        let evaluator = ChunkEvaluator()
        try evaluator.add(gold: "B-X", predicted: "B-X")
        XCTAssertEqual(evaluator.result().overall.correct, 1)
        try evaluator.add(gold: "I-X", predicted: "O")
        XCTAssertEqual(evaluator.result().overall.correct, 0)
    }

    func testFieldCountChangeIsAnErrorWithLine() {
        XCTAssertThrowsError(try evaluate("a B-X B-X\n\nb c O O\n")) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.line, 3)
            XCTAssertEqual(e?.file, "t")
            XCTAssertEqual(e?.kind, .data)
        }
        XCTAssertThrowsError(try evaluate("lonely\n")) { XCTAssertEqual(($0 as? InputError)?.line, 1) }
        // a blank first line fixes no count
        XCTAssertEqual(try evaluate("\na b O O\n").tokens, 1)
    }

    func testTypeZeroIsNoTypeAndEmptyTypePrintsTwice() throws {
        let result = try evaluate("a B-0 B\nb B B-\n")
        XCTAssertEqual(result.types.map(\.name), [""])
        XCTAssertTrue(result.duplicatedEmptyType)
        XCTAssertEqual(result.correctTokens, 2)
    }

    func testRawModeAndOutsideTag() throws {
        let result = try evaluate("a PER PER\nb OUT O\nc LOC LOC\nd LOC LOC\n",
                                  EvaluationOptions(raw: true, outsideTag: "OUT"))
        XCTAssertEqual(result.overall, ChunkScore(gold: 3, predicted: 3, correct: 3))
        XCTAssertEqual(result.correctTokens, 4)   // OUT and O both read as O, so they agree
    }

    func testStrictChunks() {
        typealias L = ChunkCounter.Label
        func labels(_ kinds: [(ChunkCounter.Kind, Int32)]) -> [L] {
            kinds.map { L(kind: $0.0, prefix: 0, type: $0.1) }
        }
        let bio = ChunkCounter.strictChunks(labels([(.inside, 1), (.begin, 1), (.inside, 1), (.inside, 2),
                                                      (.begin, 2)]), .bio)
        XCTAssertEqual(bio.map { [$0.start, $0.end] }, [[1, 3], [4, 5]])
        let iobes = ChunkCounter.strictChunks(labels([(.begin, 1), (.inside, 1), (.end, 1), (.single, 2),
                                                        (.begin, 1), (.outside, 0), (.begin, 1), (.end, 2)]),
                                                .iobes)
        XCTAssertEqual(iobes.map { [$0.start, $0.end] }, [[0, 3], [3, 4]])
    }

    func testStrictRefusesForeignPrefixes() {
        XCTAssertThrowsError(try evaluate("a S-X S-X\n", EvaluationOptions(strict: .bio))) { error in
            XCTAssertEqual((error as? InputError)?.line, 1)
        }
        XCTAssertNoThrow(try evaluate("a S-X S-X\n", EvaluationOptions(strict: .iobes)))
    }

    func testConfusionMatrix() throws {
        let result = try evaluate("a B-X O\nb I-X I-X\nc O O\n", EvaluationOptions(confusion: true))
        XCTAssertEqual(result.confusion?.labels, ["B-X", "I-X", "O"])
        XCTAssertEqual(result.confusion?.counts, [[0, 0, 1], [0, 1, 0], [0, 0, 1]])
    }

    func testManyLabelsGrowTables() throws {
        let evaluator = ChunkEvaluator(options: EvaluationOptions(confusion: true))
        for i in 0..<300 { try evaluator.add(gold: "B-T\(i)", predicted: "B-T\((i * 7) % 300)") }
        let result = evaluator.result()
        XCTAssertEqual(result.types.count, 300)
        XCTAssertEqual(result.confusion?.labels.count, 300)
        XCTAssertEqual(result.confusion?.counts.flatMap { $0 }.reduce(0, +), 300)
        // past the limit, a clear error instead of a huge matrix
        XCTAssertThrowsError(try {
            for i in 0..<ChunkCounter.confusionLimit { try evaluator.add(gold: "X\(i)", predicted: "O") }
        }()) { error in
            XCTAssertTrue(String(describing: error).contains("--confusion"))
        }
    }
}
