import Corpus
import XCTest
@testable import Hangul

final class SejongReaderTests: XCTestCase {
    func testReadsSampleWithIdsCommentsAndLiteralPlus() throws {
        let reader = SejongReader(lines: lines(try annotation("sample.sejong")))
        let first = try reader.next()
        XCTAssertEqual(first?.id, "sejong-1")
        XCTAssertEqual(first?.words.map(\.form), ["아버지가", "방에", "들어가신다"])
        XCTAssertEqual(first?.words[1].morphemes, [Morpheme("방", "NNG"), Morpheme("에", "JKB")])
        let second = try reader.next()
        XCTAssertEqual(second?.words.map(\.form), ["나는", "1+1=2", "가까워졌다"])
        XCTAssertEqual(second?.words[1].morphemes.map(\.form), ["1", "+", "1", "=", "2"])
        XCTAssertNil(try reader.next())
    }

    func testFormatReadsBack() throws {
        let reader = SejongReader(lines: lines(try annotation("sample.sejong")))
        while let sentence = try reader.next() {
            let again = try SejongReader(lines: lines(SejongReader.format(sentence))).next()
            XCTAssertEqual(again?.words.map(\.morphemes), sentence.words.map(\.morphemes))
        }
    }

    func testBadLinesNameLineAndColumn() {
        XCTAssertThrowsError(try SejongReader(lines: lines("아버지가\t아버지/NNG\n방에\n")).next()) {
            XCTAssertEqual(($0 as? InputError)?.line, 2)
        }
        XCTAssertThrowsError(try SejongReader(lines: lines("방에\t방에\n")).next()) {
            XCTAssertEqual(($0 as? InputError)?.column, 2)
        }
    }
}
