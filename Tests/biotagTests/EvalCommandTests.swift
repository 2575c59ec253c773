import Foundation
import XCTest

/// Runs the built `biotag` binary: `biotag eval` on the worked examples, stdin, options, errors.
final class EvalCommandTests: XCTestCase {
    private var folder: String { BiotagProcess.root.appendingPathComponent("annotations/eval").path }

    /// Every worked example: `biotag eval ARGS NAME.input` prints NAME.expected exactly.
    func testGoldenFiles() throws {
        let expected = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".expected") }.sorted()
        XCTAssertGreaterThanOrEqual(expected.count, 18)
        for file in expected {
            let stem = String(file.dropLast(".expected".count))
            let base = String(stem.prefix { $0 != "." })
            let args = (try? String(contentsOfFile: "\(folder)/\(stem).args", encoding: .utf8))
                .map { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) } ?? []
            let result = try BiotagProcess.run(["eval"] + args + ["\(folder)/\(base).input"])
            XCTAssertEqual(result.status, 0, "\(stem): \(result.stderr)")
            XCTAssertEqual(result.stdout, try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8), stem)
        }
    }

    func testStandardInputAndShortOptions() throws {
        let input = "a;PER;PER\nb;OUT;OUT\n"
        let long = try BiotagProcess.run(["eval", "--raw", "--delimiter", ";", "--outside", "OUT"], text: input)
        let short = try BiotagProcess.run(["eval", "-r", "-d", ";", "-o", "OUT"], text: input)
        XCTAssertEqual(long.status, 0, long.stderr)
        XCTAssertEqual(long.stdout, short.stdout)
        XCTAssertTrue(long.stdout.hasPrefix("processed 2 tokens with 1 phrases; found: 1 phrases; correct: 1.\n"))
    }

    func testSeveralFilesCountTogether() throws {
        let one = "\(folder)/sentence-end.input"
        let result = try BiotagProcess.run(["eval", one, one])
        XCTAssertTrue(result.stdout.hasPrefix("processed 20 tokens with 10 phrases; found: 10 phrases; correct: 8.\n"),
                      result.stdout)
    }

    func testGoldAndPredFiles() throws {
        let directory = NSTemporaryDirectory() + "evalcmd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let gold = directory + "/gold.txt", pred = directory + "/pred.txt", bad = directory + "/bad.txt"
        try "John B-PER\nsaw O\n\nRome B-LOC\n".write(toFile: gold, atomically: true, encoding: .utf8)
        try "John B-PER\nsaw O\n\nRome O\n".write(toFile: pred, atomically: true, encoding: .utf8)
        try "John B-PER\nsaw O\nRome O\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let ok = try BiotagProcess.run(["eval", "--gold", gold, "--pred", pred, "--format", "json"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("\"overall\": {\"precision\": 1.0, \"recall\": 0.5"), ok.stdout)
        let misaligned = try BiotagProcess.run(["eval", "--gold", gold, "--pred", bad])
        XCTAssertEqual(misaligned.status, 2)
        XCTAssertTrue(misaligned.stderr.contains("\(gold):3") && misaligned.stderr.contains("\(bad):3"),
                      misaligned.stderr)
        XCTAssertEqual(misaligned.stderr.split(separator: "\n").count, 1)
        XCTAssertEqual(try BiotagProcess.run(["eval", "--gold", gold]).status, 1)
    }

    func testErrorsAndExitCodes() throws {
        let inconsistent = try BiotagProcess.run(["eval"], text: "a B-X B-X\nb c O O\n")
        XCTAssertEqual(inconsistent.status, 2)
        XCTAssertTrue(inconsistent.stderr.contains("<stdin>:2"), inconsistent.stderr)
        XCTAssertEqual(inconsistent.stdout, "")
        XCTAssertEqual(try BiotagProcess.run(["eval", "/nonexistent/file"]).status, 4)
        XCTAssertEqual(try BiotagProcess.run(["eval", "-l"]).status, 1)
        XCTAssertEqual(try BiotagProcess.run(["eval", "--format", "xml"]).status, 1)
        XCTAssertEqual(try BiotagProcess.run(["eval", "--scheme", "iobes"]).status, 1)
        XCTAssertEqual(try BiotagProcess.run(["eval", "-d", "a|b"]).status, 1)
        // --model: a missing model file is exit 3.
        let model = try BiotagProcess.run(["eval", "--model", "m.bin", "x"])
        XCTAssertEqual(model.status, 3)
        XCTAssertTrue(model.stderr.contains("m.bin: no such model file"), model.stderr)
    }

    func testHelpListsEveryOption() throws {
        let help = try BiotagProcess.run(["eval", "--help"])
        XCTAssertEqual(help.status, 0)
        for option in ["--format", "-r, --raw", "-d, --delimiter", "-o, --outside", "--strict", "--scheme",
                       "--confusion", "--gold", "--pred", "--model"] {
            XCTAssertTrue(help.stdout.contains(option), option)
        }
    }

    /// A tab-separated file read with the default delimiter fails with a hint to give -d '\t'
    /// (annotations/eval/tab.input, whose words hold spaces); with it, the file is read.
    func testTabSeparatedFileSuggestsTheDelimiter() throws {
        let path = BiotagProcess.root.appendingPathComponent("annotations/eval/tab.input").path
        let plain = try BiotagProcess.run(["eval", path])
        XCTAssertEqual(plain.status, 2)
        XCTAssertTrue(plain.stderr.hasSuffix("; the fields are separated by tabs: try -d '\\t'\n"), plain.stderr)
        XCTAssertEqual(plain.stderr.split(separator: "\n").count, 1, plain.stderr)
        XCTAssertEqual(try BiotagProcess.run(["eval", "-d", "\\t", path]).status, 0)
        // No tab, no hint.
        let spaces = try BiotagProcess.run(["eval"], text: "a B-X B-X\nb c O O\n")
        XCTAssertFalse(spaces.stderr.contains("-d"), spaces.stderr)
    }

    /// `eval --model` reads standard input like `eval` does (no FILE, or -), with the same
    /// report as for the file, and names `<stdin>` in errors.
    func testEvalModelReadsStandardInput() throws {
        let model = try TagCommandTests.ner()
        let path = BiotagProcess.root.appendingPathComponent("annotations/tagger/ner-ko.klue.tsv").path
        let file = try BiotagProcess.run(["eval", "--model", model, path])
        XCTAssertEqual(file.status, 0, file.stderr)
        XCTAssertTrue(file.stdout.hasPrefix("processed "), file.stdout)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [["eval", "--model", model], ["eval", "--model", model, "-"]] {
            let stdin = try BiotagProcess.run(arguments, stdin: data)
            XCTAssertEqual(stdin.status, 0, stdin.stderr)
            XCTAssertEqual(stdin.stdout, file.stdout)
        }
        let bad = try BiotagProcess.run(["eval", "--model", model], text: "## 1\tx\nx\n")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("<stdin>:2"), bad.stderr)
    }
}
