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
    }

    func testSampleFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/annotations/tagger/"
        XCTAssertEqual(try InputFormat.detect(path: root + "ner-en.conll"), .conll)
        XCTAssertEqual(try InputFormat.detect(path: root + "ner-ko.klue.tsv"), .klue)
        XCTAssertEqual(try InputFormat.detect(path: root + "morph-ko.conllu"), .conllu)
    }
}
