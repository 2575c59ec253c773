import Corpus
import Foundation
import Hangul
import XCTest

/// Runs the built `biotag tag` as a subprocess with a tiny model trained here (by `biotag train`)
/// on the sample under annotations/tag.
final class TagCommandTests: XCTestCase {
    static let samples = BiotagProcess.root.appendingPathComponent("annotations/tag").path
    static let folder = NSTemporaryDirectory() + "/tag-command-\(getpid())"
    static let tiny = ["--emb", "8", "--hidden", "8", "--layers", "1", "--batch", "2", "--threads", "1",
                       "--patience", "0", "--lr", "0.05", "--lr-decay", "0", "--seed", "3", "--quiet"]

    /// The entity model, trained once per test run.
    nonisolated(unsafe) static var nerModel: String?

    static func ner() throws -> String {
        if let nerModel { return nerModel }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/ner.model"
        let sample = samples + "/ner-ko.bio"
        let result = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", path,
                                            "--epochs", "30"] + tiny)
        XCTAssertEqual(result.status, 0, result.stderr)
        nerModel = path
        return path
    }

    /// The morpheme model trained from the CoNLL-U sample, trained once per test run.
    nonisolated(unsafe) static var morphModel: String?

    static func morph() throws -> String {
        if let morphModel { return morphModel }
        let path = folder + "/morph.model"
        let sample = samples + "/morph-ko.conllu"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try BiotagProcess.run(["train", "--train", sample, "--dev", sample, "--out", path,
                                            "--epochs", "40"] + tiny)
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
        let tagger = try BiotagProcess(["tag", "--model", model, "--threads", String(threads)], stdin: .pipe)
        var answered = ""
        /// Sends one line and returns the output line it gets while standard input stays open.
        func answer(to line: String) -> String? {
            tagger.send(line + "\n")
            let lines = answered.filter { $0 == "\n" }.count + 1
            let arrived = tagger.wait(timeout: 60) { $0.outputSoFar.filter { $0 == "\n" }.count >= lines }
            guard arrived else { return nil }
            let output = tagger.outputSoFar
            defer { answered = output }
            return String(output.dropFirst(answered.count))
        }
        XCTAssertEqual(answer(to: "김철수는 서울에 산다."), "<김철수:PS>는 <서울:LC>에 산다.\n")
        XCTAssertTrue(tagger.isRunning, "biotag must wait for more input")
        XCTAssertEqual(answer(to: ""), "\n")
        XCTAssertEqual(answer(to: "이영희는 부산으로 갔다."), "<이영희:PS>는 <부산:LC>으로 갔다.\n")
        let result = tagger.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, answered)
    }

    // MARK: Lines in, lines out

    func testOneOutputLinePerInputLineAndEmptyLinesStayEmpty() throws {
        let model = try Self.ner()
        let input = "김철수는 서울에 산다.\n\n   \n박민수 😀 <b>&\"x\"\nLatin 123 ÀÉ\n끝"
        var outputs: [String: [Substring]] = [:]
        for format in ["inline", "json"] {
            let result = try BiotagProcess.run(["tag", "--model", model, "--format", format], text: input)
            XCTAssertEqual(result.status, 0, result.stderr)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            // 6 lines; the last ends as the input's did, without a newline.
            XCTAssertEqual(lines.count, 6, "\(format): \(result.stdout)")
            XCTAssertFalse(result.stdout.hasSuffix("\n"))
            if format == "json" {
                // JSON on every line: a blank line is an object without tokens.
                XCTAssertEqual(lines[1], #"{"text":"","tokens":[],"labels":[],"confidence":[],"spans":[]}"#)
                XCTAssertEqual(lines[2], #"{"text":"   ","tokens":[],"labels":[],"confidence":[],"spans":[]}"#)
            } else {
                XCTAssertEqual(lines[1], "")
                XCTAssertEqual(lines[2], "")
            }
            outputs[format] = lines
        }
        // Each JSON line holds its input line, one label per token, and the spans the inline
        // format marks, each pointing at its own text.
        let inputs = input.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in (outputs["json"] ?? []).enumerated() where !line.isEmpty {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let text = try XCTUnwrap(object["text"] as? String, String(line))
            XCTAssertEqual(text, String(inputs[index]))
            let tokens = try XCTUnwrap(object["tokens"] as? [String], String(line))
            if tokens.isEmpty { continue }
            XCTAssertEqual((object["labels"] as? [String])?.count, tokens.count, String(line))
            XCTAssertEqual((object["confidence"] as? [Double])?.count, tokens.count, String(line))
            let spans = try XCTUnwrap(object["spans"] as? [[String: Any]], String(line))
            let scalars = Array(text.unicodeScalars)
            for span in spans {
                let start = try XCTUnwrap(span["start"] as? Int), end = try XCTUnwrap(span["end"] as? Int)
                XCTAssertTrue(0 <= start && start < end && end <= scalars.count, String(line))
                guard 0 <= start && start < end && end <= scalars.count else { continue }
                var piece = String.UnicodeScalarView()
                piece.append(contentsOf: scalars[start..<end])
                XCTAssertEqual(span["text"] as? String, String(piece), String(line))
            }
            let inline = InlineMarkup.parse(String(outputs["inline"]?[index] ?? ""))
            XCTAssertEqual(inline.text, text)
            XCTAssertEqual(spans.map { Span(start: $0["start"] as? Int ?? -1, end: $0["end"] as? Int ?? -1,
                                            type: $0["type"] as? String ?? "") }, inline.spans, String(line))
        }
    }

    /// `--line-ends-sentence`: the unpunctuated line's last ending reads EF (GSD, the default, has
    /// EC there), the text comes back as given, and CoNLL-U sentences get the same.
    func testLineEndsSentenceReadsTheLastEndingAsFinal() throws {
        let text = "나는 학교에 갔다\n너는 밥 먹었어\n"
        let result = try BiotagProcess.run(["tag", "--model", "morph-fast", "--line-ends-sentence"],
                                           stdin: Data(text.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, result.stdout)
        XCTAssertTrue(lines[0].hasSuffix(" 다/EF"), lines[0])
        XCTAssertTrue(lines[1].hasSuffix(" 어/EF"), lines[1])
        let plain = try BiotagProcess.run(["tag", "--model", "morph-fast", "--format", "seg"],
                                          stdin: Data(text.utf8))
        let final = try BiotagProcess.run(["tag", "--model", "morph-fast", "--format", "seg",
                                           "--line-ends-sentence"], stdin: Data(text.utf8))
        XCTAssertEqual(final.stdout.replacingOccurrences(of: " ", with: ""),
                       plain.stdout.replacingOccurrences(of: " ", with: ""))
        let conllu = """
            # text = 나는 학교에 갔다
            1\t나는\t_\t_\t_\t_\t_\t_\t_\t_
            2\t학교에\t_\t_\t_\t_\t_\t_\t_\t_
            3\t갔다\t_\t_\t_\t_\t_\t_\t_\t_


            """
        let tagged = try BiotagProcess.run(["tag", "--model", "morph-fast", "--input", "conllu",
                                            "--line-ends-sentence"], stdin: Data(conllu.utf8))
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        let last = tagged.stdout.split(separator: "\n").last { $0.hasPrefix("3\t") }
        XCTAssertEqual(last?.split(separator: "\t").map(String.init)[2...4], ["가+았+다", "_", "VV+EP+EF"])
    }

    func testInvalidUTF8WarnsNamesTheLineAndTheStreamGoesOn() throws {
        let model = try Self.ner()
        var bytes = Data("김철수는 서울에 산다.\n".utf8)
        bytes.append(contentsOf: [0x61, 0xFF, 0xFE, 0x62, 0x0A])
        bytes.append(Data("이영희는 부산으로 갔다.\n".utf8))
        let result = try BiotagProcess.run(["tag", "--model", model], stdin: bytes)
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
        let composed = try BiotagProcess.run(["tag", "--model", model, "--format", "bio"], text: text)
        let decomposed = try BiotagProcess.run(["tag", "--model", model, "--format", "bio"],
                                               text: text.decomposedStringWithCanonicalMapping)
        XCTAssertEqual(composed.stdoutData, decomposed.stdoutData)
        XCTAssertTrue(composed.stdout.hasPrefix("김\tB-PS\n"), composed.stdout)
        // json keeps the text as given; its span offsets index it (김철수 is 8 jamo there).
        let json = try BiotagProcess.run(["tag", "--model", model, "--format", "json"],
                                         text: text.decomposedStringWithCanonicalMapping)
        XCTAssertTrue(json.stdout.contains("\"start\":0,\"end\":8,"), json.stdout)
    }

    func testAVeryLongLineGetsOneAnswer() throws {
        let model = try Self.ner()
        let line = Array(repeating: "김철수는 서울에 산다.", count: 300).joined(separator: " ")
        let result = try BiotagProcess.run(["tag", "--model", model, "--format", "inline"],
                                           text: line + "\n끝\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3)
        // The text comes back whole, with every name and place marked (whatever their labels).
        let marked = InlineMarkup.parse(String(lines[0]))
        XCTAssertEqual(marked.text, line)
        let scalars = Array(marked.text.unicodeScalars)
        let names = marked.spans.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        XCTAssertEqual(names, Array(repeating: ["김철수", "서울"], count: 300).flatMap { $0 })
    }

    func testBatchModeWritesWhatLineModeWrites() throws {
        let model = try Self.ner()
        let text = (0..<40).map { ["김철수는 서울에 산다.", "", "이영희는 \($0)시에 부산으로 갔다.", "a"][$0 % 4] }
            .joined(separator: "\n") + "\n"
        let json = ["tag", "--model", model, "--format", "json"]
        let single = try BiotagProcess.run(json, text: text)
        let batched = try BiotagProcess.run(json + ["--batch", "8"], text: text)
        // Line by line, lines waiting in the input are tagged together (--read-ahead, default
        // 32); tagging each alone (1) or in groups of 3 must write the same bytes.
        let alone = try BiotagProcess.run(json + ["--read-ahead", "1"], text: text)
        let threes = try BiotagProcess.run(json + ["--read-ahead", "3"], text: text)
        // Two threads tag groups (or blocks) on two workers; the output stays in input order.
        let two = try BiotagProcess.run(json + ["--read-ahead", "3", "--threads", "2"], text: text)
        let twoBatched = try BiotagProcess.run(json + ["--batch", "2", "--threads", "2"], text: text)
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertTrue(single.stdout.hasPrefix(#"{"text":"김철수는 서울에 산다.","tokens":["김","철""#), single.stdout)
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
        let inline = try BiotagProcess.run(["tag", "--model", model], text: text)
        XCTAssertEqual(inline.stdout, "<김철수:PS>는 <서울:LC>에 산다.\n\n")
        let bio = try BiotagProcess.run(["tag", "--model", model, "--format", "bio"], text: text)
        XCTAssertEqual(bio.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(5),
                       ["김\tB-PS", "철\tI-PS", "수\tI-PS", "는\tO", "▁\tO"])
        XCTAssertTrue(bio.stdout.hasSuffix(".\tO\n\n\n"), bio.stdout)
        let scored = try BiotagProcess.run(["tag", "--model", model, "--format", "bio", "--scores"], text: text)
        for line in scored.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            XCTAssertEqual(fields.count, 3)
            let probability = Double(fields[2]) ?? -1
            XCTAssertTrue(probability >= 0 && probability <= 1, String(line))
        }
        let json = try BiotagProcess.run(["tag", "--model", model, "--format", "json"], text: text)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8))
        let spans = (object as? [String: Any])?["spans"] as? [[String: Any]]
        XCTAssertEqual(spans?.map { $0["type"] as? String }, ["PS", "LC"])
        XCTAssertEqual(spans?.map { $0["start"] as? Int }, [0, 5])
        XCTAssertEqual(spans?.map { $0["end"] as? Int }, [3, 7])
    }

    func testMorphemeFormats() throws {
        let model = try Self.morph()
        let text = "아버지가 방에 들어가신다.\n\n나는 학교에 갔다.\n"
        let morph = try BiotagProcess.run(["tag", "--model", model], text: text)
        XCTAssertEqual(morph.status, 0, morph.stderr)
        XCTAssertEqual(morph.stdout, "아버지/NNG 가/JKS  방/NNG 에/JKB  들어가/VV 시/EP ㄴ다/EF ./SF\n\n"
                       + "나/NP 는/JX  학교/NNG 에/JKB  가/VV 았/EP 다/EF ./SF\n")
        let seg = try BiotagProcess.run(["tag", "--model", model, "--format", "seg"], text: text)
        XCTAssertEqual(seg.stdout, "아버지 가  방 에  들어가 시 ㄴ다 .\n\n나 는  학교 에  가 았 다 .\n")
        // CoNLL-U in: LEMMA and XPOS come from the model. Blanked in the input, they come back
        // as in the sample (which the model learned by heart); every other column stays.
        let sample = try String(contentsOfFile: Self.samples + "/morph-ko.conllu", encoding: .utf8)
        let blanked = sample.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 10 else { return String(line) }
            (fields[2], fields[4]) = ("_", "_")
            return fields.joined(separator: "\t")
        }.joined(separator: "\n")
        XCTAssertNotEqual(blanked, sample)
        let input = Self.folder + "/blanked.conllu"
        try blanked.write(toFile: input, atomically: true, encoding: .utf8)
        let conllu = try BiotagProcess.run(["tag", "--model", model, "--input", "conllu", input])
        XCTAssertEqual(conllu.status, 0, conllu.stderr)
        XCTAssertEqual(conllu.stdout, sample)
    }

    // MARK: Token files

    func testTokenFilesGetAPredictedColumn() throws {
        let model = try Self.ner()
        let conll = "-DOCSTART- O\n\n김 B-PS\n철 I-PS\n수 I-PS\n는 O\n\n서 B-LC\n울 I-LC\n"
        let result = try BiotagProcess.run(["tag", "--model", model, "--input", "conll"], text: conll)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("-DOCSTART- O O\n\n김 B-PS B-PS\n철 I-PS I-PS\n수 I-PS I-PS\n"
                                              + "는 O O\n\n서 B-LC "), result.stdout)
        XCTAssertEqual(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: " ").count }, [3, 0, 3, 3, 3, 3, 0, 3, 3, 0])
        let batched = try BiotagProcess.run(["tag", "--model", model, "--input", "conll", "--batch", "4"],
                                            text: conll)
        XCTAssertEqual(batched.stdout, result.stdout)

        let klue = "## 1\t<김철수:PS>는 서울\n김\tB-PS\n철\tI-PS\n수\tI-PS\n는\tO\n \tO\n서\tB-LC\n울\tI-LC\n\n"
        let tagged = try BiotagProcess.run(["tag", "--model", model, "--input", "klue"], text: klue)
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
        let result = try BiotagProcess.run(["tag", "--model", model, "--input", "conll"], text: long)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 1800 + 3)
        XCTAssertTrue(lines.prefix(1800).allSatisfy { $0.split(separator: " ").count == 3 })
        XCTAssertEqual(lines[1801].split(separator: " ").count, 3)
    }

    // MARK: Errors

    func testUsageAndModelErrors() throws {
        let model = try Self.ner()
        let morph = try BiotagProcess.run(["tag", "--model", model, "--format", "morph"], text: "가\n")
        XCTAssertEqual(morph.status, 1)
        XCTAssertTrue(morph.stderr.contains("needs a morpheme model"), morph.stderr)
        let bogus = try BiotagProcess.run(["tag", "--model", model, "--format", "xml"], text: "가\n")
        XCTAssertEqual(bogus.status, 1)
        let missing = try BiotagProcess.run(["tag", "--model", Self.folder + "/nothing.model"], text: "가\n")
        XCTAssertEqual(missing.status, 3)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        let unknownName = try BiotagProcess.run(["tag", "--model", "klingon"], text: "가\n")
        XCTAssertEqual(unknownName.status, 1)
        XCTAssertTrue(unknownName.stderr.contains("shipped model name (morph, morph-fast, ner)"), unknownName.stderr)
        let conllu = try BiotagProcess.run(["tag", "--model", model, "--input", "conllu"], text: "")
        XCTAssertEqual(conllu.status, 1, conllu.stderr)
    }

    /// A mistyped shipped name is a usage error listing the names and suggesting the nearest;
    /// `--input conllu` with an entity model says what the input needs, not what a --format the
    /// user never gave needs.
    func testMistypedModelNameAndConlluInputWithAnEntityModel() throws {
        let nerr = try BiotagProcess.run(["tag", "--model", "nerr"], text: "가\n")
        XCTAssertEqual(nerr.status, 1)
        XCTAssertEqual(nerr.stderr, "biotag tag: --model 'nerr' is neither a model file nor a shipped model name "
                       + "(morph, morph-fast, ner); did you mean 'ner'?\n")
        let morf = try BiotagProcess.run(["tag", "--model", "morf-fast"], text: "가\n")
        XCTAssertTrue(morf.stderr.hasSuffix("did you mean 'morph-fast'?\n"), morf.stderr)

        let conllu = try BiotagProcess.run(["tag", "--input", "conllu", "--model", try Self.ner(),
                                            Self.samples + "/morph-ko.conllu"])
        XCTAssertEqual(conllu.status, 1)
        XCTAssertFalse(conllu.stderr.contains("--format"), conllu.stderr)
        XCTAssertTrue(conllu.stderr.contains("--input conllu fills LEMMA and XPOS and needs a morpheme model"),
                      conllu.stderr)
    }

    /// `--scores` where it changes nothing says so once (not once per line); with bio it adds
    /// scores and says nothing.
    func testScoresWithoutEffectSaySoOnce() throws {
        let model = try Self.ner()
        let inline = try BiotagProcess.run(["tag", "--model", model, "--scores"], text: "가\n나\n다\n")
        XCTAssertEqual(inline.status, 0, inline.stderr)
        XCTAssertEqual(inline.stderr, "biotag tag: --scores has no effect with --format inline "
                       + "(only --format bio adds them; json always has them)\n")
        let bio = try BiotagProcess.run(["tag", "--model", model, "--scores", "--format", "bio"], text: "가\n")
        XCTAssertEqual(bio.stderr, "")
        XCTAssertTrue(bio.stdout.hasPrefix("가\t"), bio.stdout)
        XCTAssertEqual(bio.stdout.split(separator: "\n").first?.split(separator: "\t").count, 3, bio.stdout)
    }

    /// `biotag tag | head -1`: once the reader has gone the program ends quietly (exit 0, no
    /// message) instead of tagging on; a full disk is still an I/O error (exit 4).
    func testAClosedPipeEndsQuietlyAndAFullDiskDoesNot() throws {
        let lines = String(repeating: "아버지가 방에 들어가신다\n", count: 5000)
        let process = Process()
        process.executableURL = try BiotagProcess.executable()
        process.arguments = ["tag", "--model", try Self.ner()]
        let input = Pipe(), output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("epipe-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle = try FileHandle(forWritingTo: errors)
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errorHandle)
        try process.run()
        try errorHandle.close()
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: Data(lines.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        // Read the first line, as head -1 does, then close the pipe.
        var first = Data()
        while !first.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        try output.fileHandleForReading.close()
        process.waitUntilExit()
        XCTAssertTrue(String(decoding: first, as: UTF8.self).contains("아버지"))
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(BiotagProcess.contents(errors), Data(), "no message on a closed pipe")

        let full = try BiotagProcess.run(["tag", "--model", try Self.ner()], stdin: Data(lines.utf8),
                                         stdout: "/dev/full")
        XCTAssertEqual(full.status, 4)
        XCTAssertTrue(full.stderr.contains("cannot write the output"), full.stderr)
    }
}
