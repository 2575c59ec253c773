import XCTest
@testable import Evaluation

final class DelimiterPatternTests: XCTestCase {
    private func fields(_ line: String, _ pattern: DelimiterPattern) -> [String] {
        var ranges: [(Int, Int)] = []
        let bytes = Array(line.utf8)
        bytes.withUnsafeBufferPointer { pattern.split($0, into: &ranges) }
        return ranges.map { String(decoding: bytes[$0.0..<$0.1], as: UTF8.self) }
    }

    func testSingleSpaceLikePerlSplit() {
        XCTAssertEqual(fields("a  b", .space), ["a", "", "b"])
        XCTAssertEqual(fields(" a b", .space), ["", "a", "b"])
        XCTAssertEqual(fields("a b   ", .space), ["a", "b"])
        XCTAssertEqual(fields("   ", .space), [])
        XCTAssertEqual(fields("", .space), [])
        XCTAssertEqual(fields("a\tb c", .space), ["a\tb", "c"])
    }

    func testRegexSubset() throws {
        XCTAssertEqual(fields("a\tb\t\tc", try DelimiterPattern("\\t")), ["a", "b", "", "c"])
        XCTAssertEqual(fields("a \t b  c", try DelimiterPattern("\\s+")), ["a", "b", "c"])
        XCTAssertEqual(fields("a;b,c", try DelimiterPattern("[;,]")), ["a", "b", "c"])
        XCTAssertEqual(fields("a::b::", try DelimiterPattern("::")), ["a", "b"])
        XCTAssertEqual(fields("a|b", try DelimiterPattern("\\|")), ["a", "b"])
        XCTAssertEqual(fields("a1b22c", try DelimiterPattern("\\d+")), ["a", "b", "c"])
        XCTAssertEqual(fields("xaaby", try DelimiterPattern("a*b")), ["x", "y"])
    }

    func testUnsupportedPatternsAreRefused() {
        for pattern in ["", "|", "a|b", "(a)", "x*", "^a", "\\", "[ab", "a{2}", "\\p"] {
            XCTAssertThrowsError(try DelimiterPattern(pattern), pattern)
        }
    }
}
