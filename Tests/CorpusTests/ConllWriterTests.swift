import Foundation
import XCTest
@testable import Corpus

final class ConllWriterTests: XCTestCase {
    func testWriteThenReadRoundTrips() throws {
        let sentences = [
            ConllSentence(rows: [["EU", "B-ORG"], ["rejects", "O"]], startsDocument: true),
            ConllSentence(rows: [["Peter", "B-PER"]]),
        ]
        let writer = ConllWriter(separator: "\t", documentStartFields: ["-DOCSTART-", "O"])
        let text = sentences.map(writer.format).joined()
        XCTAssertEqual(text, "-DOCSTART-\tO\n\nEU\tB-ORG\nrejects\tO\n\nPeter\tB-PER\n\n")
        let path = temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let back = try ConllReader(path: path, delimiter: .string("\t")).readAll()
        XCTAssertEqual(back.map(\.rows), sentences.map(\.rows))
        XCTAssertEqual(back.map(\.startsDocument), [true, false])
    }

    func testRowsFromColumns() {
        XCTAssertEqual(ConllWriter.rows(columns: ["a", "b"], ["B-X"]), [["a", "B-X"], ["b", "_"]])
        XCTAssertEqual(ConllWriter.rows(), [])
    }
}
