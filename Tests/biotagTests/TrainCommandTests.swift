import Foundation
import XCTest

/// Runs the built `biotag train` as a subprocess on the tiny samples under annotations/tagger.
final class TrainCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let samples = root + "/annotations/tagger/"

    /// The `biotag` built next to the test bundle (`swift test` builds it first).
    static var binary: String {
        let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("biotag").path
        let candidates = [besideRunner, root + "/.build/debug/biotag"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? besideRunner
    }

    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/train-command-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.binary), "biotag not built")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private let tiny = ["--emb", "8", "--hidden", "8", "--layers", "1", "--dropout", "0", "--batch", "2",
                        "--lr", "0.05", "--lr-decay", "0", "--threads", "1"]

    func testTrainsSavesAndResumes() throws {
        let model = folder + "/ner.model"
        let sample = Self.samples + "ner-en.conll"
        let first = try run(["train", "--train", sample, "--dev", sample, "--out", model, "--epochs", "2"] + tiny)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("epoch 2/2 done"), first.stderr)
        XCTAssertTrue(first.stderr.contains("dev P"), first.stderr)
        XCTAssertTrue(first.stderr.contains("PER "), first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
        XCTAssertTrue(FileManager.default.fileExists(atPath: model + ".checkpoint"))

        let resumed = try run(["train", "--train", sample, "--dev", sample, "--out", model,
                               "--resume", model + ".checkpoint", "--epochs", "3"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("resuming after epoch 2"), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("epoch 3/3 done"), resumed.stderr)
        XCTAssertFalse(resumed.stderr.contains("epoch 2/3 done"), resumed.stderr)
    }

    /// `--input-dropout` is kept in the model's network configuration, once (absent without the
    /// flag, so older models and defaults are unchanged); out of range it is refused.
    func testInputDropoutIsStoredAndChecked() throws {
        let sample = Self.samples + "ner-en.conll"
        let plain = folder + "/plain.model", own = folder + "/own.model"
        let options = ["--train", sample, "--dev", sample, "--epochs", "1"] + tiny
        XCTAssertEqual(try run(["train", "--out", plain] + options).status, 0)
        let trained = try run(["train", "--out", own, "--input-dropout", "0"] + options)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let header = { (path: String) in
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4096), as: UTF8.self)
        }
        let plainHeader = try header(plain), ownHeader = try header(own)
        XCTAssertFalse(plainHeader.contains("inputDropout"))
        XCTAssertEqual(ownHeader.components(separatedBy: "\"inputDropout\":0").count, 2, ownHeader)
        let bad = try run(["train", "--out", folder + "/bad.model", "--input-dropout", "1.5"] + options)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--input-dropout"), bad.stderr)
    }

    func testUsageAndInputErrors() throws {
        let sample = Self.samples + "ner-en.conll"
        let missing = try run(["train", "--dev", sample, "--out", folder + "/m"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("--train FILE is required"), missing.stderr)

        let badOption = try run(["train", "--train", sample, "--dev", sample, "--out", folder + "/m", "--optimizer", "rmsprop"])
        XCTAssertEqual(badOption.status, 1)
        XCTAssertTrue(badOption.stderr.contains("adam, sgd"), badOption.stderr)

        let noFile = try run(["train", "--train", folder + "/none.conll", "--dev", sample, "--out", folder + "/m"])
        XCTAssertEqual(noFile.status, 4)
        XCTAssertTrue(noFile.stderr.contains("none.conll: no such file"), noFile.stderr)

        let broken = folder + "/broken.conll"
        try "EU B-ORG\nrejects\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let bad = try run(["train", "--train", broken, "--dev", sample, "--out", folder + "/m"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("broken.conll:2"), bad.stderr)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)

        let notCheckpoint = try run(["train", "--train", sample, "--dev", sample, "--out", folder + "/m",
                                     "--resume", sample])
        XCTAssertEqual(notCheckpoint.status, 3)
        XCTAssertTrue(notCheckpoint.stderr.contains("not a BIOTagger model"), notCheckpoint.stderr)
    }

    func testEvalWithModelPrintsTheSpanReportAndMorphemeScores() throws {
        let sample = Self.samples + "ner-en.conll"
        let model = folder + "/ner.model"
        XCTAssertEqual(try run(["train", "--train", sample, "--dev", sample, "--out", model, "--epochs", "1", "--quiet"] + tiny).status, 0)
        let report = try runWithOutput(["eval", "--model", model, sample])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(report.stdout.hasPrefix("processed 33 tokens with 12 phrases; found: "), report.stdout)
        let json = try runWithOutput(["eval", "--model", model, "--format", "json", sample])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)))

        let morph = Self.samples + "morph-ko.conllu"
        let morphModel = folder + "/morph.model"
        XCTAssertEqual(try run(["train", "--train", morph, "--dev", morph, "--out", morphModel, "--epochs", "1", "--quiet"] + tiny).status, 0)
        let table = try runWithOutput(["eval", "--model", morphModel, "--format", "table", morph])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("XPOS accuracy"), table.stdout)
        XCTAssertTrue(table.stdout.contains("LEMMA accuracy"), table.stdout)
        let morphJSON = try runWithOutput(["eval", "--model", morphModel, "--format", "json", morph])
        let object = try JSONSerialization.jsonObject(with: Data(morphJSON.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(object?["morphemes"], morphJSON.stdout)

        let wrong = try runWithOutput(["eval", "--model", sample, sample])
        XCTAssertEqual(wrong.status, 3)
    }

    private func runWithOutput(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
