import Foundation
import XCTest

/// `biotag models` lists the shipped models (annotations/tag/models.expected).
final class ModelsCommandTests: XCTestCase {
    func testTheListingMatchesTheGoldenFile() throws {
        let result = try TagCommandTests.run(["models"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = TagCommandTests.samples + "/models.expected"
        XCTAssertEqual(result.stdout, try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertFalse(result.stdout.contains("not installed"), result.stdout)
    }

    func testShippedModelsWorkByName() throws {
        let ner = try TagCommandTests.run(["tag", "--model", "ner"], text: "김철수는 서울에 산다.\n")
        XCTAssertEqual(ner.status, 0, ner.stderr)
        XCTAssertTrue(ner.stdout.contains("<서울:LC>"), ner.stdout)
        // The default: the morpheme model.
        let morph = try TagCommandTests.run(["tag"], text: "아버지가 방에 들어가신다.\n\n")
        XCTAssertEqual(morph.status, 0, morph.stderr)
        XCTAssertTrue(morph.stdout.hasPrefix("아버지/NNG 가/JKS  방/NNG 에/JKB  "), morph.stdout)
        XCTAssertTrue(morph.stdout.hasSuffix("\n\n"), morph.stdout)
    }

    func testExtraArgumentsAreAUsageError() throws {
        let result = try TagCommandTests.run(["models", "extra"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
    }

    /// A command without options of its own still separates `--help` from its description.
    func testHelpKeepsAGapAfterTheOnlyOption() throws {
        let result = try TagCommandTests.run(["models", "--help"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("\n  --help  show this help\n"), result.stdout)
    }
}
