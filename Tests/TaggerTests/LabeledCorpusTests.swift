import Corpus
import Foundation
import XCTest
@testable import Tagger

final class LabeledCorpusTests: XCTestCase {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/annotations/tagger/"

    func testConllSample() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        XCTAssertEqual(corpus.format, .conll)
        XCTAssertEqual(corpus.sentences.count, 6)
        XCTAssertEqual(corpus.sentences[0].tokens, ["Peter", "Blackburn", "visited", "London", "."])
        XCTAssertEqual(corpus.sentences[0].labels, ["B-PER", "I-PER", "O", "B-LOC", "O"])
        XCTAssertEqual(corpus.scheme, .bio)
        XCTAssertEqual(Trainer.detectUnit(corpus), .word)
    }

    func testIOB1IsConvertedToBIO() throws {
        let path = NSTemporaryDirectory() + "/iob1-\(getpid()).conll"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "EU NNP I-ORG\nrejects VBZ O\nGerman JJ I-MISC\nBritish JJ B-MISC\n".write(toFile: path, atomically: true, encoding: .utf8)
        let corpus = try LabeledCorpus.read(path: path)
        XCTAssertEqual(corpus.scheme, .bio)
        XCTAssertEqual(corpus.sentences[0].labels, ["B-ORG", "O", "B-MISC", "B-MISC"])
    }

    func testSchemeDetection() {
        XCTAssertEqual(LabeledCorpus.detectScheme([["B-X", "I-X", "O"]]), .bio)
        XCTAssertEqual(LabeledCorpus.detectScheme([["O", "I-X"]]), .iob1)
        XCTAssertEqual(LabeledCorpus.detectScheme([["S-X", "O"]]), .iobes)
        XCTAssertEqual(LabeledCorpus.detectScheme([["B-NNG", "I"]]), .untyped)
    }

    func testMissingLabelColumnNamesTheLine() throws {
        let path = NSTemporaryDirectory() + "/onecol-\(getpid()).conll"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "EU B-ORG\n\nrejects\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabeledCorpus.read(path: path, format: .conll)) { error in
            let error = error as? InputError
            XCTAssertEqual(error?.kind, .data)
            XCTAssertEqual(error?.line, 3)
        }
    }

    func testLabelOrderPutsOFirst() {
        XCTAssertEqual(Trainer.labelList(["I-PER", "B-LOC", "O", "B-PER"]), ["O", "B-LOC", "B-PER", "I-PER"])
    }
}
