import XCTest
@testable import Tagger

final class TokenUnitTests: XCTestCase {
    func testCharTokenization() {
        XCTAssertEqual(TokenUnit.char.tokenize("아버지가 방에\t들어가신다"),
                       ["아", "버", "지", "가", "▁", "방", "에", "<U+0009>", "들", "어", "가", "신", "다"])
        // Decomposed jamo are composed first.
        XCTAssertEqual(TokenUnit.char.tokenize("\u{1100}\u{1161}"), ["가"])
        XCTAssertEqual(TokenUnit.char.tokenize(""), [])
        XCTAssertEqual(TokenUnit.word.tokenize(" EU  rejects\tit "), ["EU", "rejects", "it"])
    }

    func testFeaturesStayInRange() {
        for unit in TokenUnit.allCases {
            let tokens = unit.tokenize("Hello 세계 42 , x3 😀 ÉCOLE")
            let features = unit.features(of: tokens)
            XCTAssertEqual(features.count, tokens.count)
            XCTAssertTrue(features.allSatisfy { $0 >= 0 && Int($0) < unit.featureCount })
        }
    }

    func testCharFeaturesMarkWordBoundaries() {
        let features = TokenUnit.char.features(of: ["가", "나", "▁", "다"])
        let hangul = CharacterClass.hangul.rawValue * 4
        XCTAssertEqual(features, [Int32(hangul + 2), Int32(hangul + 1), Int32(CharacterClass.space.rawValue * 4), Int32(hangul + 3)])
    }

    func testWordShapes() {
        XCTAssertEqual(WordShape(of: "paris"), .lower)
        XCTAssertEqual(WordShape(of: "Paris"), .capitalised)
        XCTAssertEqual(WordShape(of: "EU"), .upper)
        XCTAssertEqual(WordShape(of: "1996"), .number)
        XCTAssertEqual(WordShape(of: "1996-08-22"), .number)
        XCTAssertEqual(WordShape(of: "F16"), .hasDigit)
        XCTAssertEqual(WordShape(of: "."), .punctuation)
        XCTAssertEqual(WordShape(of: "iPhone"), .mixed)
    }
}
