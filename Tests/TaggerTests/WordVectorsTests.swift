import Corpus
import Foundation
import XCTest
@testable import Tagger

final class WordVectorsTests: XCTestCase {
    private func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "/vectors-\(getpid())-\(UUID().uuidString).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testWord2VecHeaderGloVeAndLowercaseFallback() throws {
        let vectors = try WordVectors(path: try file("2 3\nparis 1 2 3\nthe 0.5 -1 2e-1\n"))
        XCTAssertEqual(vectors.dimension, 3)
        XCTAssertEqual(vectors.words, ["paris", "the"])
        XCTAssertEqual(vectors.vector("Paris").map(Array.init), [1, 2, 3])
        XCTAssertNil(vectors.vector("london"))
        let glove = try WordVectors(path: try file("a 1 2\nb 3 4\n"))
        XCTAssertEqual(glove.vector("b").map(Array.init), [3, 4])
    }

    func testBadVectorsNameTheLine() throws {
        XCTAssertThrowsError(try WordVectors(path: try file("a 1 2\nb 3\n"))) { error in
            XCTAssertEqual((error as? InputError)?.line, 2)
        }
        XCTAssertThrowsError(try WordVectors(path: try file("a 1 x\n"))) { error in
            XCTAssertEqual((error as? InputError)?.column, 3)
        }
        XCTAssertThrowsError(try WordVectors(path: try file("")))
    }

    func testVectorsInitialiseAndFreezeTheEmbedding() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "ner-en.conll")
        let vectors = try WordVectors(path: try file("london 1 2 3 4 5 6 7 8\nunseenword 8 7 6 5 4 3 2 1\n"))
        var options = TrainerTests.tinyOptions(unit: .word, epochs: 1)
        options.freezeVectors = true
        let trainer = try Trainer(train: corpus, dev: corpus, unit: .word,
                                  network: TrainerTests.tinyNetwork(unit: .word), options: options,
                                  vectors: vectors)
        let embedding = try XCTUnwrap(trainer.network.parameters.first { $0.name == "embedding.word" })
        let london = Int(trainer.header.vocabulary.id("London"))
        XCTAssertEqual(Array(embedding.value[(london * 8)..<(london * 8 + 8)]), [1, 2, 3, 4, 5, 6, 7, 8])
        let unseen = Int(trainer.header.vocabulary.id("unseenword"))
        XCTAssertNotEqual(unseen, Int(Vocabulary.unknown))
        XCTAssertTrue(embedding.frozen)
        try trainer.train(modelPath: NSTemporaryDirectory() + "/vectors-\(getpid()).model")
        XCTAssertEqual(Array(embedding.value[(london * 8)..<(london * 8 + 8)]), [1, 2, 3, 4, 5, 6, 7, 8])
        try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "/vectors-\(getpid()).model")
        try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "/vectors-\(getpid()).model.checkpoint")
    }
}
