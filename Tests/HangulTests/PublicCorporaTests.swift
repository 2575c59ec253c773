import Foundation
import XCTest
@testable import Corpus

/// The Corpus readers on the public corpora (in `corporaFolder`, see TestSupport; skipped when
/// a file is absent). Kept with the Hangul tests so the corpora folder is resolved in one place.
final class PublicCorporaTests: XCTestCase {
    private func corpus(_ path: String) throws -> String {
        let full = corporaFolder + "/" + path
        guard FileManager.default.fileExists(atPath: full) else { throw XCTSkip("\(full) not present") }
        return full
    }

    /// UD Korean GSD dev: reading and writing back gives the file byte for byte.
    func testConlluRoundTripsGSDExactly() throws {
        let path = try corpus("UD_Korean-GSD/ko_gsd-ud-dev.conllu")
        let sentences = try ConlluReader(path: path).readAll()
        XCTAssertGreaterThan(sentences.count, 900)
        XCTAssertTrue(sentences.allSatisfy { $0.text != nil && !$0.syntacticWords.isEmpty })
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let written = sentences.map(ConlluWriter.format).joined()
        XCTAssertEqual(written, original)
    }

    /// CoNLL-2003 testa: documents, sentences and BIO labels (IOB2 in this copy or IOB1 in the
    /// original: both read to the same spans, and converting through every scheme keeps them).
    func testConll2003SentencesAndSchemes() throws {
        let path = try corpus("CoNLL-2003/eng.testa")
        let reader = try ConllReader(path: path, requireSameColumnCount: true)
        var sentences = 0, documents = 0, spans = 0
        while let sentence = try reader.next() {
            sentences += 1
            if sentence.startsDocument { documents += 1 }
            let labels = try sentence.column(-1)
            let found = TagScheme.bio.spans(of: labels)
            spans += found.count
            for scheme in TagScheme.allCases {
                XCTAssertEqual(scheme.spans(of: scheme.labels(for: found, count: labels.count)), found)
            }
        }
        XCTAssertEqual(reader.columnCount, 4)
        XCTAssertGreaterThan(sentences, 3000)
        XCTAssertGreaterThan(documents, 200)
        XCTAssertGreaterThan(spans, 5000)
    }
}
