import Foundation
import XCTest

/// Runs the built `biotag tag` as a subprocess with a tiny model trained here (by `biotag train`)
/// on the sample under annotations/tag.
final class TagCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = root.appendingPathComponent("annotations/tag").path
    static let folder = NSTemporaryDirectory() + "/tag-command-\(getpid())"
    static let tiny = ["--emb", "8", "--hidden", "8", "--layers", "1", "--batch", "2", "--threads", "1",
                       "--patience", "0", "--lr", "0.05", "--lr-decay", "0", "--seed", "3", "--quiet"]

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("biotag"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("biotag"),
            root.appendingPathComponent(".build/debug/biotag"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ arguments: [String], stdin: Data = Data()) throws -> Run {
        guard let binary else { throw XCTSkip("biotag binary not found next to the tests") }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (out, err, input)
        signal(SIGPIPE, SIG_IGN)   // a child that exits early must not kill the test process
        try process.run()
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errData = Box()
        let errDone = DispatchSemaphore(value: 0)
        Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile(); errDone.signal() }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData.data, as: UTF8.self))
    }

    static func run(_ arguments: [String], text: String) throws -> Run {
        try run(arguments, stdin: Data(text.utf8))
    }

    /// The entity model, trained once per test run.
    nonisolated(unsafe) static var nerModel: String?

    static func ner() throws -> String {
        if let nerModel { return nerModel }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/ner.model"
        let sample = samples + "/ner-ko.bio"
        let result = try run(["train", "--train", sample, "--dev", sample, "--out", path, "--epochs", "30"] + tiny)
        XCTAssertEqual(result.status, 0, result.stderr)
        nerModel = path
        return path
    }

    /// The morpheme model trained from the CoNLL-U sample, nil while `biotag train` cannot read CoNLL-U.
    nonisolated(unsafe) static var morphModel: String??

    static func morph() throws -> String {
        if let morphModel {
            guard let path = morphModel else { throw XCTSkip("biotag train does not read CoNLL-U yet") }
            return path
        }
        let path = folder + "/morph.model"
        let sample = samples + "/morph-ko.conllu"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try run(["train", "--train", sample, "--dev", sample, "--out", path, "--epochs", "40"] + tiny)
        if result.stderr.contains("not supported yet") {
            morphModel = .some(nil)
            throw XCTSkip("biotag train does not read CoNLL-U yet: \(result.stderr)")
        }
        XCTAssertEqual(result.status, 0, result.stderr)
        morphModel = path
        return path
    }

    // MARK: Streaming

    /// Writes one line, reads its answer while standard input is still open, then a second.
    func testEachLineIsAnsweredBeforeInputEnds() throws {
        try answersEachLineBeforeInputEnds(threads: 1)
    }

    /// With two threads lines go through the worker queue; each must still be answered at once.
    func testEachLineIsAnsweredBeforeInputEndsWithTwoThreads() throws {
        try answersEachLineBeforeInputEnds(threads: 2)
    }

    func answersEachLineBeforeInputEnds(threads: Int) throws {
        let model = try Self.ner()
        guard let binary = Self.binary else { throw XCTSkip("no biotag binary") }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["tag", "--model", model, "--threads", String(threads)]
        let out = Pipe(), input = Pipe()
        (process.standardOutput, process.standardInput) = (out, input)
        signal(SIGPIPE, SIG_IGN)   // a child that exits early must not kill the test process
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        func answer(to line: String) -> String? {
            try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
            let received = Box()
            let done = DispatchSemaphore(value: 0)
            let reader = Thread {
                while !received.data.contains(0x0A) {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    received.data.append(chunk)
                }
                done.signal()
            }
            reader.start()
            guard done.wait(timeout: .now() + 60) == .success else { return nil }
            return String(decoding: received.data, as: UTF8.self)
        }
        XCTAssertEqual(answer(to: "김철수는 서울에 산다."), "<김철수:PS>는 <서울:LC>에 산다.\n")
        XCTAssertTrue(process.isRunning, "biotag must wait for more input")
        XCTAssertEqual(answer(to: ""), "\n")
        XCTAssertEqual(answer(to: "이영희는 부산으로 갔다."), "<이영희:PS>는 <부산:LC>으로 갔다.\n")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    // MARK: Lines in, lines out

    func testOneOutputLinePerInputLineAndEmptyLinesStayEmpty() throws {
        let model = try Self.ner()
        let input = "김철수는 서울에 산다.\n\n   \n박민수 😀 <b>&\"x\"\nLatin 123 ÀÉ\n끝"
        for format in ["inline", "json"] {
            let result = try Self.run(["tag", "--model", model, "--format", format], text: input)
            XCTAssertEqual(result.status, 0, result.stderr)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.count, 7, "\(format): \(result.stdout)")   // 6 lines + final newline
            XCTAssertEqual(lines[1], "")
            XCTAssertEqual(lines[2], "")
            if format == "json" {
                for line in lines where !line.isEmpty {
                    XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line))
                }
            }
        }
    }

    func testInvalidUTF8WarnsNamesTheLineAndTheStreamGoesOn() throws {
        let model = try Self.ner()
        var bytes = Data("김철수는 서울에 산다.\n".utf8)
        bytes.append(contentsOf: [0x61, 0xFF, 0xFE, 0x62, 0x0A])
        bytes.append(Data("이영희는 부산으로 갔다.\n".utf8))
        let result = try Self.run(["tag", "--model", model], stdin: bytes)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 4, result.stdout)
        // The repaired text comes through (whatever chunks the tiny model marks in it).
        let chunk = try NSRegularExpression(pattern: "<([^<>]*):[A-Z]+>")
        let line = String(lines[1])
        let text = chunk.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line),
                                                  withTemplate: "$1")
        XCTAssertEqual(text, "a\u{FFFD}\u{FFFD}b", line)
        XCTAssertEqual(lines[2], "<이영희:PS>는 <부산:LC>으로 갔다.")
        XCTAssertEqual(result.stderr, "biotag tag: <stdin>:2: invalid UTF-8 replaced by U+FFFD; "
                       + "the line is tagged as repaired\n")
    }

    func testDecomposedJamoGiveTheSameAnswerAsSyllables() throws {
        let model = try Self.ner()
        let text = "김철수는 서울에 산다.\n"
        let composed = try Self.run(["tag", "--model", model, "--format", "json"], text: text)
        let decomposed = try Self.run(["tag", "--model", model, "--format", "json"],
                                      text: text.decomposedStringWithCanonicalMapping)
        XCTAssertEqual(composed.stdout, decomposed.stdout)
        XCTAssertTrue(composed.stdout.contains("\"text\":\"김철수\""), composed.stdout)
    }

    func testAVeryLongLineGetsOneAnswer() throws {
        let model = try Self.ner()
        let line = Array(repeating: "김철수는 서울에 산다.", count: 300).joined(separator: " ")
        let result = try Self.run(["tag", "--model", model, "--format", "inline"], text: line + "\n끝\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0].replacingOccurrences(of: "<", with: "")
                        .replacingOccurrences(of: ":PS>", with: "").replacingOccurrences(of: ":LC>", with: ""),
                       line.replacingOccurrences(of: ":PS>", with: ""))
    }

    func testBatchModeWritesWhatLineModeWrites() throws {
        let model = try Self.ner()
        let text = (0..<40).map { ["김철수는 서울에 산다.", "", "이영희는 \($0)시에 부산으로 갔다.", "a"][$0 % 4] }
            .joined(separator: "\n") + "\n"
        let single = try Self.run(["tag", "--model", model, "--format", "json"], text: text)
        let batched = try Self.run(["tag", "--model", model, "--format", "json", "--batch", "8"], text: text)
        // Line by line, lines waiting in the input are tagged together (--read-ahead, default
        // 32); tagging each alone (1) or in groups of 3 must write the same bytes.
        let alone = try Self.run(["tag", "--model", model, "--format", "json", "--read-ahead", "1"], text: text)
        let threes = try Self.run(["tag", "--model", model, "--format", "json", "--read-ahead", "3"], text: text)
        // Two threads tag groups (or blocks) on two workers; the output stays in input order.
        let two = try Self.run(["tag", "--model", model, "--format", "json", "--read-ahead", "3",
                                "--threads", "2"], text: text)
        let twoBatched = try Self.run(["tag", "--model", model, "--format", "json", "--batch", "2",
                                       "--threads", "2"], text: text)
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(batched.stdout, single.stdout)
        XCTAssertEqual(alone.stdout, single.stdout)
        XCTAssertEqual(threes.stdout, single.stdout)
        XCTAssertEqual(two.stdout, single.stdout)
        XCTAssertEqual(twoBatched.stdout, single.stdout)
        XCTAssertEqual(single.stdout.split(separator: "\n", omittingEmptySubsequences: false).count, 41)
    }

    // MARK: Formats

    func testEntityFormats() throws {
        let model = try Self.ner()
        let text = "김철수는 서울에 산다.\n\n"
        let inline = try Self.run(["tag", "--model", model], text: text)
        XCTAssertEqual(inline.stdout, "<김철수:PS>는 <서울:LC>에 산다.\n\n")
        let bio = try Self.run(["tag", "--model", model, "--format", "bio"], text: text)
        XCTAssertEqual(bio.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(5),
                       ["김\tB-PS", "철\tI-PS", "수\tI-PS", "는\tO", "▁\tO"])
        XCTAssertTrue(bio.stdout.hasSuffix(".\tO\n\n\n"), bio.stdout)
        let scored = try Self.run(["tag", "--model", model, "--format", "bio", "--scores"], text: text)
        for line in scored.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            XCTAssertEqual(fields.count, 3)
            let probability = Double(fields[2]) ?? -1
            XCTAssertTrue(probability >= 0 && probability <= 1, String(line))
        }
        let json = try Self.run(["tag", "--model", model, "--format", "json"], text: text)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8))
        let spans = (object as? [String: Any])?["spans"] as? [[String: Any]]
        XCTAssertEqual(spans?.map { $0["label"] as? String }, ["PS", "LC"])
        XCTAssertEqual(spans?.map { $0["start"] as? Int }, [0, 5])
        XCTAssertEqual(spans?.map { $0["end"] as? Int }, [3, 7])
    }

    func testMorphemeFormats() throws {
        let model = try Self.morph()
        let text = "아버지가 방에 들어가신다.\n\n나는 학교에 갔다.\n"
        let morph = try Self.run(["tag", "--model", model], text: text)
        XCTAssertEqual(morph.status, 0, morph.stderr)
        XCTAssertEqual(morph.stdout, "아버지/NNG 가/JKS  방/NNG 에/JKB  들어가/VV 시/EP ㄴ다/EF ./SF\n\n"
                       + "나/NP 는/JX  학교/NNG 에/JKB  가/VV 았/EP 다/EF ./SF\n")
        let seg = try Self.run(["tag", "--model", model, "--format", "seg"], text: text)
        XCTAssertEqual(seg.stdout, "아버지 가  방 에  들어가 시 ㄴ다 .\n\n나 는  학교 에  가 았 다 .\n")
        let conllu = try Self.run(["tag", "--model", model, "--input", "conllu", Self.samples + "/morph-ko.conllu"])
        XCTAssertEqual(conllu.status, 0, conllu.stderr)
        XCTAssertEqual(conllu.stdout, try String(contentsOfFile: Self.samples + "/morph-ko.conllu", encoding: .utf8))
    }

    // MARK: Token files

    func testTokenFilesGetAPredictedColumn() throws {
        let model = try Self.ner()
        let conll = "-DOCSTART- O\n\n김 B-PS\n철 I-PS\n수 I-PS\n는 O\n\n서 B-LC\n울 I-LC\n"
        let result = try Self.run(["tag", "--model", model, "--input", "conll"], text: conll)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("-DOCSTART- O O\n\n김 B-PS B-PS\n철 I-PS I-PS\n수 I-PS I-PS\n"
                                              + "는 O O\n\n서 B-LC "), result.stdout)
        XCTAssertEqual(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: " ").count }, [3, 0, 3, 3, 3, 3, 0, 3, 3, 0])
        let batched = try Self.run(["tag", "--model", model, "--input", "conll", "--batch", "4"], text: conll)
        XCTAssertEqual(batched.stdout, result.stdout)

        let klue = "## 1\t<김철수:PS>는 서울\n김\tB-PS\n철\tI-PS\n수\tI-PS\n는\tO\n \tO\n서\tB-LC\n울\tI-LC\n\n"
        let tagged = try Self.run(["tag", "--model", model, "--input", "klue"], text: klue)
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        let lines = tagged.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, klue.split(separator: "\n", omittingEmptySubsequences: false).count)
        XCTAssertEqual(lines[0], "## 1\t<김철수:PS>는 서울")
        XCTAssertEqual(lines[5], " \tO\tO")
        XCTAssertEqual(lines[6], "서\tB-LC\tB-LC")
    }

    func testALongTokenFileSentenceIsTaggedWhole() throws {
        let model = try Self.ner()
        let long = String(repeating: "김 B-PS\n철 I-PS\n▁ O\n", count: 600) + "\n가 O\n"
        let result = try Self.run(["tag", "--model", model, "--input", "conll"], text: long)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 1800 + 3)
        XCTAssertTrue(lines.prefix(1800).allSatisfy { $0.split(separator: " ").count == 3 })
        XCTAssertEqual(lines[1801].split(separator: " ").count, 3)
    }

    // MARK: Errors

    func testUsageAndModelErrors() throws {
        let model = try Self.ner()
        let morph = try Self.run(["tag", "--model", model, "--format", "morph"], text: "가\n")
        XCTAssertEqual(morph.status, 1)
        XCTAssertTrue(morph.stderr.contains("needs a morpheme model"), morph.stderr)
        let bogus = try Self.run(["tag", "--model", model, "--format", "xml"], text: "가\n")
        XCTAssertEqual(bogus.status, 1)
        let missing = try Self.run(["tag", "--model", Self.folder + "/nothing.model"], text: "가\n")
        XCTAssertEqual(missing.status, 3)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        let unknownName = try Self.run(["tag", "--model", "klingon"], text: "가\n")
        XCTAssertEqual(unknownName.status, 3)
        XCTAssertTrue(unknownName.stderr.contains("not a shipped model name"), unknownName.stderr)
        let conllu = try Self.run(["tag", "--model", model, "--input", "conllu"], text: "")
        XCTAssertEqual(conllu.status, 1, conllu.stderr)
    }
}

/// Bytes filled in by a reader thread and read after it signals.
final class Box: @unchecked Sendable {
    var data = Data()
}
