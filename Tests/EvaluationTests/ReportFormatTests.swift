import XCTest
@testable import Evaluation

final class ReportFormatTests: XCTestCase {
    private func result() throws -> EvaluationResult {
        let evaluator = ChunkEvaluator(options: EvaluationOptions(confusion: true))
        try evaluator.add(sentence: ["B-A", "I-A", "O", "B-B\"q"], predicted: ["B-A", "I-A", "B-A", "O"])
        return evaluator.result()
    }

    func testJSONIsValidAndHasTheFigures() throws {
        let text = JSONReport.format(try result())
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        XCTAssertEqual(object?["tokens"] as? Int, 4)
        XCTAssertEqual(object?["accuracy"] as? Double, 0.5)
        let overall = object?["overall"] as? [String: Any]
        XCTAssertEqual(overall?["gold"] as? Int, 2)
        XCTAssertEqual(overall?["predicted"] as? Int, 2)
        XCTAssertEqual(overall?["correct"] as? Int, 1)
        XCTAssertEqual(overall?["f1"] as? Double, 0.5)
        let labels = object?["labels"] as? [String: Any]
        XCTAssertEqual(Set(labels?.keys.map { $0 } ?? []), ["A", "B\"q"])
        let confusion = object?["confusion"] as? [String: Any]
        XCTAssertEqual(confusion?["labels"] as? [String], ["B-A", "B-B\"q", "I-A", "O"])
    }

    func testTableRowsAndAverages() throws {
        let lines = TableReport.format(try result()).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0].split(separator: " ").map(String.init),
                       ["type", "gold", "predicted", "correct", "precision", "recall", "f1"])
        XCTAssertEqual(lines[1].split(separator: " ").map(String.init), ["A", "1", "2", "1", "50.00", "100.00", "66.67"])
        XCTAssertTrue(lines.contains { $0.hasPrefix("micro avg") && $0.hasSuffix("50.00   50.00  50.00") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("macro avg") && $0.hasSuffix("25.00   50.00  33.33") })
        XCTAssertTrue(lines.contains("accuracy: 50.00% of 4 tokens"))
        // all data rows have the same width
        let widths = Set(lines[0...2].map(\.count))
        XCTAssertEqual(widths.count, 1)
    }
}
