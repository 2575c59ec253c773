import Foundation
import XCTest

/// `biotag train --bigrams / --window-features / --average-epochs / --morph-features`: documented, stored in the
/// model, used by `tag` and `eval --model`, and checked.
final class ContextOptionsCommandTests: XCTestCase {
    private static let samples = BiotagProcess.root.appendingPathComponent("annotations/tagger").path + "/"
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/context-options-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The F1 of training's last `best dev F1 X` line.
    private static func bestF1(_ stderr: String) -> Double? {
        stderr.components(separatedBy: "best dev F1 ").last?.split(separator: " ").first.flatMap { Double($0) }
    }

    private let tiny = ["--emb", "8", "--hidden", "8", "--layers", "1", "--dropout", "0", "--batch", "2",
                        "--lr", "0.05", "--lr-decay", "0", "--threads", "1", "--crf"]

    func testHelpDocumentsTheOptions() throws {
        let help = try BiotagProcess.run(["train", "--help"])
        XCTAssertEqual(help.status, 0)
        for option in ["--bigrams N", "--bigram-min-count N", "--window-features N", "--window-templates SET",
                       "--average-epochs K",
                       "--morph-features MODEL", "--morph-embedding N"] {
            XCTAssertTrue(help.stdout.contains(option), option)
        }
    }

    func testTrainedModelTagsAndEvaluatesWithItsContextInputs() throws {
        let model = folder + "/ko.model", sample = Self.samples + "ner-ko.klue.tsv"
        let train = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                           "--epochs", "30", "--bigrams", "4", "--bigram-min-count", "1",
                                           "--window-features", "1024", "--average-epochs", "1"] + tiny)
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stderr.contains("bigrams "), train.stderr)
        XCTAssertTrue(train.stderr.contains("window features 1024"), train.stderr)
        XCTAssertTrue(train.stderr.contains("weights averaged over 1.0 epochs"), train.stderr)
        let best = try XCTUnwrap(Self.bestF1(train.stderr))
        XCTAssertGreaterThan(best, 90, "learns its two training sentences")

        // eval --model scores the file with the saved model's inputs: the F1 training reported.
        let eval = try BiotagProcess.run(["eval", "--model", model, sample])
        XCTAssertEqual(eval.status, 0, eval.stderr)
        XCTAssertTrue(eval.stdout.contains(String(format: "FB1: %6.2f", best)), eval.stdout)

        // Raw text gets the same window features and bigrams: the training sentence's entities.
        let tagged = try BiotagProcess.run(["tag", "--model", model, "--format", "inline"], text: "경찰은 박씨를\n")
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        XCTAssertEqual(tagged.stdout, "<경찰:OG>은 <박:PS>씨를\n")
    }

    /// `--window-templates extended`: said in the progress, used by `eval --model` (the F1 training
    /// reported), refused without --window-features, and a conflict on --resume with basic.
    func testExtendedWindowTemplates() throws {
        let model = folder + "/x.model", sample = Self.samples + "ner-ko.klue.tsv"
        let train = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                           "--epochs", "20", "--window-features", "1024",
                                           "--window-templates", "extended"] + tiny)
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stderr.contains("window features 1024 (extended templates)"), train.stderr)
        let best = try XCTUnwrap(Self.bestF1(train.stderr))
        let eval = try BiotagProcess.run(["eval", "--model", model, sample])
        XCTAssertEqual(eval.status, 0, eval.stderr)
        XCTAssertTrue(eval.stdout.contains(String(format: "FB1: %6.2f", best)), eval.stdout)

        let alone = try BiotagProcess.run(["train", "--train", sample, "--dev", sample,
                                           "--out", folder + "/y", "--window-templates", "extended"] + tiny)
        XCTAssertEqual(alone.status, 1, alone.stderr)
        XCTAssertTrue(alone.stderr.contains("--window-templates needs --window-features"), alone.stderr)
        let unknown = try BiotagProcess.run(["train", "--train", sample, "--dev", sample,
                                             "--out", folder + "/y", "--window-features", "8",
                                             "--window-templates", "long"] + tiny)
        XCTAssertEqual(unknown.status, 1, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("basic, extended"), unknown.stderr)
        let resume = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                            "--epochs", "30", "--window-features", "1024",
                                            "--window-templates", "basic", "--resume", model + ".checkpoint"]
                                           + tiny)
        XCTAssertEqual(resume.status, 1, resume.stderr)
        XCTAssertTrue(resume.stderr.contains("window-templates"), resume.stderr)
    }

    /// A model reading the shipped `morph-fast` model's labels: trained, saved with it, tagging
    /// and evaluating through it; an entity model as the guide is refused.
    func testMorphFeaturesFromAShippedModel() throws {
        let model = folder + "/guided.model", sample = Self.samples + "ner-ko.klue.tsv"
        let train = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                           "--epochs", "30", "--morph-features", "morph-fast",
                                           "--morph-embedding", "4"] + tiny)
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stderr.contains("morph features "), train.stderr)
        let guide = BiotagProcess.root.appendingPathComponent("Sources/Tagger/Resources/Models/ko-morph-fast.model")
        let size = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 }
        XCTAssertGreaterThan(try size(model), try size(guide.path) / 2, "the guide's weights are in the file")
        let best = try XCTUnwrap(Self.bestF1(train.stderr))
        let eval = try BiotagProcess.run(["eval", "--model", model, sample])
        XCTAssertEqual(eval.status, 0, eval.stderr)
        XCTAssertTrue(eval.stdout.contains(String(format: "FB1: %6.2f", best)), eval.stdout)
        let tagged = try BiotagProcess.run(["tag", "--model", model, "--format", "bio"], text: "경찰은 박씨를\n")
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        XCTAssertEqual(tagged.stdout.split(separator: "\n").count, 7, tagged.stdout)

        let refused = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", folder + "/x",
                                             "--morph-features", "ner"] + tiny)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--morph-features takes a morpheme model"), refused.stderr)
    }

    func testBadValuesAreUsageErrors() throws {
        let sample = Self.samples + "ner-ko.klue.tsv"
        for (option, value) in [("--bigrams", "-1"), ("--window-features", "x"), ("--average-epochs", "-2")] {
            let run = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", folder + "/m",
                                             option, value])
            XCTAssertEqual(run.status, 1, "usage error: \(option) \(value): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(option), run.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/m"))
        }
    }
}
