import Corpus
import XCTest
@testable import Hangul

final class ConlluAnalysisTests: XCTestCase {
    func testReadsAnalysesAndWritesThemBack() throws {
        let reader = ConlluReader(lines: lines(try annotation("sample.conllu")))
        var count = 0
        while let sentence = try reader.next() {
            let analysis = try ConlluAnalysis.sentence(sentence, file: "sample.conllu")
            let written = ConlluAnalysis.conllu(analysis)
            XCTAssertEqual(written.words.map(\.form), sentence.words.map(\.form))
            XCTAssertEqual(written.words.map(\.lemma), sentence.words.map(\.lemma))
            XCTAssertEqual(written.words.map(\.xpos), sentence.words.map(\.xpos))
            XCTAssertEqual(written.words.map(\.spaceAfter), sentence.words.map(\.spaceAfter))
            XCTAssertEqual(written.text, sentence.text)
            count += 1
        }
        XCTAssertEqual(count, 6)
    }

    func testBadLemmaNamesFileLineAndColumn() throws {
        let text = "# text = 가\n1\t가\t가\t_\tVV+EC\t_\t_\t_\t_\t_\n\n"
        let sentence = try ConlluReader(lines: lines(text)).next()
        XCTAssertThrowsError(try ConlluAnalysis.sentence(sentence!, file: "x.conllu")) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.file, "x.conllu")
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.column, 3)
        }
    }

    func testFillKeepsOtherColumns() throws {
        let text = "1\t집에\t_\tNOUN\t_\t_\t2\tobl\t_\t_\n2\t간다\t_\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t_\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n"
        let sentence = try ConlluReader(lines: lines(text)).next()!
        var decoder = MorphemeDecoder()
        let (tokens, glued) = ConlluAnalysis.tokens(of: sentence)
        XCTAssertEqual(tokens, ["집", "에", "▁", "간", "다", "."])
        XCTAssertEqual(glued, [5])
        let filled = ConlluAnalysis.fill(sentence, labels: ["B-NNG", "B-JKB", "O", "B-VV", "I-VV", "B-SF"],
                                         decoder: &decoder)
        XCTAssertEqual(filled.words.map(\.lemma), ["집+에", "간다", "."])
        XCTAssertEqual(filled.words.map(\.xpos), ["NNG+JKB", "VV", "SF"])
        XCTAssertEqual(filled.words.map(\.deprel), ["obl", "root", "punct"])
    }
}
