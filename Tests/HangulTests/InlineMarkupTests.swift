import Corpus
import XCTest
@testable import Hangul

final class InlineMarkupTests: XCTestCase {
    func testParseEntitiesTimesAndLiterals() {
        let (text, spans) = InlineMarkup.parse("<10:30:TI>에 \\<책\\> <뚝방전설> <K리그:OG>")
        XCTAssertEqual(text, "10:30에 <책> <뚝방전설> K리그")
        XCTAssertEqual(spans, [Span(start: 0, end: 5, type: "TI"), Span(start: 18, end: 21, type: "OG")])
        XCTAssertEqual(InlineMarkup.parse("<일:;LC>").spans, [])
        XCTAssertEqual(InlineMarkup.parse("<<책:OG>>").text, "<책>")
    }

    func testFormatEscapesAndReadsBack() throws {
        for line in try annotation("sample.inline").split(separator: "\n") {
            let sentence = InlineMarkup.sentence(String(line))
            let written = InlineMarkup.format(sentence)
            let again = InlineMarkup.sentence(written)
            XCTAssertEqual(again.tokens, sentence.tokens)
            XCTAssertEqual(again.spans, sentence.spans)
        }
        let sentence = SyllableSentence(tokens: ["<", "김", ">"], labels: ["O", "B-PS", "O"])
        XCTAssertEqual(InlineMarkup.format(sentence), "\\<<김:PS>\\>")
    }
}
