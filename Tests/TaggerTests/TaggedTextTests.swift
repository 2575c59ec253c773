import Corpus
import XCTest
@testable import Tagger

final class TaggedTextTests: XCTestCase {
    func offsets(_ text: String, _ unit: TokenUnit = .char) -> [Range<Int>] {
        unit.split(text).offsets
    }

    func testTokensSitWhereTheyAreInTheText() {
        XCTAssertEqual(offsets("가 나"), [0..<1, 1..<2, 2..<3])
        XCTAssertEqual(TokenUnit.char.tokenize(" 가 \t나 "), ["▁", "가", "▁", "<U+0009>", "나", "▁"])
        XCTAssertEqual(offsets(" 가 \t나 "), [0..<1, 1..<2, 2..<3, 3..<4, 4..<5, 5..<6])
        XCTAssertEqual(offsets("ab  cd", .word), [0..<2, 4..<6])
        // An emoji with a skin tone: two scalars, one token.
        XCTAssertEqual(offsets("a👍🏽b"), [0..<1, 1..<3, 3..<4])
        // A literal ▁ in the text is an escape token of one scalar.
        XCTAssertEqual(offsets("a▁b"), [0..<1, 1..<2, 2..<3])
        // A syllable typed as three conjoining jamo covers the three.
        XCTAssertEqual(offsets("\u{1112}\u{1162}\u{11BB}다"), [0..<3, 3..<4])
        XCTAssertEqual(offsets(""), [])
    }

    func testEscapeTokensCountOneScalar() {
        XCTAssertEqual(TokenUnit.char.tokenize("a\u{00A0}b"), ["a", "<U+00A0>", "b"])
        XCTAssertEqual(offsets("a\u{00A0}b"), [0..<1, 1..<2, 2..<3])
    }

    func testSpansTrimWhitespaceAndTakeTheLowestConfidence() {
        let text = "가 나 다"
        let tokens = TokenUnit.char.tokenize(text)
        let tagged = TaggedText(text: text, tokens: tokens, offsets: TokenUnit.char.split(text).offsets,
                                labels: ["B-X", "I-X", "I-X", "O", "B-Y"], confidence: [0.9, 0.5, 0.8, 1, 0.7])
        XCTAssertEqual(tagged.spans().map(\.text), ["가 나", "다"])
        XCTAssertEqual(tagged.spans().map(\.confidence), [0.5, 0.7])
        XCTAssertEqual(tagged.spans().map(\.start), [0, 4])
        XCTAssertEqual(tagged.spans().map(\.tokens), [0..<3, 4..<5])
    }

    func testLongTokenListsAreCutIntoBoundedPiecesAtWordBoundaries() {
        let tokens = Array(repeating: ["가", "나", "다", TokenUnit.space], count: 1000).flatMap { $0 }
        let pieces = TaggerModel.pieces(of: tokens, limit: 10)
        XCTAssertEqual(pieces.first?.lowerBound, 0)
        XCTAssertEqual(pieces.last?.upperBound, tokens.count)
        for (a, b) in zip(pieces, pieces.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
        XCTAssertTrue(pieces.allSatisfy { $0.count <= 10 && !$0.isEmpty })
        XCTAssertTrue(pieces.dropLast().allSatisfy { tokens[$0.upperBound - 1] == TokenUnit.space })
        // No word boundary at all: cut at the limit.
        XCTAssertEqual(TaggerModel.pieces(of: Array(repeating: "a", count: 25), limit: 10), [0..<10, 10..<20, 20..<25])
        XCTAssertEqual(TaggerModel.pieces(of: [], limit: 10), [])
    }
}
