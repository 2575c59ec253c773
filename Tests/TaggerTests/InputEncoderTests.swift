import XCTest
@testable import Tagger

final class InputEncoderTests: XCTestCase {
    func encoder(_ tokens: [String], unit: TokenUnit = .char) -> InputEncoder {
        InputEncoder(unit: unit, vocabulary: Vocabulary(tokens: tokens), characters: nil, labels: ["O"])
    }

    /// The stand-in is the first (most frequent) one-scalar symbol of category So that is not a
    /// unit or enclosed sign, else the first such sign; never `▁`.
    func testSymbolStandInIsTheMostFrequentKnownSymbol() {
        let char = encoder(["▁", "가", "~", "㎡", "㈜", "▲", "★"])
        XCTAssertEqual(char.symbolStandIn, char.vocabulary.id("▲"))
        let signs = encoder(["▁", "가", "㈜", "㎡"])
        XCTAssertEqual(signs.symbolStandIn, signs.vocabulary.id("㈜"))
        XCTAssertNil(encoder(["▁", "가", "~"]).symbolStandIn)
        XCTAssertNil(encoder(["㎡"], unit: .word).symbolStandIn)
    }

    /// Unknown clusters are read as their first scalar, unknown symbols as the stand-in;
    /// everything else unknown stays UNK, escape tokens included.
    func testUnknownCharacterTokensFallBack() {
        let char = encoder(["▁", "가", "1", "㎡", "▲", "👍"])
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        XCTAssertEqual(char.id("1\u{FE0F}\u{20E3}"), char.vocabulary.id("1"))
        XCTAssertEqual(char.id("👍🏽"), char.vocabulary.id("👍"))
        XCTAssertEqual(char.id(family), char.vocabulary.id("▲"))
        XCTAssertEqual(char.id("🇰🇷"), char.vocabulary.id("▲"))
        XCTAssertEqual(char.id("😀"), char.vocabulary.id("▲"))
        XCTAssertEqual(char.id("㎞"), char.vocabulary.id("▲"))
        XCTAssertEqual(char.id("가"), char.vocabulary.id("가"))
        XCTAssertEqual(char.id("豈"), Vocabulary.unknown)
        XCTAssertEqual(char.id("<U+001B>"), Vocabulary.unknown)
        XCTAssertEqual(char.encode(["가", family]).tokens, [char.vocabulary.id("가"), char.vocabulary.id("▲")])
        // Word units look words up as they are.
        let word = encoder(["1", "㎡"], unit: .word)
        XCTAssertEqual(word.id("1\u{FE0F}\u{20E3}"), Vocabulary.unknown)
        XCTAssertEqual(word.id("😀"), Vocabulary.unknown)
    }
}
