import XCTest
@testable import Tagger

/// `UnseenSymbol.tag(of:)`: the Sejong symbol tag of a character by its Unicode category.
final class UnseenSymbolTests: XCTestCase {
    func testSymbolsByCategory() {
        let expected: [String: String] = [
            "#": "SW", "※": "SW", "§": "SW", "♥": "SW", "$": "SW", "+": "SW", "_": "SW", "😀": "SW",
            "《": "SS", "」": "SS", "“": "SS", "’": "SS", "(": "SS",
            "-": "SO", "—": "SO",
            "。": "SF", "？": "SF", "！": "SF", "．": "SF", "…": "SE", "‥": "SE",
        ]
        for (token, tag) in expected { XCTAssertEqual(UnseenSymbol.tag(of: token), tag, token) }
    }

    func testLettersDigitsAndSpacesAreNoSymbols() {
        for token in ["가", "a", "Z", "7", "漢", "ㅋ", "é", " ", TokenUnit.space, "", "\u{200B}"] {
            XCTAssertNil(UnseenSymbol.tag(of: token), token.debugDescription)
        }
    }
}
