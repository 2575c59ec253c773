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
        XCTAssertEqual(InlineMarkup.format(sentence), "<<김:PS>>")
    }

    /// Every well-formed line in the minimal form comes back byte for byte; escapes are written
    /// only where reading back would otherwise change the text or the entities.
    func testWellFormedLinesRoundTripByteForByte() throws {
        for line in try annotation("inline-escapes.inline").split(separator: "\n", omittingEmptySubsequences: false)
        where !line.isEmpty {
            let written = InlineMarkup.format(InlineMarkup.sentence(String(line)))
            XCTAssertEqual(Array(written.utf8), Array(line.utf8), "\(line) came back as \(written)")
        }
        // Old files escaped every literal: they still read, and are written in the minimal form.
        let old = InlineMarkup.sentence("<한:LC>\\<일\\>월드컵 내일\\>(18일) a\\\\b")
        XCTAssertEqual(old.surfaceText, "한<일>월드컵 내일>(18일) a\\b")
        XCTAssertEqual(InlineMarkup.format(old), "<한:LC><일>월드컵 내일>(18일) a\\\\b")
    }

    /// Escapes that are needed: a `<` that would open an entity, a `\` before anything, and
    /// `<`, `>`, `\` inside an entity; each written line reads back to the same sentence.
    func testNeededEscapesAreWritten() {
        func line(_ pieces: [InlineMarkup.Piece]) -> String { InlineMarkup.line(pieces) }
        func s(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }
        XCTAssertEqual(line([.text(s("<a:B> x"))]), "\\<a:B> x")
        XCTAssertEqual(line([.text(s("<a:1> x"))]), "<a:1> x")
        XCTAssertEqual(line([.text(s("a\\"))]), "a\\")
        XCTAssertEqual(line([.text(s("a\\")), .entity(s("b"), "X")]), "a\\\\<b:X>")
        XCTAssertEqual(line([.entity(s("<a>\\"), "X")]), "<\\<a\\>\\\\:X>")
        XCTAssertEqual(line([.text(s("<")), .entity(s("b:c"), "X"), .text(s(">"))]), "<<b:c:X>>")
        XCTAssertEqual(line([.text(s("<x")), .text(s(":Y>"))]), "\\<x:Y>")
        let cases: [[InlineMarkup.Piece]] = [
            [.text(s("<a:B> <c:D")), .entity(s("e"), "F"), .text(s(">"))],
            [.text(s("\\<")), .entity(s(">:"), "G")],
        ]
        for pieces in cases {
            let written = line(pieces)
            let (text, spans) = InlineMarkup.parse(written)
            let expected = pieces.map { piece -> String in
                switch piece {
                case .text(let t), .entity(let t, _): var v = String.UnicodeScalarView(); v.append(contentsOf: t); return String(v)
                }
            }.joined()
            XCTAssertEqual(text, expected, written)
            XCTAssertEqual(spans.count, 1, written)
        }
    }
}
