import XCTest
@testable import Hangul

final class SyllableTokenizerTests: XCTestCase {
    func testOneTokenPerScalarAndSpacesBecomeLowerBlocks() {
        XCTAssertEqual(SyllableTokenizer.tokens(of: "K리그 3개!"), ["K", "리", "그", "▁", "3", "개", "!"])
        XCTAssertEqual(SyllableTokenizer.tokens(of: ""), [])
        // NFD input gives the same tokens as NFC.
        XCTAssertEqual(SyllableTokenizer.tokens(of: "\u{1112}\u{1162}\u{11BB}"), ["했"])
    }

    func testLiteralLowerBlockAndOtherWhitespaceAreEscapedAndComeBack() {
        let text = "a▁b\tc  d\u{3000}e"
        let tokens = SyllableTokenizer.tokens(of: text)
        XCTAssertEqual(tokens, ["a", "<U+2581>", "b", "<U+0009>", "c", "▁", "▁", "d", "<U+3000>", "e"])
        XCTAssertEqual(SyllableTokenizer.text(of: tokens), text)
        XCTAssertTrue(SyllableTokenizer.isWhitespace("<U+0009>"))
        XCTAssertFalse(SyllableTokenizer.isWhitespace("<U+2581>"))
        XCTAssertEqual(SyllableTokenizer.text(of: "<U+ZZZZ>"), "<U+ZZZZ>")
    }

    func testWordRangesSplitAtSpacesAndGluedIndexes() {
        let tokens = SyllableTokenizer.tokens(of: "주었다. 네")
        XCTAssertEqual(SyllableTokenizer.wordRanges(of: tokens), [0..<4, 5..<6])
        XCTAssertEqual(SyllableTokenizer.wordRanges(of: tokens, glued: [3]), [0..<3, 3..<4, 5..<6])
        XCTAssertEqual(SyllableTokenizer.wordRanges(of: ["▁", "▁"]), [])
        XCTAssertEqual(SyllableTokenizer.wordRanges(of: ["a", "▁", "▁", "b"], glued: [0, 9]), [0..<1, 3..<4])
    }
}
