import XCTest
@testable import Tagger

final class VocabularyTests: XCTestCase {
    func testReservedIdsMinCountAndOrder() {
        let vocabulary = Vocabulary(counts: ["the": 5, "cat": 2, "dog": 2, "zebra": 1], minCount: 2)
        XCTAssertEqual(vocabulary.tokens, ["<pad>", "<unk>", "the", "cat", "dog"])
        XCTAssertEqual(vocabulary.id("the"), 2)
        XCTAssertEqual(vocabulary.id("zebra"), Vocabulary.unknown)
        XCTAssertEqual(vocabulary.id("never"), Vocabulary.unknown)
    }

    func testLowercaseFallback() {
        let words = Vocabulary(counts: ["Paris": 1, "the": 3], lowercaseFallback: true)
        XCTAssertNotEqual(words.id("PARIS"), Vocabulary.unknown)
        XCTAssertEqual(words.id("PARIS"), words.id("paris"))
        XCTAssertNotEqual(words.id("Paris"), words.id("paris"))
        XCTAssertEqual(words.id("The"), words.id("the"))
        let exact = Vocabulary(counts: ["the": 3])
        XCTAssertEqual(exact.id("The"), Vocabulary.unknown)
    }

    func testCodableRoundTrip() throws {
        let vocabulary = Vocabulary(tokens: ["가", "나", "▁"], lowercaseFallback: true)
        let data = try JSONEncoder().encode(vocabulary)
        let back = try JSONDecoder().decode(Vocabulary.self, from: data)
        XCTAssertEqual(back, vocabulary)
        XCTAssertEqual(back.id("나"), 3)
    }
}
