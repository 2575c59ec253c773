import Corpus
import XCTest
@testable import Hangul

final class SyllableBIOTests: XCTestCase {
    func testWriteAndReadBack() throws {
        let sentence = SyllableSentence(id: "s1", text: "주었다.", tokens: ["주", "었", "다", "."],
                                        labels: ["B-VV", "B-EP", "B-EF", "B-SF"], glued: [3, 4])
        let text = SyllableBIO.format(sentence, scheme: .bio)
        XCTAssertEqual(text, "# sent_id = s1\n# text = 주었다.\n# glued = 3 4\n주\tB-VV\n었\tB-EP\n다\tB-EF\n.\tB-SF\n\n")
        let reader = SyllableBIOReader(lines: lines(text + text.replacingOccurrences(of: "s1", with: "s2")))
        XCTAssertEqual(try reader.next(), sentence)
        XCTAssertEqual(try reader.next()?.id, "s2")
        XCTAssertNil(try reader.next())
    }

    func testHashTokenAndSpaceSeparatedLines() throws {
        let reader = SyllableBIOReader(lines: lines("#\tB-SW\n해\tB-NNG\n\na B-X\n"))
        XCTAssertEqual(try reader.next()?.tokens, ["#", "해"])
        XCTAssertEqual(try reader.next()?.spans, [Span(start: 0, end: 1, type: "X")])
    }

    func testErrorsNameTheLine() {
        let reader = SyllableBIOReader(lines: lines("가\tB-X\n나\n"))
        XCTAssertThrowsError(try reader.next()) { XCTAssertEqual(($0 as? InputError)?.line, 2) }
        let glued = SyllableBIOReader(lines: lines("# glued = x\n가\tO\n"))
        XCTAssertThrowsError(try glued.next()) { XCTAssertEqual(($0 as? InputError)?.line, 1) }
    }
}
