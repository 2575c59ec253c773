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

    /// Raw text read as columns has about as many labels as tokens and no scheme: a problem;
    /// BIO labels and prefix-less part-of-speech tags (few labels, many tokens) are not.
    func testLabelProblemSpotsRawText() throws {
        let root = URL(fileURLWithPath: Self.samples).deletingLastPathComponent().path
        let raw = try LabeledCorpus.read(path: root + "/train/raw-text.txt", format: .conll)
        let problem = try XCTUnwrap(raw.labelProblem)
        XCTAssertTrue(problem.hasPrefix("the last column does not look like labels: 6 distinct labels for 6 tokens"),
                      problem)
        XCTAssertNil(try LabeledCorpus.read(path: Self.samples + "ner-en.conll").labelProblem)
        let tags = ["NN", "VB", "DT", "NN", "JJ", "NN", "VB", "DT", "NN", "NN"]
        let pos = LabeledCorpus(file: "pos", format: .conll,
                                sentences: [LabeledSentence(tokens: tags.map { _ in "w" }, labels: tags)],
                                task: "entity", scheme: .bio)
        XCTAssertNil(pos.labelProblem)
    }
}
