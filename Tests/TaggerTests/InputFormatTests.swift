import Foundation
import XCTest
@testable import Tagger

final class InputFormatTests: XCTestCase {
    func testDetection() {
        XCTAssertEqual(InputFormat.detect(lines: ["-DOCSTART- -X- O", "", "EU NNP B-NP B-ORG"]), .conll)
        XCTAssertEqual(InputFormat.detect(lines: ["Peter\tB-PER", "left\tO"]), .conll)
        XCTAssertEqual(InputFormat.detect(lines: ["## header", "경\tB-OG"]), .klue)
        XCTAssertEqual(InputFormat.detect(lines: ["경\tB-OG", " \tO"]), .klue)
        XCTAssertEqual(InputFormat.detect(lines: ["# sent_id = 1", "1\t잡스는\t잡스+는\tNOUN\tNNP+JX\t_\t8\tnsubj\t_\t_"]), .conllu)
        XCTAssertEqual(InputFormat.detect(lines: ["1\t잡스는\t잡스+는\tNOUN\tNNP+JX\t_\t8\tnsubj\t_\t_"]), .conllu)
        XCTAssertEqual(InputFormat.detect(lines: ["잡스는\t잡스/NNP+는/JX", "보수를\t보수/NNG + 를/JKO"]), .sejong)
        XCTAssertEqual(InputFormat.detect(lines: ["BTAA0001-00000001\t프랑스의\t프랑스/NNP + 의/JKG"]), .sejong)
        XCTAssertEqual(InputFormat.detect(lines: []), .conll)
        // Syllable BIO from `biotag convert --to bio`.
        XCTAssertEqual(InputFormat.detect(lines: ["# sent_id = dev-s1", "# text = 제일", "제\tB-NNG", "일\tI-NNG"]), .bio)
        XCTAssertEqual(InputFormat.detect(lines: ["# text = 가.", "# glued = 1", "가\tB-NNG", ".\tB-SF"]), .bio)
        XCTAssertEqual(InputFormat.detect(lines: ["# sent_id = 1", "# text = x"]), .conllu)
    }

    func testSyllableBIOFilesTrain() throws {
        let path = NSTemporaryDirectory() + "bio-\(UUID().uuidString).txt"
        try "# sent_id = s1\n# text = 가나 다.\n# glued = 4\n가\tB-NNG\n나\tI-NNG\n▁\tO\n다\tB-VV\n.\tB-SF\n\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let corpus = try LabeledCorpus.read(path: path, format: try InputFormat.detect(path: path), labels: .pos)
        XCTAssertEqual(corpus.format, .bio)
        XCTAssertEqual(corpus.sentences.count, 1)
        XCTAssertEqual(corpus.sentences[0].tokens, ["가", "나", "▁", "다", "."])
        XCTAssertEqual(corpus.sentences[0].labels, ["B-NNG", "I-NNG", "O", "B-VV", "B-SF"])
        XCTAssertEqual(corpus.sentences[0].glued, [4])
    }

    func testSampleFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/annotations/tagger/"
        XCTAssertEqual(try InputFormat.detect(path: root + "ner-en.conll"), .conll)
        XCTAssertEqual(try InputFormat.detect(path: root + "ner-ko.klue.tsv"), .klue)
        XCTAssertEqual(try InputFormat.detect(path: root + "morph-ko.conllu"), .conllu)
    }
}
