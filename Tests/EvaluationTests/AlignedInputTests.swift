import Corpus
import Foundation
import XCTest
@testable import Evaluation

final class AlignedInputTests: XCTestCase {
    private var paths: [String] = []

    override func tearDown() {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    private func file(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "aligned-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        paths.append(path)
        return path
    }

    private func evaluate(_ gold: String, _ predicted: String) throws -> EvaluationResult {
        let evaluator = ChunkEvaluator()
        try evaluator.add(gold: try LineReader(path: file(gold)), predicted: try LineReader(path: file(predicted)))
        return evaluator.result()
    }

    func testSameAsThreeColumnInput() throws {
        let aligned = try evaluate("a B-X\nb I-X\n\n\nc B-Y\n\n", "a B-X\nb O\n\nc B-Y\n")
        let evaluator = ChunkEvaluator()
        for line in ["a B-X B-X", "b I-X O", "", "c B-Y B-Y"] { try evaluator.add(line: line) }
        XCTAssertEqual(aligned, evaluator.result())
        // label-only files
        XCTAssertEqual(try evaluate("B-X\nI-X\n", "B-X\nI-X\n").overall.correct, 1)
    }

    func testMisalignmentNamesBothFilesAndLines() {
        XCTAssertThrowsError(try evaluate("a O\nb O\n", "a O\n\nb O\n")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains(":2"), text)
            XCTAssertEqual((error as? InputError)?.line, 2)
            XCTAssertTrue(text.contains(self.paths[0]) && text.contains(self.paths[1]), text)
        }
        XCTAssertThrowsError(try evaluate("a O\nb O\n", "a O\nc O\n")) { error in
            XCTAssertTrue(String(describing: error).contains("'b'"))
        }
        XCTAssertThrowsError(try evaluate("a O\nb O\n", "a O\n")) { error in
            XCTAssertEqual((error as? InputError)?.line, 2)
        }
        XCTAssertThrowsError(try evaluate("a O\n", "a O\nb O\n"))
    }
}
