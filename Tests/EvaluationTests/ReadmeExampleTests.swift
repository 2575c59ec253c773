import Corpus
import Foundation
import XCTest
@testable import Evaluation

/// The library example in README.md, run on a small file, so the README stays true.
final class ReadmeExampleTests: XCTestCase {
    func testReadmeLibraryExample() throws {
        let path = NSTemporaryDirectory() + "readme-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(
            "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ConllReader(path: path)
        var sentences = 0
        while let sentence = try reader.next() {
            let labels = try sentence.column(-1)
            let spans = TagScheme.bio.spans(of: labels)
            let iobes = TagScheme.bio.convert(labels, to: .iobes)
            XCTAssertEqual(spans, [Span(start: 0, end: 2, type: "PER")])
            XCTAssertEqual(iobes, ["B-PER", "E-PER"])
            XCTAssertEqual(TagScheme.iobes.violations(in: iobes), [])
            sentences += 1
        }
        XCTAssertEqual(sentences, 1)
        let rule = TagScheme.bio.transitionRule(labels: ["O", "B-PER", "I-PER"])
        XCTAssertEqual((0..<3).map { rule.allows(nil, $0) }, [true, true, false])
        let evaluator = ChunkEvaluator()
        try evaluator.add(sentence: ["B-PER", "I-PER"], predicted: ["B-PER", "O"])
        XCTAssertTrue(ConllevalReport.format(evaluator.result()).hasPrefix("processed 2 tokens with 1 phrases"))
        XCTAssertEqual(evaluator.result().overall.f1, 0)
    }
}
