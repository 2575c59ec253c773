import XCTest
@testable import Hangul

final class SpanJSONTests: XCTestCase {
    func testSpansAndWordsWithScalarOffsets() {
        let sentence = SyllableSentence(id: "s\"1", tokens: ["경", "찰", "▁", "<U+2581>"],
                                        labels: ["B-OG", "I-OG", "O", "O"])
        XCTAssertEqual(SpanJSON.format(sentence),
                       "{\"id\":\"s\\\"1\",\"text\":\"경찰 ▁\",\"spans\":[{\"start\":0,\"end\":2,\"type\":\"OG\",\"text\":\"경찰\"}]}")
        let words = [AnalyzedWord(form: "경찰", morphemes: [Morpheme("경찰", "NNG")]),
                     AnalyzedWord(form: "▁", morphemes: [Morpheme("▁", "SW")])]
        XCTAssertTrue(SpanJSON.format(sentence, words: words).hasSuffix(
            ",\"words\":[{\"start\":0,\"end\":2,\"form\":\"경찰\",\"morphemes\":[{\"form\":\"경찰\",\"tag\":\"NNG\"}]}," +
            "{\"start\":3,\"end\":4,\"form\":\"▁\",\"morphemes\":[{\"form\":\"▁\",\"tag\":\"SW\"}]}]}"))
        XCTAssertEqual(SpanJSON.quote("a\tb\u{1}"), "\"a\\tb\\u0001\"")
    }
}
