import Foundation
import XCTest
@testable import Corpus

final class ConlluReaderTests: XCTestCase {
    static let sample = """
    # sent_id = test-1
    # text = vámonos al mar.
    1-2\tvámonos\t_\t_\t_\t_\t_\t_\t_\t_
    1\tvamos\tir\tVERB\t_\t_\t0\troot\t_\t_
    2\tnos\tnosotros\tPRON\t_\t_\t1\tobj\t_\t_
    3-4\tal\t_\t_\t_\t_\t_\t_\t_\t_
    3\ta\ta\tADP\t_\t_\t5\tcase\t_\t_
    4\tel\tel\tDET\t_\t_\t5\tdet\t_\t_
    5\tmar\tmar\tNOUN\t_\t_\t1\tobl\t_\tSpaceAfter=No
    5.1\tir\tir\tVERB\t_\t_\t_\t_\t1:conj\t_
    6\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_

    # sent_id = test-2
    1\t한국\t한국\tPROPN\tNNP\t_\t0\troot\t_\tSpaceAfter=No|Gloss=Korea


    """

    private func read(_ text: String) throws -> [ConlluSentence] {
        let path = temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ConlluReader(path: path).readAll()
    }

    func testRangesEmptyNodesAndComments() throws {
        let sentences = try read(Self.sample)
        XCTAssertEqual(sentences.count, 2)
        let first = sentences[0]
        XCTAssertEqual(first.text, "vámonos al mar.")
        XCTAssertEqual(first.sentenceID, "test-1")
        XCTAssertEqual(first.words.count, 9)
        XCTAssertEqual(first.words[0].id, .range(1, 2))
        XCTAssertEqual(first.words[7].id, .empty(5, 1))
        XCTAssertEqual(first.syntacticWords.map(\.form), ["vamos", "nos", "a", "el", "mar", "."])
        XCTAssertEqual(first.surfaceTokens.map(\.form), ["vámonos", "al", "mar", "."])
        XCTAssertEqual(first.surfaceTokens.map(\.wordIndices), [0..<2, 2..<4, 4..<5, 5..<6])
        XCTAssertEqual(first.surfaceTokens.map(\.spaceAfter), [true, true, false, true])
        XCTAssertEqual(first.lineNumbers.first, 3)
        XCTAssertEqual(sentences[1].words[0].xpos, "NNP")
        XCTAssertFalse(sentences[1].words[0].spaceAfter)
    }

    func testWriterRoundTripsExactly() throws {
        let sentences = try read(Self.sample)
        let text = sentences.map(ConlluWriter.format).joined()
        XCTAssertEqual(text, Self.sample)
        let again = try read(text)
        XCTAssertEqual(again.map(\.words), sentences.map(\.words))
        XCTAssertEqual(again.map(\.comments), sentences.map(\.comments))
    }

    func testSpaceAfterEditingKeepsOtherMisc() {
        var word = ConlluWord(id: .word(1), form: "a", misc: "Gloss=x|SpaceAfter=No")
        XCTAssertFalse(word.spaceAfter)
        word.spaceAfter = true
        XCTAssertEqual(word.misc, "Gloss=x")
        word.spaceAfter = false
        XCTAssertEqual(word.misc, "Gloss=x|SpaceAfter=No")
        var bare = ConlluWord(id: .word(1), form: "a", misc: "SpaceAfter=No")
        bare.spaceAfter = true
        XCTAssertEqual(bare.misc, "_")
    }

    func testTextSetter() {
        var sentence = ConlluSentence(comments: ["# sent_id = 1"], words: [])
        sentence.text = "hello"
        XCTAssertEqual(sentence.comments, ["# sent_id = 1", "# text = hello"])
        sentence.text = "bye"
        XCTAssertEqual(sentence.comments, ["# sent_id = 1", "# text = bye"])
        sentence.text = nil
        XCTAssertEqual(sentence.comments, ["# sent_id = 1"])
    }

    func testMalformedLinesNameLine() {
        XCTAssertThrowsError(try read("# a\n1 x _ _ _ _ _ _ _ _\n")) { error in
            XCTAssertEqual((error as? InputError)?.line, 2)
        }
        XCTAssertThrowsError(try read("x\ta\t_\t_\t_\t_\t_\t_\t_\t_\n")) { error in
            XCTAssertEqual((error as? InputError)?.column, 1)
        }
        XCTAssertNil(ConlluWord.ID("2-1"))
        XCTAssertNil(ConlluWord.ID("0"))
        XCTAssertEqual(ConlluWord.ID("0.1"), .empty(0, 1))
    }
}
