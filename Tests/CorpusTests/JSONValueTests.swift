import Foundation
import XCTest
@testable import Corpus

final class JSONValueTests: XCTestCase {
    private let value: JSONValue = .object([
        ("n", .int(3)), ("x", .double(0.5)), ("fixed", .number("50.00")), ("bad", .double(.nan)),
        ("s", .string("a\"b\\c\n\u{1}")),
        ("inner", .object([("k", .array([.int(1), .int(2)]))])),
        ("lines", .object([("a", .int(1)), ("b", .object([], multiline: true))], multiline: true)),
        ("empty", .array([])),
    ], multiline: true)

    func testLayout() {
        XCTAssertEqual(value.text(), """
            {
              "n": 3,
              "x": 0.5,
              "fixed": 50.00,
              "bad": 0,
              "s": "a\\"b\\\\c\\n\\u0001",
              "inner": {"k": [1, 2]},
              "lines": {
                "a": 1,
                "b": {}
              },
              "empty": []
            }
            """)
        XCTAssertEqual(JSONValue.object([("a", .int(1)), ("b", .string("x"))]).text(),
                       "{\"a\": 1, \"b\": \"x\"}")
    }

    func testTextParsesBackAsJSON() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(value.text().utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["s"] as? String, "a\"b\\c\n\u{1}")
        XCTAssertEqual(parsed?["fixed"] as? Double, 50)
        XCTAssertEqual((parsed?["lines"] as? [String: Any])?["a"] as? Int, 1)
    }
}
