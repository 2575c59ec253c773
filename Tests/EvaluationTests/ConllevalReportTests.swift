import Corpus
import Foundation
import XCTest
@testable import Evaluation

final class ConllevalReportTests: XCTestCase {
    /// Every worked example under annotations/eval gives its expected report through the library.
    func testGoldenFiles() throws {
        let cases = try GoldenCase.all()
        XCTAssertGreaterThanOrEqual(cases.count, 18)
        for golden in cases {
            let (options, format) = try golden.options()
            let evaluator = ChunkEvaluator(options: options)
            try evaluator.add(lines: try LineReader(path: golden.input))
            let result = evaluator.result()
            var report: String
            switch format {
            case "table": report = TableReport.format(result)
            case "json": report = JSONReport.format(result)
            default:
                report = ConllevalReport.format(result)
                if let confusion = result.confusion { report += "\n" + ConfusionReport.format(confusion) }
            }
            XCTAssertEqual(report, golden.expected, golden.name)
        }
    }

    func testEmptyInputPrintsOnlyTheCounts() {
        XCTAssertEqual(ConllevalReport.format(ChunkEvaluator().result()),
                       "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n")
    }

    func testPrintfRoundingAndWidths() {
        // %6.2f rounds the binary value: 2/3*100 = 66.666... -> 66.67; 0.125 -> 0.12 (ties to even bits)
        XCTAssertEqual(String(decoding: ConllevalReport.format("%6.2f", 200.0 / 3.0), as: UTF8.self), " 66.67")
        XCTAssertEqual(String(decoding: ConllevalReport.format("%6.2f", 0.125), as: UTF8.self), "  0.12")
        XCTAssertEqual(String(decoding: ConllevalReport.format("%6.2f", 100), as: UTF8.self), "100.00")
    }

    func testLongTypeNamesAreNotCut() throws {
        let evaluator = ChunkEvaluator()
        try evaluator.add(sentence: ["B-AVERYLONGTYPENAME-X"], predicted: ["B-AVERYLONGTYPENAME-X"])
        let report = ConllevalReport.format(evaluator.result())
        XCTAssertTrue(report.hasSuffix("AVERYLONGTYPENAME-X: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"))
    }

    func testNonUTF8TypeBytesPassThrough() throws {
        let evaluator = ChunkEvaluator()
        let line: [UInt8] = Array("w B-".utf8) + [0xFF] + Array(" B-".utf8) + [0xFF]
        try line.withUnsafeBufferPointer { try evaluator.add(line: $0) }
        let bytes = ConllevalReport.bytes(evaluator.result())
        XCTAssertTrue(bytes.contains(0xFF))
    }
}
