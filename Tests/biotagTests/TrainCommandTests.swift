import Foundation
import Tagger
import XCTest

/// Runs the built `biotag train` as a subprocess on the tiny samples under annotations/tagger.
final class TrainCommandTests: XCTestCase {
    static let samples = BiotagProcess.root.appendingPathComponent("annotations/tagger").path + "/"

    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/train-command-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private let tiny = ["--emb", "8", "--hidden", "8", "--layers", "1", "--dropout", "0", "--batch", "2",
                        "--lr", "0.05", "--lr-decay", "0", "--threads", "1"]

    func testTrainsSavesAndResumes() throws {
        let model = folder + "/ner.model"
        let sample = Self.samples + "ner-en.conll"
        let first = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                           "--epochs", "2"] + tiny)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("epoch 2/2 done"), first.stderr)
        XCTAssertTrue(first.stderr.contains("dev P"), first.stderr)
        XCTAssertTrue(first.stderr.contains("PER "), first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
        XCTAssertTrue(FileManager.default.fileExists(atPath: model + ".checkpoint"))

        let resumed = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
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
        XCTAssertEqual(try BiotagProcess.run(["train", "--out", plain] + options).status, 0)
        let trained = try BiotagProcess.run(["train", "--out", own, "--input-dropout", "0"] + options)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let header = { (path: String) in
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4096), as: UTF8.self)
        }
        let plainHeader = try header(plain), ownHeader = try header(own)
        XCTAssertFalse(plainHeader.contains("inputDropout"))
        XCTAssertEqual(ownHeader.components(separatedBy: "\"inputDropout\":0").count, 2, ownHeader)
        let bad = try BiotagProcess.run(["train", "--out", folder + "/bad.model", "--input-dropout", "1.5"]
                                        + options)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--input-dropout"), bad.stderr)
    }

    func testUsageAndInputErrors() throws {
        let sample = Self.samples + "ner-en.conll"
        let missing = try BiotagProcess.run(["train", "--dev", sample, "--out", folder + "/m"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("--train FILE is required"), missing.stderr)

        let badOption = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", folder + "/m",
                                               "--optimizer", "rmsprop"])
        XCTAssertEqual(badOption.status, 1)
        XCTAssertTrue(badOption.stderr.contains("adam, sgd"), badOption.stderr)

        let noFile = try BiotagProcess.run(["train", "--train", folder + "/none.conll", "--dev", sample,
                                            "--out", folder + "/m"])
        XCTAssertEqual(noFile.status, 4)
        XCTAssertTrue(noFile.stderr.contains("none.conll: no such file"), noFile.stderr)

        let broken = folder + "/broken.conll"
        try "EU B-ORG\nrejects\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let bad = try BiotagProcess.run(["train", "--train", broken, "--dev", sample, "--out", folder + "/m"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("broken.conll:2"), bad.stderr)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)

        let notCheckpoint = try BiotagProcess.run(["train", "--train", sample, "--dev", sample,
                                                   "--out", folder + "/m", "--resume", sample])
        XCTAssertEqual(notCheckpoint.status, 3)
        XCTAssertTrue(notCheckpoint.stderr.contains("not a BIOTagger model"), notCheckpoint.stderr)
    }

    func testEvalWithModelPrintsTheSpanReportAndMorphemeScores() throws {
        let sample = Self.samples + "ner-en.conll"
        let model = folder + "/ner.model"
        let trained = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                             "--epochs", "1", "--quiet"] + tiny)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let report = try BiotagProcess.run(["eval", "--model", model, sample])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(report.stdout.hasPrefix("processed 33 tokens with 12 phrases; found: "), report.stdout)
        let json = try BiotagProcess.run(["eval", "--model", model, "--format", "json", sample])
        XCTAssertEqual(json.status, 0, json.stderr)
        // The JSON report carries the text report's figures; the gold counts come from the data.
        let spans = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        let overall = try XCTUnwrap(spans["overall"] as? [String: Any], json.stdout)
        let found = try XCTUnwrap(Self.captures("found: ([0-9]+) phrases; correct: ([0-9]+)\\.", in: report.stdout),
                                  report.stdout)
        XCTAssertEqual(spans["tokens"] as? Int, 33)
        XCTAssertEqual(overall["gold"] as? Int, 12)
        XCTAssertEqual(overall["predicted"] as? Int, Int(found[0]), json.stdout)
        XCTAssertEqual(overall["correct"] as? Int, Int(found[1]), json.stdout)
        let accuracy = try XCTUnwrap(spans["accuracy"] as? Double)
        XCTAssertTrue(report.stdout.contains(String(format: "accuracy: %6.2f%%;", accuracy * 100)), report.stdout)
        let labels = try XCTUnwrap(spans["labels"] as? [String: [String: Any]])
        XCTAssertEqual(labels.mapValues { $0["gold"] as? Int }, ["LOC": 4, "MISC": 1, "ORG": 3, "PER": 4])

        let morph = Self.samples + "morph-ko.conllu"
        let morphModel = folder + "/morph.model"
        let morphTrained = try BiotagProcess.run(["train", "--train", morph, "--dev", morph, "--out", morphModel,
                                                  "--epochs", "1", "--quiet"] + tiny)
        XCTAssertEqual(morphTrained.status, 0, morphTrained.stderr)
        let table = try BiotagProcess.run(["eval", "--model", morphModel, "--format", "table", morph])
        XCTAssertEqual(table.status, 0, table.stderr)
        let xpos = try XCTUnwrap(Self.captures("XPOS accuracy +([0-9.]+)% +\\(([0-9]+)/12\\)", in: table.stdout),
                                 table.stdout)
        let lemma = try XCTUnwrap(Self.captures("LEMMA accuracy +([0-9.]+)% +\\(([0-9]+)/12\\)", in: table.stdout),
                                  table.stdout)
        let counts = try XCTUnwrap(Self.captures("\\(gold 24, predicted ([0-9]+), correct ([0-9]+)\\)",
                                                 in: table.stdout), table.stdout)
        let morphJSON = try BiotagProcess.run(["eval", "--model", morphModel, "--format", "json", morph])
        XCTAssertEqual(morphJSON.status, 0, morphJSON.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(morphJSON.stdout.utf8)) as? [String: Any]
        let morphemes = try XCTUnwrap(object?["morphemes"] as? [String: Any], morphJSON.stdout)
        XCTAssertEqual(morphemes["words"] as? Int, 12)
        XCTAssertEqual(morphemes["gold_morphemes"] as? Int, 24)
        XCTAssertEqual(morphemes["xpos_accuracy"] as? Double, Double(xpos[0]))
        XCTAssertEqual(morphemes["lemma_accuracy"] as? Double, Double(lemma[0]))
        XCTAssertEqual(Double(xpos[0]), ((Double(xpos[1]) ?? -1) / 12 * 10_000).rounded() / 100,
                       "the percentage of XPOS n/12, 2 decimals")
        XCTAssertEqual(morphemes["predicted_morphemes"] as? Int, Int(counts[0]))
        XCTAssertEqual(morphemes["correct_morphemes"] as? Int, Int(counts[1]))

        let wrong = try BiotagProcess.run(["eval", "--model", sample, sample])
        XCTAssertEqual(wrong.status, 3)
    }

    // MARK: Interruption and threads

    /// Tiny sizes, no early stopping (every run trains all its epochs), default dropout (so the
    /// dropout streams matter), a fixed seed.
    private let small = ["--emb", "8", "--hidden", "8", "--layers", "1", "--lr", "0.05", "--lr-decay", "0",
                         "--patience", "0", "--seed", "5"]

    /// Ctrl-C (SIGINT) while training: exit 130 after writing a checkpoint of the point where it
    /// stopped; `--resume` from it ends with the model and the checkpoint an uninterrupted run
    /// writes (weights and optimizer state bit for bit, headers equal but for their date).
    func testInterruptedRunResumesToTheUninterruptedResult() throws {
        let sample = Self.samples + "ner-en.conll"
        // One sentence per batch: six batches an epoch, so the stop usually falls inside one.
        let options = ["--train", sample, "--dev", sample, "--epochs", "6", "--batch", "1", "--threads", "1"]
            + small
        let whole = folder + "/whole.model", parts = folder + "/parts.model"
        let uninterrupted = try BiotagProcess.run(["train", "--out", whole, "--quiet"] + options)
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)

        let training = try BiotagProcess(["train", "--out", parts] + options)
        // Epoch 2 has started: the SIGINT handler is in place and epoch 1 is behind.
        let started = training.wait(timeout: 120) { $0.errorsSoFar.contains("epoch 2/6 batch ") }
        XCTAssertTrue(started, training.errorsSoFar)
        training.interrupt()
        let stopped = training.finish()
        XCTAssertFalse(stopped.signaled, stopped.stderr)
        XCTAssertEqual(stopped.status, 130, stopped.stderr)
        XCTAssertTrue(stopped.stderr.contains("checkpoint written to \(parts).checkpoint (continue with --resume)"),
                      stopped.stderr)
        XCTAssertTrue(stopped.stderr.hasSuffix("interrupted; continue with --resume \(parts).checkpoint\n"),
                      stopped.stderr)
        XCTAssertFalse(stopped.stderr.contains("epoch 6/6 done"), stopped.stderr)
        let checkpoint = try ModelFile.read(path: parts + ".checkpoint")
        XCTAssertTrue(String(decoding: checkpoint.header, as: UTF8.self).contains("\"nextBatch\":"),
                      "the checkpoint records the batch where training stopped")

        let resumed = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", parts,
                                             "--resume", parts + ".checkpoint"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("resuming after epoch "), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("epoch 6/6 done"), resumed.stderr)
        try assertSameRun(parts, whole)
        try assertSameRun(parts + ".checkpoint", whole + ".checkpoint")
    }

    /// `--threads 2` trains the weights `--threads 1` trains, end to end: model and checkpoint
    /// (optimizer state included) bit for bit, headers equal but for date and thread count.
    func testTwoThreadsTrainTheWeightsOfOne() throws {
        let sample = Self.samples + "ner-en.conll"
        // Six sentences in batches of 4: halves of 2 and 2, then 1 and 1; both cells.
        for cell in ["lstm", "gru"] {
            let options = ["--train", sample, "--dev", sample, "--epochs", "3", "--batch", "4", "--cell", cell]
                + small
            for threads in ["1", "2"] {
                let run = try BiotagProcess.run(["train", "--out", folder + "/\(cell)\(threads).model",
                                                 "--threads", threads] + options)
                XCTAssertEqual(run.status, 0, run.stderr)
                XCTAssertTrue(run.stderr.contains("epoch 3/3 done"), run.stderr)
            }
            try assertSameRun(folder + "/\(cell)2.model", folder + "/\(cell)1.model", threadsMayDiffer: true)
            try assertSameRun(folder + "/\(cell)2.model.checkpoint", folder + "/\(cell)1.model.checkpoint",
                              threadsMayDiffer: true)
        }
    }

    /// `--cell gru` end to end: the model line names the cell, the model file records it, the
    /// model tags text and resumes; without `--cell` the header has no cell (an LSTM, as older
    /// files); an unknown cell is a usage error listing the choices.
    func testGRUCellTrainsTagsAndResumes() throws {
        let sample = Self.samples + "ner-en.conll"
        let model = folder + "/gru.model", plain = folder + "/plain.model"
        let options = ["--train", sample, "--dev", sample] + tiny
        let trained = try BiotagProcess.run(["train", "--out", model, "--cell", "gru", "--crf", "--epochs", "2"]
                                            + options)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        XCTAssertTrue(trained.stderr.contains("layers 1, gru cells, CRF"), trained.stderr)
        let header = { (path: String) in try ModelFile.read(path: path).header }
        XCTAssertTrue(String(decoding: try header(model), as: UTF8.self).contains("\"cell\":\"gru\""))
        let text = folder + "/text.txt"
        try "Peter Blackburn visited London .\nEU rejects German call .\n".write(toFile: text, atomically: true,
                                                                               encoding: .utf8)
        let tagged = try BiotagProcess.run(["tag", "--model", model, text])
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        XCTAssertEqual(tagged.stdout.split(separator: "\n").count, 2, tagged.stdout)
        let resumed = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                             "--resume", model + ".checkpoint", "--epochs", "3"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("epoch 3/3 done"), resumed.stderr)
        XCTAssertTrue(String(decoding: try header(model), as: UTF8.self).contains("\"cell\":\"gru\""))

        let lstm = try BiotagProcess.run(["train", "--out", plain, "--epochs", "1"] + options)
        XCTAssertEqual(lstm.status, 0, lstm.stderr)
        XCTAssertFalse(lstm.stderr.contains("cells"), lstm.stderr)
        XCTAssertFalse(String(decoding: try header(plain), as: UTF8.self).contains("\"cell\""))
        let bad = try BiotagProcess.run(["train", "--out", folder + "/bad.model", "--cell", "rnn"] + options)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--cell must be one of lstm, gru"), bad.stderr)
    }

    /// Asserts that two model (or two checkpoint) files hold bit-identical tensors and the same
    /// header apart from its creation date (and the thread count when `threadsMayDiffer`).
    private func assertSameRun(_ path: String, _ expected: String, threadsMayDiffer: Bool = false,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = try ModelFile.read(path: path), reference = try ModelFile.read(path: expected)
        XCTAssertEqual(actual.kind, reference.kind, file: file, line: line)
        XCTAssertEqual(actual.tensors.map(\.name), reference.tensors.map(\.name), file: file, line: line)
        XCTAssertFalse(actual.tensors.isEmpty, file: file, line: line)
        for (a, b) in zip(actual.tensors, reference.tensors) {
            XCTAssertEqual(a.shape, b.shape, a.name, file: file, line: line)
            XCTAssertTrue(a.values.map(\.bitPattern) == b.values.map(\.bitPattern),
                          "\(path): \(a.name) differs from \(expected)", file: file, line: line)
        }
        func header(_ model: ModelFile) -> String {
            var text = String(decoding: model.header, as: UTF8.self)
            text = text.replacingOccurrences(of: "\"created\":\"[^\"]*\"", with: "\"created\":\"\"",
                                             options: .regularExpression)
            if threadsMayDiffer {
                text = text.replacingOccurrences(of: "\"threads\":[0-9]+", with: "\"threads\":0",
                                                 options: .regularExpression)
            }
            return text
        }
        XCTAssertEqual(header(actual), header(reference), "\(path) against \(expected)", file: file, line: line)
    }

    /// The capture groups of the first match of `pattern` in `text`, nil when it does not match.
    static func captures(_ pattern: String, in text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
            return nil
        }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    /// `train --skip-invalid` leaves out a sentence with a broken analysis (one warning naming
    /// file and line, a count) and trains on the rest; without it the sentence is an error.
    func testSkipInvalidTrainsOnTheRest() throws {
        let sample = BiotagProcess.root.appendingPathComponent("annotations/hangul/broken.sejong").path
        let options = ["train", "--train", sample, "--dev", sample, "--input-format", "sejong",
                       "--out", folder + "/m", "--epochs", "1", "--quiet"] + tiny
        let strict = try BiotagProcess.run(options)
        XCTAssertEqual(strict.status, 2)
        XCTAssertTrue(strict.stderr.contains("broken.sejong:7:"), strict.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/m"))

        let lenient = try BiotagProcess.run(options + ["--skip-invalid"])
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        let lines = lenient.stderr.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("broken.sejong:7:2:") && $0.hasSuffix("sentence skipped") }.count,
                       2, lenient.stderr)     // once in --train, once in --dev
        XCTAssertEqual(lines.filter { $0.hasSuffix("1 of 3 sentences skipped (--skip-invalid)") }.count, 2,
                       lenient.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/m"))
    }

    /// Raw text as training data is refused with a one-line reason, before any training; so is
    /// dev data whose labels are mostly unseen in training.
    func testNonsenseLabelsAreRefused() throws {
        let annotations = BiotagProcess.root.appendingPathComponent("annotations").path
        let sample = Self.samples + "ner-en.conll"
        let raw = try BiotagProcess.run(["train", "--train", annotations + "/train/raw-text.txt", "--dev", sample,
                                         "--out", folder + "/m", "--epochs", "1", "--quiet"] + tiny)
        XCTAssertEqual(raw.status, 2)
        XCTAssertEqual(raw.stderr.split(separator: "\n").count, 1, raw.stderr)
        XCTAssertTrue(raw.stderr.contains("raw-text.txt: the last column does not look like labels"), raw.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/m"))

        let dev = try BiotagProcess.run(["train", "--train", sample, "--dev", annotations + "/train/dev-unseen.conll",
                                         "--out", folder + "/m", "--epochs", "1", "--quiet"] + tiny)
        XCTAssertEqual(dev.status, 2)
        XCTAssertTrue(dev.stderr.contains("dev-unseen.conll: 3 of 5 dev tokens carry labels never seen in training"),
                      dev.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/m"))
    }

    /// `--resume` refuses an option that disagrees with the checkpoint, on one line naming the
    /// option and both values (exit 1), before reading any data; --epochs, --patience and
    /// --threads may change.
    func testResumeRefusesConflictingOptions() throws {
        let model = folder + "/r.model", sample = Self.samples + "ner-en.conll"
        let first = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                           "--epochs", "2", "--quiet"] + tiny)
        XCTAssertEqual(first.status, 0, first.stderr)
        let resume = ["train", "--dev", sample, "--out", model, "--resume", model + ".checkpoint", "--quiet"]
        let cases: [([String], String)] = [
            (["--hidden", "16"], "--hidden 16 conflicts with the checkpoint's 8"),
            (["--lr", "0.01"], "--lr 0.01 conflicts with the checkpoint's 0.05"),
            (["--crf"], "--crf (a CRF output layer) conflicts with the checkpoint's softmax"),
            (["--cell", "gru"], "--cell gru conflicts with the checkpoint's lstm"),
            (["--epochs", "1"], "--epochs 1 is below the checkpoint's 2 completed epochs"),
            (["--scheme", "iobes"], "--scheme iobes conflicts with the checkpoint's bio"),
        ]
        for (extra, message) in cases {
            let run = try BiotagProcess.run(resume + ["--train", sample] + extra)
            XCTAssertEqual(run.status, 1, "\(extra) \(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
            XCTAssertTrue(run.stderr.hasPrefix("biotag train: " + message), run.stderr)
        }
        let other = folder + "/other.conll"
        try FileManager.default.copyItem(atPath: sample, toPath: other)
        let otherTrain = try BiotagProcess.run(resume + ["--train", other])
        XCTAssertEqual(otherTrain.status, 1)
        XCTAssertTrue(otherTrain.stderr.contains("--train \(other) is not the file this run was trained on "
                                                 + "(ner-en.conll)"), otherTrain.stderr)
        // The checkpoint is read before the data: a conflict wins over a missing --dev file.
        let early = try BiotagProcess.run(["train", "--train", sample, "--dev", folder + "/none", "--out", model,
                                           "--resume", model + ".checkpoint", "--hidden", "16"])
        XCTAssertEqual(early.status, 1, early.stderr)

        let same = try BiotagProcess.run(resume + ["--train", sample, "--hidden", "8", "--cell", "lstm", "--epochs", "3",
                                                   "--patience", "9", "--threads", "2"])
        XCTAssertEqual(same.status, 0, same.stderr)
    }

    /// `--scheme iobes` learns BIO entity labels as IOBES (the training line says so), resumes
    /// as such, and writes BIO; on morpheme data it is refused in one line naming the file.
    func testSchemeIOBESLearnsBIODataAndWritesBIO() throws {
        let model = folder + "/s.model", sample = Self.samples + "ner-en.conll"
        let run = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                         "--epochs", "2", "--crf", "--scheme", "iobes"] + tiny)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("labels (iobes, written as bio)"), run.stderr)
        let resumed = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", model,
                                             "--resume", model + ".checkpoint", "--epochs", "3",
                                             "--scheme", "iobes", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let tagged = try BiotagProcess.run(["tag", "--model", model, "--format", "bio"],
                                           text: "Peter Blackburn visited London .\nEU rejects German call .\n")
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        let labels = tagged.stdout.split(separator: "\n")
            .compactMap { $0.split(separator: "\t").dropFirst().first }
        XCTAssertEqual(labels.count, 10, tagged.stdout)
        let bio = labels.allSatisfy { $0 == "O" || $0.hasPrefix("B-") || $0.hasPrefix("I-") }
        XCTAssertTrue(bio, tagged.stdout)

        let morph = Self.samples + "morph-ko.conllu"
        let refused = try BiotagProcess.run(["train", "--train", morph, "--dev", morph,
                                             "--out", folder + "/m.model", "--scheme", "iobes", "--quiet"]
                                            + tiny)
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains(morph), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("only BIO entity labels can be"), refused.stderr)
    }

    /// An `--out` that cannot be written fails at once, before the data is read (the missing
    /// --train file is not even reached), not after an epoch.
    func testOutputFolderIsCheckedBeforeTheWork() throws {
        let sample = Self.samples + "ner-en.conll"
        let run = try BiotagProcess.run(["train", "--train", folder + "/none.conll", "--dev", sample,
                                         "--out", "/no/such/dir/m", "--epochs", "1"] + tiny)
        XCTAssertEqual(run.status, 4)
        XCTAssertEqual(run.stderr, "biotag train: /no/such/dir/m: cannot write here: No such file or directory\n")
        let directory = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", folder] + tiny)
        XCTAssertEqual(directory.status, 4)
        XCTAssertTrue(directory.stderr.contains("is a directory; give a file name to write"), directory.stderr)
        XCTAssertFalse(directory.stderr.contains("epoch"), directory.stderr)
    }

    /// convert -> train -> tag for morphemes: syllable BIO from `convert --from conllu --to bio
    /// --dictionary` trained with `--dictionary` gives a morpheme model (`tag --format morph`
    /// works: morphemes come back as FORM/TAG); without it, an entity model that
    /// `--format morph` refuses. Entity BIO with a dictionary is refused.
    func testConvertTrainTagWorkflowForMorphemes() throws {
        let bio = folder + "/train.bio", dictionary = folder + "/train.dict"
        let converted = try BiotagProcess.run(["convert", "--from", "conllu", "--to", "bio", "--dictionary",
                                               dictionary, Self.samples + "morph-ko.conllu"])
        XCTAssertEqual(converted.status, 0, converted.stderr)
        try converted.stdoutData.write(to: URL(fileURLWithPath: bio))
        let common = ["train", "--train", bio, "--dev", bio, "--epochs", "2", "--quiet"] + tiny
        let morph = try BiotagProcess.run(common + ["--dictionary", dictionary, "--out", folder + "/morph.model"])
        XCTAssertEqual(morph.status, 0, morph.stderr)
        let tagged = try BiotagProcess.run(["tag", "--model", folder + "/morph.model", "--format", "morph"],
                                           text: "아버지가 방에 들어가신다\n")
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        // Morphemes with their tags (a two-epoch model gets some wrong; the format is what counts).
        XCTAssertTrue(tagged.stdout.contains("/NNG"), tagged.stdout)

        let plain = try BiotagProcess.run(common + ["--out", folder + "/plain.model"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let refused = try BiotagProcess.run(["tag", "--model", folder + "/plain.model", "--format", "morph"],
                                            text: "아버지가\n")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("needs a morpheme model"), refused.stderr)

        let entity = BiotagProcess.root.appendingPathComponent("annotations/hangul/entity.bio").path
        let wrong = try BiotagProcess.run(["train", "--train", entity, "--dev", entity, "--dictionary", dictionary,
                                           "--out", folder + "/wrong.model", "--quiet"] + tiny)
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("entity.bio:5: '에' is labelled O"), wrong.stderr)
    }
}
