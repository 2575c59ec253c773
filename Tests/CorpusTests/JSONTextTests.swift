import Foundation
import XCTest
@testable import Corpus

final class JSONTextTests: XCTestCase {
    func testEscapesAndRoundTripsThroughJSONSerialization() throws {
        let text = "따옴표\"와 \\ 역슬래시\n\t\r\u{01}😀"
        let quoted = JSONText.quote(text)
        XCTAssertEqual(quoted, "\"따옴표\\\"와 \\\\ 역슬래시\\n\\t\\r\\u0001😀\"")
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        XCTAssertEqual(decoded, [text])
    }
}
