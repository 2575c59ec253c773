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

    /// Tokens are grapheme clusters: an emoji with its modifier, a flag, a keycap, a ZWJ family
    /// and a decomposed Latin letter are one token each, kept byte for byte; Hangul syllables
    /// stay one token each, jamo composed; offsets index the text as given.
    func testGraphemeClustersAreOneTokenEach() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        let text = "👍🏽🇰🇷❤\u{FE0F}\(family)1\u{FE0F}\u{20E3}e\u{301}\u{F900}"
        let (tokens, offsets) = SyllableTokenizer.split(text)
        XCTAssertEqual(tokens.map { $0.unicodeScalars.map(\.value) },
                       [[0x1F44D, 0x1F3FD], [0x1F1F0, 0x1F1F7], [0x2764, 0xFE0F],
                        [0x1F468, 0x200D, 0x1F469, 0x200D, 0x1F467], [0x31, 0xFE0F, 0x20E3],
                        [0x65, 0x301], [0xF900]])
        XCTAssertEqual(offsets, [0..<2, 2..<4, 4..<6, 6..<11, 11..<14, 14..<16, 16..<17])
        XCTAssertEqual(SyllableTokenizer.text(of: tokens).unicodeScalars.map(\.value),
                       text.unicodeScalars.map(\.value))
        // Jamo compose; a syllable followed by a combining mark stays a token of its own.
        let hangul = "\u{1112}\u{1162}\u{11BB}다\u{AC00}\u{11A8} 가\u{301}"
        let split = SyllableTokenizer.split(hangul)
        XCTAssertEqual(split.tokens.map { $0.unicodeScalars.map(\.value) },
                       [[0xD588], [0xB2E4], [0xAC01], [0x2581], [0xAC00], [0x301]])
        XCTAssertEqual(split.offsets, [0..<3, 3..<4, 4..<6, 6..<7, 7..<8, 8..<9])
        // CR LF is one cluster but two escape tokens.
        XCTAssertEqual(SyllableTokenizer.tokens(of: "a\r\n👍🏽"), ["a", "<U+000D>", "<U+000A>", "👍🏽"])
    }
}
