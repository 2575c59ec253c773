import Foundation
import XCTest
@testable import Corpus

final class ConllReaderTests: XCTestCase {
    private func read(_ text: String, delimiter: FieldDelimiter = .whitespace,
                      strict: Bool = false) throws -> [ConllSentence] {
        let path = temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ConllReader(path: path, delimiter: delimiter, requireSameColumnCount: strict).readAll()
    }

    func testSentencesDocstartAndBlankRuns() throws {
        let text = "\u{FEFF}-DOCSTART- -X- -X- O\r\n\r\nEU NNP B-NP B-ORG\r\nrejects VBZ B-VP O\r\n\r\n\r\n" +
            "Peter NNP B-NP B-PER\n-DOCSTART- -X- -X- O\n\nBlackburn NNP B-NP B-ORG"
        let sentences = try read(text)
        XCTAssertEqual(sentences.count, 3)
        XCTAssertEqual(sentences.map(\.startsDocument), [true, false, true])
        XCTAssertEqual(sentences[0].rows, [["EU", "NNP", "B-NP", "B-ORG"], ["rejects", "VBZ", "B-VP", "O"]])
        XCTAssertEqual(sentences[0].lineNumbers, [3, 4])
        XCTAssertEqual(sentences[1].lineNumbers, [7])
        XCTAssertEqual(sentences[2].rows, [["Blackburn", "NNP", "B-NP", "B-ORG"]])
        XCTAssertEqual(try sentences[0].column(-1), ["B-ORG", "O"])
        XCTAssertEqual(try sentences[0].column(-2), ["B-NP", "B-VP"])
        XCTAssertEqual(try sentences[0].column(0), ["EU", "rejects"])
    }

    func testColumnOutOfRangeNamesFileAndLine() throws {
        let sentences = try read("a B\nb\n")
        XCTAssertThrowsError(try sentences[0].column(-2)) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.kind, .data)
            XCTAssertNotNil(e?.file)
        }
    }

    func testTabDelimiterKeepsEmptyFieldsAndSpaces() throws {
        let sentences = try read("New York\t\tB-LOC\nx\ty\tO\n", delimiter: .string("\t"))
        XCTAssertEqual(sentences[0].rows, [["New York", "", "B-LOC"], ["x", "y", "O"]])
    }

    func testMultiCharacterDelimiter() {
        XCTAssertEqual(FieldDelimiter.string("::").split("a::b::::c"), ["a", "b", "", "c"])
        XCTAssertEqual(FieldDelimiter.string("\t").split(""), [])
        XCTAssertEqual(FieldDelimiter.whitespace.split(" \t a  b\t"), ["a", "b"])
    }

    func testColumnCountCheck() throws {
        XCTAssertEqual(try read("a b c\nd e\n").count, 1)
        XCTAssertThrowsError(try read("a b c\n\nd e\n", strict: true)) { error in
            XCTAssertEqual((error as? InputError)?.line, 3)
        }
    }

    func testColumnOfSentenceBuiltInCode() {
        let sentence = ConllSentence(rows: [["a", "B-X"], ["b"]], lineNumbers: [7])
        XCTAssertEqual(ConllSentence(rows: [["a"], ["b"]]).lineNumbers, [1, 2])
        XCTAssertThrowsError(try sentence.column(1)) { XCTAssertNil(($0 as? InputError)?.line) }
    }

    func testResolveNegativeIndexes() {
        XCTAssertEqual(ConllSentence.resolve(-1, count: 3), 2)
        XCTAssertEqual(ConllSentence.resolve(-3, count: 3), 0)
        XCTAssertNil(ConllSentence.resolve(-4, count: 3))
        XCTAssertNil(ConllSentence.resolve(3, count: 3))
    }

    func testEmptyAndBlankOnlyInput() throws {
        XCTAssertEqual(try read("").count, 0)
        XCTAssertEqual(try read("\n\n  \n").count, 0)
        XCTAssertEqual(try read("-DOCSTART- O\n\n").count, 0)
    }
}
