import Foundation
import XCTest

/// `biotag models` lists the shipped models (annotations/tag/models.expected).
final class ModelsCommandTests: XCTestCase {
    func testTheListingMatchesTheGoldenFile() throws {
        let result = try BiotagProcess.run(["models"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = TagCommandTests.samples + "/models.expected"
        XCTAssertEqual(result.stdout, try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertFalse(result.stdout.contains("not installed"), result.stdout)
    }

    func testShippedModelsWorkByName() throws {
        let ner = try BiotagProcess.run(["tag", "--model", "ner"], text: "김철수는 서울에 산다.\n")
        XCTAssertEqual(ner.status, 0, ner.stderr)
        XCTAssertTrue(ner.stdout.contains("<서울:LC>"), ner.stdout)
        // The default: the morpheme model.
        let morph = try BiotagProcess.run(["tag"], text: "아버지가 방에 들어가신다.\n\n")
        XCTAssertEqual(morph.status, 0, morph.stderr)
        XCTAssertTrue(morph.stdout.hasPrefix("아버지/NNG 가/JKS  방/NNG 에/JKB  "), morph.stdout)
        XCTAssertTrue(morph.stdout.hasSuffix("\n\n"), morph.stdout)
    }

    func testExtraArgumentsAreAUsageError() throws {
        let result = try BiotagProcess.run(["models", "extra"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
    }

    /// A command without options of its own still separates `--help` from its description.
    func testHelpKeepsAGapAfterTheOnlyOption() throws {
        let result = try BiotagProcess.run(["models", "--help"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("\n  --help  show this help\n"), result.stdout)
    }

    /// An installed `biotag` takes a model from the `biotag-models` folder beside it before the
    /// package's own (here a tiny `ko-ner.model` stands in for the shipped one), also when run
    /// through a symbolic link in another folder; models missing there still come from the package.
    func testModelsBesideTheExecutableComeFirst() throws {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("biotag-install-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin"), links = folder.appendingPathComponent("links")
        let models = bin.appendingPathComponent("biotag-models")
        try manager.createDirectory(at: models, withIntermediateDirectories: true)
        try manager.createDirectory(at: links, withIntermediateDirectories: true)
        let installed = bin.appendingPathComponent("biotag"), link = links.appendingPathComponent("biotag")
        try manager.copyItem(at: try BiotagProcess.executable(), to: installed)
        try manager.createSymbolicLink(at: link, withDestinationURL: installed)
        let tiny = try TagCommandTests.ner()
        try manager.copyItem(atPath: tiny, toPath: models.appendingPathComponent("ko-ner.model").path)
        var environment = ProcessInfo.processInfo.environment
        environment["BIOTAG_MODELS"] = nil

        // The listing: ner is the tiny model (well under 0.05 MB), the others are the shipped ones.
        let listing = try BiotagProcess.run(["models"], environment: environment, executable: installed)
        XCTAssertEqual(listing.status, 0, listing.stderr)
        let shipped = try String(contentsOfFile: TagCommandTests.samples + "/models.expected", encoding: .utf8)
        let lines = listing.stdout.split(separator: "\n"), expected = shipped.split(separator: "\n")
        XCTAssertEqual(lines.count, expected.count, listing.stdout)
        for (line, shippedLine) in zip(lines, expected) {
            if line.hasPrefix("ner ") {
                XCTAssertTrue(line.hasPrefix("ner         entity  ") && line.contains(" 0.0 MB "), String(line))
            } else {
                XCTAssertEqual(line, shippedLine)
            }
        }

        // Tagging by name (and alias) gives what the tiny model gives by path, scores and all.
        let text = "김철수는 서울에 산다.\n이영희는 부산으로 갔다.\n"
        let scored = ["--format", "bio", "--scores"]
        let reference = try BiotagProcess.run(["tag", "--model", tiny] + scored, text: text)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        for (name, executable) in [("ner", installed), ("ko-ner", installed), ("ner", link)] {
            let run = try BiotagProcess.run(["tag", "--model", name] + scored, stdin: Data(text.utf8),
                                            environment: environment, executable: executable)
            XCTAssertEqual(run.status, 0, "\(name) via \(executable.path): \(run.stderr)")
            XCTAssertEqual(run.stdout, reference.stdout, "\(name) via \(executable.path)")
        }
    }

    /// A damaged model file (annotations/tag/damaged.model as `ko-ner.model` in
    /// `$BIOTAG_MODELS`) does not hide the others: they are listed, its row says damaged, and
    /// the command then fails naming the file (exit 3).
    func testADamagedModelIsNamedAndTheOthersListed() throws {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("biotag-damaged-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        let damaged = folder.appendingPathComponent("ko-ner.model").path
        try manager.copyItem(atPath: TagCommandTests.samples + "/damaged.model", toPath: damaged)
        var environment = ProcessInfo.processInfo.environment
        environment["BIOTAG_MODELS"] = folder.path
        let run = try BiotagProcess.run(["models"], environment: environment)
        XCTAssertEqual(run.status, 3, run.stderr)
        let shipped = try String(contentsOfFile: TagCommandTests.samples + "/models.expected", encoding: .utf8)
        for line in shipped.split(separator: "\n") where !line.hasPrefix("ner ") {
            XCTAssertTrue(run.stdout.contains(line), "\(line)\n\(run.stdout)")
        }
        XCTAssertTrue(run.stdout.contains("\nner         damaged (ko-ner.model); "), run.stdout)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("biotag models: \(damaged): "), run.stderr)
    }
}
