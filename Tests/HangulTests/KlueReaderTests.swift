import Corpus
import XCTest
@testable import Hangul

final class KlueReaderTests: XCTestCase {
    func testSampleSentencesSpacesAndHeaders() throws {
        let reader = KlueReader(lines: lines(try annotation("sample.klue.tsv")))
        let first = try reader.next()
        XCTAssertEqual(first?.id, "sample-1")
        XCTAssertEqual(first?.characters.joined(), "경찰은 박씨를")
        let syllables = try XCTUnwrap(first?.syllableSentence)
        XCTAssertEqual(syllables.tokens[3], "▁")
        XCTAssertEqual(syllables.spans, [Span(start: 0, end: 2, type: "OG"), Span(start: 4, end: 5, type: "PS")])
        let second = try XCTUnwrap(try reader.next())
        // A space inside an entity keeps its I- label.
        XCTAssertEqual(second.labels[2], "I-LC")
        XCTAssertEqual(second.syllableSentence.labels(in: .bio), second.labels)
        XCTAssertEqual(try reader.next()?.characters.count, 11)
        XCTAssertNil(try reader.next())
    }

    func testMalformedLinesNameTheLine() {
        XCTAssertThrowsError(try KlueReader(lines: lines("## a\tb\n가\tO\n나\n")).next()) {
            XCTAssertEqual(($0 as? InputError)?.line, 3)
        }
        XCTAssertThrowsError(try KlueReader(lines: lines("가\t\n")).next())
    }
}
