import Foundation
import XCTest

/// A catalogue of bad inputs run through the built `biotag` binary, one subprocess per case.
///
/// Every failure must be exactly one line on standard error, `biotag SUBCOMMAND: FILE:LINE: ...`
/// (line where it helps), with the documented exit code (1 usage, 2 input data, 3 model file,
/// 4 I/O), and never a signal, a Swift runtime trap or a stack trace. Inputs that are odd but
/// valid (BOM, CRLF, empty files) must succeed.
///
/// Inputs that crashed a fuzzer live in `BadInputs/HARNESS/` and are replayed by
/// `testFuzzerFindingsNeverCrash` through the subcommand that reads that kind of file.
final class BadInputTests: XCTestCase {

    // MARK: - The catalogue: evaluation data (`biotag eval`)

    func testEvalWrongColumnCountNamesFileAndLine() throws {
        let run = try biotag(["eval", "cols.txt"], files: ["cols.txt": "a B-X B-X\nb I-X\n"])
        assertError(run, exit: 2, command: "eval", location: "cols.txt:2")
    }

    func testEvalLabelColumnsMissing() throws {
        let run = try biotag(["eval", "one.txt"], files: ["one.txt": "a B-X B-X\n\nPeter\n"])
        assertError(run, exit: 2, command: "eval", location: "one.txt:3")
    }

    func testEvalStrayTabsAreOneFieldAsInConlleval() throws {
        // conlleval splits on single spaces by default, so a tab-separated line is one field.
        let run = try biotag(["eval", "tabs.txt"], files: ["tabs.txt": "a\tB-X\t\tB-X\n"])
        assertError(run, exit: 2, command: "eval", location: "tabs.txt:1")
    }

    func testEvalAcceptsInvalidTagSequencesLikeConlleval() throws {
        let files = ["seq.txt": "a O I-X\nb E-X B-\nc - Q-PER\nd B-X-Y I-X-Y\n"]
        let run = try biotag(["eval", "seq.txt"], files: files)
        assertSuccess(run)
        XCTAssertTrue(run.stdout.hasPrefix("processed 4 tokens"), run.stdout)
    }

    func testEvalStrictRejectsLabelsOutsideTheScheme() throws {
        let files = ["seq.txt": "a O O\nb E-X B-X\n"]
        let run = try biotag(["eval", "--strict", "--scheme", "bio", "seq.txt"], files: files)
        assertError(run, exit: 2, command: "eval", location: "seq.txt:2")
        XCTAssertTrue(run.stderr.contains("E-X"), run.stderr)
    }

    func testEvalMisalignedGoldAndPredictionNameBothFiles() throws {
        let files = ["gold.txt": "a B-X\nb O\n", "pred.txt": "a B-X\nc O\n"]
        let run = try biotag(["eval", "--gold", "gold.txt", "--pred", "pred.txt"], files: files)
        assertError(run, exit: 2, command: "eval", location: "gold.txt:2")
        XCTAssertTrue(run.stderr.contains("pred.txt:2"), run.stderr)
    }

    func testEvalIgnoresBOMAndCRLF() throws {
        let plain = "a B-X B-X\nb I-X I-X\n\nc O B-Y\n"
        let bom = "\u{FEFF}" + plain.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = try biotag(["eval", "plain.txt"], files: ["plain.txt": plain])
        let run = try biotag(["eval", "bom.txt"], files: ["bom.txt": bom])
        assertSuccess(expected)
        assertSuccess(run)
        let counts = "processed 3 tokens with 1 phrases; found: 2 phrases; correct: 1.\n"
        XCTAssertTrue(expected.stdout.hasPrefix(counts), expected.stdout)
        XCTAssertEqual(run.stdout, expected.stdout)
    }

    func testEvalTakesBytesAsConllevalDoes() throws {
        // conlleval is byte-oriented: invalid UTF-8 and NUL bytes in tokens are just tokens.
        var bytes = Array("a B-X B-X\n".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x20] + Array("I-X I-X\n".utf8)
        let run = try biotag(["eval", "bytes.txt"], files: ["bytes.txt": Data(bytes)])
        assertSuccess(run)
        let expected = "processed 2 tokens with 1 phrases; found: 1 phrases; correct: 1."
        XCTAssertTrue(run.stdout.hasPrefix(expected), run.stdout)
    }

    func testEvalEmptyFileReportsNothingProcessed() throws {
        let run = try biotag(["eval", "empty.txt"], files: ["empty.txt": ""])
        assertSuccess(run)
        XCTAssertEqual(run.stdout, "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n")
    }

    func testEvalLargeSingleLine() throws {
        let line = String(repeating: "x", count: 5_000_000) + " B-X B-X\n"
        let run = try biotag(["eval", "big.txt"], files: ["big.txt": line])
        assertSuccess(run)
        XCTAssertTrue(run.stdout.hasPrefix("processed 1 tokens with 1 phrases"), run.stdout)
    }

    func testEvalFilesThatAreNotFiles() throws {
        try assertNotAFile(["eval"], command: "eval")
    }

    func testEvalOutputThatCannotBeWritten() throws {
        let run = try biotag(["eval", "ok.txt"], files: ["ok.txt": "a B-X B-X\n"], stdout: "/dev/full")
        assertError(run, exit: 4, command: "eval", location: "<stdout>")
    }

    func testEvalUsageErrors() throws {
        assertError(try biotag(["eval", "--format", "xml"]), exit: 1, command: "eval", location: nil)
        assertError(try biotag(["eval", "--gold", "x"]), exit: 1, command: "eval", location: nil)
        assertError(try biotag(["eval", "--no-such-option"]), exit: 1, command: "eval", location: nil)
    }

    // MARK: - Conversion (`biotag convert`)

    func testConvertMalformedLinesOfEveryInputFormat() throws {
        let cases: [(from: String, to: String, text: String, location: String)] = [
            ("conllu", "bio", "# text = x\n1\tx\tx\tX\tX\t_\t0\troot\t_\n", "in.txt:2"),
            ("conllu", "bio", "1\tx\tx\tX\tX\t_\t0\troot\t_\t_\nzz\tx\tx\tX\tX\t_\t0\troot\t_\t_\n",
             "in.txt:2"),
            // A space inside a morpheme could not be written back (found by fuzzing).
            ("conllu", "bio", "1\t했다\t하 +었+다\tVERB\tXSV+EP+EF\t_\t0\troot\t_\t_\n", "in.txt:1:3"),
            ("sejong", "bio", "아버지가\t아버지/NNG + 가/JKS\n방에\n", "in.txt:2"),
            ("sejong", "bio", "방에가\t방/NNG + 에 + 가/JKS\n", "in.txt:1"),
            // `# = x` crashed the Sejong reader (found by fuzzing); the bad analysis after it must be named.
            ("sejong", "bio", "# = x\n방에\t방/NNG + 에/\n", "in.txt:2"),
            ("sejong", "bio", "아버지가\t아버지/NNG + 가/\n", "in.txt:1"),
            ("sejong", "bio", "\t아버지/NNG\n", "in.txt:1"),
            ("klue", "bio", "## 1\n경\tB-OG\n찰\n", "in.txt:3"),
            ("bio", "conllu", "아\tB-NNG\n버\n", "in.txt:2"),
            ("bio", "conllu", "# glued = x\n아\tB-NNG\n", "in.txt:1"),
        ]
        for item in cases {
            let run = try biotag(["convert", "--from", item.from, "--to", item.to, "in.txt"],
                                 files: ["in.txt": item.text])
            assertError(run, exit: 2, command: "convert", location: item.location,
                        context: "--from \(item.from): \(item.text.debugDescription)")
        }
    }

    func testConvertInvalidUTF8AndNULBytes() throws {
        for from in ["conllu", "sejong", "klue", "inline", "bio"] {
            var bytes = Array("## 1\n".utf8)
            bytes += [0x61, 0xC3, 0x28, 0x09, 0x61, 0x0A]
            let run = try biotag(["convert", "--from", from, "--to", "bio", "bad.txt"],
                                 files: ["bad.txt": Data(bytes)])
            assertError(run, exit: 2, command: "convert", location: "bad.txt:2:2", context: from)
        }
        // A NUL is a character like any other: it must not end the line or crash.
        let nul = Data(Array("<경찰:OG>은".utf8) + [0x00] + Array(" 또\n".utf8))
        let run = try biotag(["convert", "--from", "inline", "--to", "inline", "nul.txt"],
                             files: ["nul.txt": nul])
        assertSuccess(run)
        XCTAssertEqual(run.stdoutData, nul)
    }

    func testConvertIgnoresBOMAndCRLF() throws {
        let plain = "## 1\n경\tB-OG\n찰\tI-OG\n \tO\n또\tO\n"
        let bom = "\u{FEFF}" + plain.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = try biotag(["convert", "--from", "klue", "--to", "inline", "a.tsv"],
                                  files: ["a.tsv": plain])
        let run = try biotag(["convert", "--from", "klue", "--to", "inline", "b.tsv"], files: ["b.tsv": bom])
        assertSuccess(expected)
        assertSuccess(run)
        XCTAssertEqual(run.stdout, "<경찰:OG> 또\n")
        XCTAssertEqual(run.stdout, expected.stdout)
    }

    func testConvertEmptyFilesGiveEmptyOutput() throws {
        for from in ["conllu", "sejong", "klue", "inline", "bio"] {
            let to = from == "bio" ? "conllu" : "bio"
            let run = try biotag(["convert", "--from", from, "--to", to, "empty.txt"], files: ["empty.txt": ""])
            assertSuccess(run)
            XCTAssertEqual(run.stdoutData.count, 0, from)
        }
    }

    func testConvertLargeSingleLines() throws {
        let klue = String(repeating: "가", count: 1_700_000) + "\n"     // 5 MB, no tab
        let run = try biotag(["convert", "--from", "klue", "--to", "bio", "big.tsv"], files: ["big.tsv": klue])
        assertError(run, exit: 2, command: "convert", location: "big.tsv:1")
        let inline = Array(repeating: "<경찰:OG>은", count: 20_000).joined(separator: " ") + "\n"
        let converted = try biotag(["convert", "--from", "inline", "--to", "inline", "big.txt"],
                                   files: ["big.txt": inline])
        assertSuccess(converted)
        XCTAssertEqual(converted.stdout, inline)
    }

    func testConvertFilesThatAreNotFiles() throws {
        try assertNotAFile(["convert", "--from", "conllu", "--to", "bio"], command: "convert")
    }

    func testConvertOutputThatCannotBeWritten() throws {
        let files = ["in.txt": "<경찰:OG>은 또\n"]
        let run = try biotag(["convert", "--from", "inline", "--to", "bio", "in.txt"], files: files,
                             stdout: "/dev/full")
        assertError(run, exit: 4, command: "convert", location: "<stdout>")
        let conllu = "1\t가\t가\tX\tVV\t_\t0\troot\t_\t_\n"
        let dictionary = try biotag(["convert", "--from", "conllu", "--to", "bio", "--dictionary",
                                     "in.conllu/d",
                                     "in.conllu"], files: ["in.conllu": conllu])
        assertError(dictionary, exit: 4, command: "convert", location: "in.conllu/d")
    }

    func testConvertMalformedDictionary() throws {
        let files = ["d.txt": "# dictionary\n했\tXSV+EP\t<w>\t0\t하/XSV + 였/EP\tmany\n",
                     "in.bio": "했\tB-XSV+EP\n"]
        let run = try biotag(["convert", "--from", "bio", "--to", "conllu", "--dictionary", "d.txt", "in.bio"],
                             files: files)
        assertError(run, exit: 2, command: "convert", location: "d.txt:2:6")
        let missing = try biotag(["convert", "--from", "bio", "--to", "conllu", "--dictionary", "none.txt",
                                  "in.bio"], files: files)
        assertError(missing, exit: 4, command: "convert", location: "none.txt")
    }

    /// Found by fuzzing: a dictionary entry for the syllable `#` (hashtags) was read as a comment.
    func testConvertDictionaryEntryForTheSyllableHash() throws {
        let files = ["d.txt": "# biotag restoration dictionary 2\n#\tSW+NNG\t<w>\t0\t#/SW + 태그/NNG\t1\n",
                     "in.bio": "#\tB-SW+NNG\n"]
        let run = try biotag(["convert", "--from", "bio", "--to", "sejong", "--dictionary", "d.txt", "in.bio"],
                             files: files)
        assertSuccess(run)
        XCTAssertTrue(run.stdout.contains("#\t#/SW + 태그/NNG\n"), run.stdout)
    }

    func testConvertUsageErrors() throws {
        assertError(try biotag(["convert", "--to", "bio"]), exit: 1, command: "convert", location: nil)
        assertError(try biotag(["convert", "--from", "xml", "--to", "bio"]), exit: 1, command: "convert",
                    location: nil)
        assertError(try biotag(["convert", "--from", "klue", "--to", "conllu"]), exit: 1, command: "convert",
                    location: nil)
    }

    // MARK: - Training data (`biotag train`)

    func testTrainMalformedData() throws {
        let good = "Peter B-PER\nvisited O\n\nEU B-ORG\n"
        let cases: [(name: String, text: String, location: String)] = [
            ("nolabel.conll", "Peter B-PER\nvisited\n", "nolabel.conll:2"),
            ("empty.conll", "", "empty.conll"),
            ("blank.conll", "\n\n  \n", "blank.conll"),
        ]
        for item in cases {
            let run = try biotag(train(item.name, dev: "dev.conll"),
                                 files: [item.name: item.text, "dev.conll": good])
            assertError(run, exit: 2, command: "train", location: item.location, context: item.name)
            let asDev = try biotag(train("train.conll", dev: item.name),
                                   files: [item.name: item.text, "train.conll": good])
            assertError(asDev, exit: 2, command: "train", location: item.location, context: "dev " + item.name)
        }
    }

    func testTrainInvalidUTF8NamesLineAndColumn() throws {
        let bytes = Data(Array("Peter B-PER\nvis".utf8) + [0xE2, 0x28, 0xA1] + Array(" O\n".utf8))
        let run = try biotag(train("bad.conll", dev: "bad.conll"), files: ["bad.conll": bytes])
        assertError(run, exit: 2, command: "train", location: "bad.conll:2:4")
    }

    func testTrainDevLabelUnknownToTheModelIsOnlyANote() throws {
        let files = ["train.conll": "Peter B-PER\nvisited O\n", "dev.conll": "EU B-ORG\nrejects O\n"]
        let run = try biotag(train("train.conll", dev: "dev.conll").filter { $0 != "--quiet" }, files: files)
        assertSuccess(run)
        XCTAssertTrue(run.stderr.contains("\n1 dev tokens carry 1 labels never seen in training (B-ORG x1); "
                                          + "they count as errors\n"), run.stderr)
    }

    func testResumeWithLabelsTheModelDoesNotKnow() throws {
        let trained = try TrainedModel.shared()
        var files = trained.dataFiles
        files["m.checkpoint"] = trained.checkpoint
        // The same file name (another file name is refused first), other labels.
        files["train.conll"] = Data("EU B-ORG\nrejects O\n\nthe O\nEU B-MISC\n".utf8)
        let run = try biotag(train("train.conll", dev: "train.conll") + ["--resume", "m.checkpoint"],
                             files: files)
        assertError(run, exit: 2, command: "train", location: "train.conll:5")
        XCTAssertTrue(run.stderr.contains("B-MISC"), run.stderr)
    }

    func testEvalModelWithLabelsTheModelDoesNotKnowCountsThemAsMisses() throws {
        let trained = try TrainedModel.shared()
        let files: [String: Any] = ["m": trained.model, "other.conll": "EU B-MISC\nrejects O\n"]
        let run = try biotag(["eval", "--model", "m", "other.conll"], files: files)
        assertSuccess(run)
        XCTAssertTrue(run.stdout.contains("MISC: precision:   0.00%; recall:   0.00%"), run.stdout)
    }

    func testEvalModelMalformedData() throws {
        let trained = try TrainedModel.shared()
        let files: [String: Any] = ["m": trained.model, "nolabel.conll": "EU B-ORG\nrejects\n",
                                    "empty.conll": "", "folder/x": ""]
        let nolabel = try biotag(["eval", "--model", "m", "nolabel.conll"], files: files)
        assertError(nolabel, exit: 2, command: "eval", location: "nolabel.conll:2")
        assertError(try biotag(["eval", "--model", "m", "empty.conll"], files: files), exit: 2, command: "eval",
                    location: "empty.conll")
        assertError(try biotag(["eval", "--model", "m", "folder"], files: files), exit: 4, command: "eval",
                    location: "folder")
        assertError(try biotag(["eval", "--model", "m", "none"], files: files), exit: 4, command: "eval",
                    location: "none")
        assertError(try biotag(["eval", "--model", "m", "nolabel.conll"], files: files, stdout: "/dev/full"),
                    exit: 2, command: "eval", location: "nolabel.conll:2")
    }

    func testTrainFilesThatAreNotFiles() throws {
        let good = "Peter B-PER\nvisited O\n"
        let missing = try biotag(train("none.conll", dev: "dev.conll"), files: ["dev.conll": good])
        assertError(missing, exit: 4, command: "train", location: "none.conll")
        let directory = try biotag(train("folder", dev: "dev.conll"),
                                   files: ["dev.conll": good, "folder/x": ""])
        assertError(directory, exit: 4, command: "train", location: "folder")
    }

    func testTrainModelThatCannotBeWritten() throws {
        let good = "Peter B-PER\nvisited O\n"
        let run = try biotag(train("t.conll", dev: "t.conll", out: "t.conll/model"), files: ["t.conll": good])
        assertError(run, exit: 4, command: "train", location: "t.conll/model")
        let folder = try biotag(train("t.conll", dev: "t.conll", out: "folder"),
                                files: ["t.conll": good, "folder/x": ""])
        assertError(folder, exit: 4, command: "train", location: "folder")
    }

    func testTrainBadWordVectors() throws {
        let good = "Peter B-PER\nvisited O\n"
        let cases: [(text: String, exit: Int32, location: String)] = [
            ("the 0.1 0.2\nPeter 0.3\n", 2, "v.txt:2"),
            ("the 0.1 zero\n", 2, "v.txt:1:3"),
            ("the 0.1 nan\n", 2, "v.txt:1:3"),
            ("", 2, "v.txt"),
            ("2 3\n", 2, "v.txt"),
            ("the 0.1 0.2\n", 2, "v.txt"),       // two values per word, but --emb 4
        ]
        for item in cases {
            let run = try biotag(train("t.conll", dev: "t.conll") + ["--vectors", "v.txt"],
                                 files: ["t.conll": good, "v.txt": item.text])
            assertError(run, exit: item.exit, command: "train", location: item.location,
                        context: item.text.debugDescription)
        }
        let missing = try biotag(train("t.conll", dev: "t.conll") + ["--vectors", "none.txt"],
                                 files: ["t.conll": good])
        assertError(missing, exit: 4, command: "train", location: "none.txt")
    }

    func testTrainUsageErrors() throws {
        for arguments in [["train"], ["train", "--train", "a"], ["train", "--train", "a", "--dev", "b"],
                          ["train", "--train", "a", "--dev", "b", "--out", "m", "--epochs", "zero"],
                          ["train", "--train", "a", "--dev", "b", "--out", "m", "--layers", "99"],
                          ["train", "--train", "a", "--dev", "b", "--out", "m", "--unit", "byte"],
                          ["train", "--bogus"], ["no-such-subcommand"], []] {
            let good = "Peter B-PER\nvisited O\n"
            let run = try biotag(arguments, files: ["a": good, "b": good])
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.stderr)")
            XCTAssertFalse(run.signaled)
            XCTAssertFalse(run.stderr.isEmpty, "\(arguments)")
        }
    }

    // MARK: - Tagging (`biotag tag`)

    func testTagKeepsGoingPastInvalidUTF8WithOneWarning() throws {
        let trained = try TrainedModel.shared()
        let text = Data(Array("Peter visited\n".utf8) + [0xFF, 0xFE] + Array(" Paris\n\nEU\n".utf8))
        let run = try biotag(["tag", "--model", "m", "u.txt"], files: ["m": trained.model, "u.txt": text])
        assertSuccess(run)
        assertOneLine(run, command: "tag", location: "u.txt:2")
        XCTAssertEqual(run.stdout.split(separator: "\n", omittingEmptySubsequences: false).count, 5,
                       "one output line per input line: \(run.stdout.debugDescription)")
    }

    /// A byte-order mark is skipped; each output line ends as its input line did (CRLF, LF, or no
    /// newline at the end), so inline output without its marks is the input text again.
    func testTagSkipsBOMAndKeepsLineEndingsAndEmptyLines() throws {
        let trained = try TrainedModel.shared()
        let plain = "Peter visited Paris\n\nEU rejects\n"
        let crlf = "\u{FEFF}" + plain.replacingOccurrences(of: "\n", with: "\r\n")
        let mixed = "Peter visited Paris\r\n\nEU rejects"
        let files: [String: Any] = ["m": trained.model, "plain.txt": plain, "crlf.txt": crlf, "empty.txt": "",
                                    "mixed.txt": mixed]
        let expected = try biotag(["tag", "--model", "m", "--format", "bio", "plain.txt"], files: files)
        let run = try biotag(["tag", "--model", "m", "--format", "bio", "crlf.txt"], files: files)
        assertSuccess(expected)
        assertSuccess(run)
        XCTAssertEqual(run.stdout, expected.stdout.replacingOccurrences(of: "\n", with: "\r\n"))
        let inline = try biotag(["tag", "--model", "m", "--format", "inline", "mixed.txt"], files: files)
        assertSuccess(inline)
        XCTAssertTrue(inline.stdout.contains("<"), inline.stdout)
        let unmarked = inline.stdout
            .replacingOccurrences(of: ":[A-Z]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<", with: "")
        XCTAssertEqual(Array(unmarked.utf8), Array(mixed.utf8))
        let empty = try biotag(["tag", "--model", "m", "empty.txt"], files: files)
        assertSuccess(empty)
        XCTAssertEqual(empty.stdoutData.count, 0)
    }

    func testTagLongLine() throws {
        let trained = try TrainedModel.shared()
        // Debug builds tag slowly; tools/memory-check tags 100 MB lines in release.
        let line = Array(repeating: "Peter visited Paris", count: 40).joined(separator: " ") + "\n"
        let run = try biotag(["tag", "--model", "m", "--format", "inline", "long.txt"],
                             files: ["m": trained.model, "long.txt": line])
        assertSuccess(run)
        XCTAssertEqual(run.stdout.filter { $0 == "\n" }.count, 1)
    }

    func testTagFilesThatAreNotFilesAndOutputThatCannotBeWritten() throws {
        let trained = try TrainedModel.shared()
        let files: [String: Any] = ["m": trained.model, "ok.txt": "Peter visited Paris\n", "folder/x": ""]
        let missing = try biotag(["tag", "--model", "m", "none.txt"], files: files)
        assertError(missing, exit: 4, command: "tag", location: "none.txt")
        assertError(try biotag(["tag", "--model", "m", "folder"], files: files), exit: 4, command: "tag",
                    location: "folder")
        for extra in [[], ["--batch", "8"], ["--input", "conll"]] {
            let full = try biotag(["tag", "--model", "m"] + extra + ["ok.txt"], files: files, stdout: "/dev/full")
            assertError(full, exit: 4, command: "tag", location: "<stdout>", context: "\(extra)")
        }
        assertError(try biotag(["tag", "--model", "none.model", "ok.txt"], files: files), exit: 3, command: "tag",
                    location: "none.model")
    }

    /// A malformed user dictionary entry stops before any input is read (a missing input file
    /// would be exit 4); entries in later files win ties.
    func testTagUserDictionaryErrorsNameFileAndLine() throws {
        let files: [String: Any] = ["ok.tsv": "# names\n한라산\tLC\n", "later.tsv": "한라산\tOG\n",
                                    "bad.tsv": "한라산\tLC\n\n현대자동차\tCOMPANY\n", "in.txt": "한라산\n"]
        let run = try biotag(["tag", "--model", "ner", "--user-dictionary", "ok.tsv", "--user-dictionary", "bad.tsv",
                              "missing.txt"], files: files)
        assertError(run, exit: 2, command: "tag", location: "bad.tsv:3")
        XCTAssertEqual(run.stdoutData.count, 0)
        let good = try biotag(["tag", "--model", "ner", "--user-dictionary", "ok.tsv", "--user-dictionary",
                               "later.tsv", "in.txt"], files: files)
        assertSuccess(good)
        XCTAssertEqual(good.stdout, "<한라산:OG>\n")
    }

    func testTagTokenFilesRefuseInvalidUTF8() throws {
        let trained = try TrainedModel.shared()
        let bytes = Data(Array("Peter\nvis".utf8) + [0xC3, 0x28] + Array("ited\n".utf8))
        let run = try biotag(["tag", "--model", "m", "--input", "conll", "t.conll"],
                             files: ["m": trained.model, "t.conll": bytes])
        assertError(run, exit: 2, command: "tag", location: "t.conll:2:4")
    }

    // MARK: - Model files and checkpoints

    /// Truncations, a flipped bit, a newer version, zero bytes and non-models, given to every
    /// subcommand that reads a model: each refused with exit code 3 and one line naming the file.
    func testDamagedModelsAreRefused() throws {
        let trained = try TrainedModel.shared()
        let consumers = try modelConsumers(trained)
        XCTAssertFalse(consumers.isEmpty)
        for consumer in consumers {
            let original = consumer.checkpoint ? trained.checkpoint : trained.model
            for (name, bytes) in Self.damaged(original) {
                var files = trained.dataFiles
                files["bad.model"] = bytes
                let run = try biotag(consumer.arguments("bad.model"), files: files, stdin: consumer.stdin)
                assertError(run, exit: 3, command: consumer.command, location: "bad.model",
                            context: "\(consumer.name), \(name)")
            }
        }
    }

    func testAModelIsNotACheckpointAndBack() throws {
        let trained = try TrainedModel.shared()
        var files = trained.dataFiles
        files["m"] = trained.model
        files["m.checkpoint"] = trained.checkpoint
        let resume = try biotag(train("train.conll", dev: "train.conll", out: "x") + ["--resume", "m"],
                                files: files)
        assertError(resume, exit: 3, command: "train", location: "m")
        XCTAssertTrue(resume.stderr.contains("checkpoint"), resume.stderr)
        for consumer in try modelConsumers(trained) where !consumer.checkpoint {
            let run = try biotag(consumer.arguments("m.checkpoint"), files: files, stdin: consumer.stdin)
            assertError(run, exit: 3, command: consumer.command, location: "m.checkpoint",
                        context: consumer.name)
        }
    }

    func testModelFilesThatAreNotFiles() throws {
        let trained = try TrainedModel.shared()
        for consumer in try modelConsumers(trained) {
            for path in ["none.model", "folder"] {
                var files = trained.dataFiles
                files["folder/x"] = Data()
                let run = try biotag(consumer.arguments(path), files: files, stdin: consumer.stdin)
                XCTAssertTrue(run.status == 3 || run.status == 4,
                              "\(consumer.name) \(path): \(run.status) \(run.stderr)")
                assertOneLine(run, command: consumer.command, location: path, context: consumer.name)
            }
        }
    }

    func testAnEntityModelAskedForMorphemes() throws {
        let trained = try TrainedModel.shared()
        let run = try biotag(["tag", "--model", "m", "--format", "morph"], files: ["m": trained.model],
                             stdin: Data("Peter visited\n".utf8))
        XCTAssertNotEqual(run.status, 0, run.stderr)
        assertOneLine(run, command: "tag", location: nil)
    }

    // MARK: - Fuzzer findings

    /// Every input a fuzzer crashed on, replayed through the subcommands that read its kind.
    func testFuzzerFindingsNeverCrash() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("BadInputs")
        let manager = FileManager.default
        var replayed = 0
        for harness in ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
            let inputs = folder.appendingPathComponent(harness)
            for input in ((try? manager.contentsOfDirectory(atPath: inputs.path)) ?? []).sorted() {
                let bytes = BiotagProcess.contents(inputs.appendingPathComponent(input))
                for arguments in Self.replay[harness] ?? [] {
                    var files = ["in": bytes, "ok.conll": Data("Peter B-PER\nvisited O\n".utf8)]
                    if arguments.contains("--dictionary") { files["in.bio"] = Data("했\tB-XSV+EP\n".utf8) }
                    let run = try biotag(arguments, files: files)
                    let context = "\(harness)/\(input) via \(arguments.joined(separator: " "))"
                    XCTAssertFalse(run.signaled, context)
                    XCTAssertTrue([0, 2, 3, 4].contains(run.status),
                                  "\(context): exit \(run.status) \(run.stderr)")
                    if run.status != 0 {
                        assertOneLine(run, command: arguments[0], location: nil, context: context)
                    }
                    replayed += 1
                }
            }
        }
        if replayed == 0 { throw XCTSkip("no fuzzer findings under \(folder.path)") }
    }

    /// The subcommands that read each harness's kind of input (`in` is the input file).
    static let replay: [String: [[String]]] = [
        "conll": [["eval", "in"], ["train", "--train", "in", "--dev", "in", "--out", "m", "--quiet",
                                   "--epochs", "1", "--emb", "2", "--hidden", "2", "--threads", "1"]],
        "eval": [["eval", "in"], ["eval", "--strict", "in"], ["eval", "-r", "in"]],
        "corpus": [["train", "--train", "in", "--dev", "in", "--out", "m", "--quiet",
                    "--epochs", "1", "--emb", "2", "--hidden", "2", "--threads", "1"]],
        "conllu": [["convert", "--from", "conllu", "--to", "bio", "in"],
                   ["convert", "--from", "conllu", "--to", "sejong", "in"]],
        "sejong": [["convert", "--from", "sejong", "--to", "bio", "in"],
                   ["convert", "--from", "sejong", "--to", "json", "in"]],
        "klue": [["convert", "--from", "klue", "--to", "bio", "in"],
                 ["convert", "--from", "klue", "--to", "inline", "in"]],
        "inline": [["convert", "--from", "inline", "--to", "bio", "in"],
                   ["convert", "--from", "inline", "--to", "json", "in"]],
        "bio": [["convert", "--from", "bio", "--to", "conllu", "in"],
                ["convert", "--from", "bio", "--to", "inline", "in"]],
        "dictionary": [["convert", "--from", "bio", "--to", "conllu", "--dictionary", "in", "in.bio"]],
        "vectors": [["train", "--train", "ok.conll", "--dev", "ok.conll", "--out", "m", "--quiet",
                     "--epochs", "1", "--hidden", "2", "--threads", "1", "--vectors", "in"]],
        "model": [["train", "--train", "ok.conll", "--dev", "ok.conll", "--out", "m", "--quiet",
                   "--resume", "in"],
                  ["tag", "--model", "in"], ["eval", "--model", "in", "ok.conll"]],
    ]

    // MARK: - Model fixtures

    /// A tiny entity model and its checkpoint, trained once per test run.
    final class TrainedModel: @unchecked Sendable {
        let model: Data
        let checkpoint: Data
        /// The training data, for subcommands that need a data file next to the model.
        let dataFiles: [String: Data] = [
            "train.conll": Data("Peter B-PER\nvisited O\nParis B-LOC\n\nEU B-ORG\nrejects O\n".utf8),
            "text.txt": Data("Peter visited Paris\n".utf8),
        ]

        private init(model: Data, checkpoint: Data) {
            self.model = model
            self.checkpoint = checkpoint
        }

        nonisolated(unsafe) private static var cached: TrainedModel?
        private static let lock = NSLock()

        static func shared() throws -> TrainedModel {
            lock.lock()
            defer { lock.unlock() }
            if let cached { return cached }
            let folder = try BadInputTests.scratchFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let placeholder = TrainedModel(model: Data(), checkpoint: Data())
            for (name, bytes) in placeholder.dataFiles {
                try bytes.write(to: folder.appendingPathComponent(name))
            }
            let run = try BiotagProcess.run(
                ["train", "--train", "train.conll", "--dev", "train.conll", "--out", "m", "--quiet",
                 "--epochs", "1", "--emb", "4", "--hidden", "3", "--threads", "1"], in: folder)
            guard run.status == 0 else {
                throw BiotagProcess.Failure(description: "could not train the fixture model: \(run.stderr)")
            }
            let trained = TrainedModel(
                model: try Data(contentsOf: folder.appendingPathComponent("m")),
                checkpoint: try Data(contentsOf: folder.appendingPathComponent("m.checkpoint")))
            cached = trained
            return trained
        }
    }

    /// A way to hand a model file to biotag.
    struct ModelConsumer {
        var name: String
        var command: String
        /// True when it reads a training checkpoint rather than a model.
        var checkpoint: Bool
        var arguments: (String) -> [String]
        var stdin: Data?
    }

    /// The subcommands that read model files: `train --resume` (checkpoints), `tag --model`,
    /// `eval --model`; each is first checked to succeed with the intact file.
    func modelConsumers(_ trained: TrainedModel) throws -> [ModelConsumer] {
        let consumers = [
            ModelConsumer(name: "train --resume", command: "train", checkpoint: true,
                          arguments: { self.train("train.conll", dev: "train.conll", out: "out")
                                           + ["--resume", $0] }),
            ModelConsumer(name: "tag --model", command: "tag", checkpoint: false,
                          arguments: { ["tag", "--model", $0] }, stdin: Data("Peter visited Paris\n".utf8)),
            ModelConsumer(name: "eval --model", command: "eval", checkpoint: false,
                          arguments: { ["eval", "--model", $0, "train.conll"] }),
        ]
        for consumer in consumers {
            var files = trained.dataFiles
            files["good"] = consumer.checkpoint ? trained.checkpoint : trained.model
            let probe = try biotag(consumer.arguments("good"), files: files, stdin: consumer.stdin)
            XCTAssertEqual(probe.status, 0, "\(consumer.name) with an intact model: \(probe.stderr)")
        }
        return consumers
    }

    /// Damaged copies of a model or checkpoint file, by description.
    static func damaged(_ original: Data) -> [(String, Data)] {
        let bytes = [UInt8](original)
        var result: [(String, Data)] = [("zero bytes", Data()), ("text file", Data("Peter B-PER\n".utf8))]
        for cut in [1, 7, 8, 11, 12, 19, 20, 27, 40, bytes.count / 3, bytes.count / 2, bytes.count - 9,
                    bytes.count - 8, bytes.count - 1] where cut > 0 && cut < bytes.count {
            result.append(("truncated to \(cut) bytes", Data(bytes[0..<cut])))
        }
        let positions = [0, 9, 14, 30, bytes.count / 2, bytes.count - 20, bytes.count - 2]
        for position in positions where position >= 0 && position < bytes.count {
            var flipped = bytes
            flipped[position] ^= 0x10
            result.append(("bit flipped at byte \(position)", Data(flipped)))
        }
        var newer = bytes
        newer[8] = 3   // format version (this build writes 2), little-endian u32 after the magic
        result.append(("newer format version", Data(newer)))
        result.append(("extra bytes at the end", Data(bytes + [0, 0, 0, 0])))
        return result
    }

    // MARK: - Running biotag

    typealias Run = BiotagProcess.Result

    /// Runs biotag with `arguments` in a fresh folder holding `files` (text or `Data`; a name
    /// with a slash creates the folder).
    func biotag(_ arguments: [String], files: [String: Any] = [:], stdin: Data? = nil,
                stdout: String? = nil) throws -> Run {
        let folder = try Self.scratchFolder()
        for (name, content) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            if let text = content as? String {
                try Data(text.utf8).write(to: url)
            } else if let data = content as? Data {
                try data.write(to: url)
            }
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        return try BiotagProcess.run(arguments, in: folder, stdin: stdin ?? Data(), stdout: stdout)
    }

    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("biotag-bad-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: - Assertions

    /// Exit code `exit`, no signal, and one line `biotag COMMAND: LOCATION...` on standard error.
    func assertError(_ run: Run, exit: Int32, command: String, location: String?, context: String = "",
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(run.signaled, "\(context): killed by a signal; stderr: \(run.stderr)",
                       file: file, line: line)
        XCTAssertEqual(run.status, exit, "\(context): stderr: \(run.stderr)", file: file, line: line)
        assertOneLine(run, command: command, location: location, context: context, file: file, line: line)
    }

    /// Exactly one line on standard error, starting `biotag COMMAND: LOCATION`, no trap text.
    func assertOneLine(_ run: Run, command: String, location: String?, context: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        let text = run.stderr
        XCTAssertTrue(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1,
                      "\(context): not exactly one line on stderr: \(text.debugDescription)",
                      file: file, line: line)
        var prefix = "biotag \(command): "
        if let location { prefix += location }
        XCTAssertTrue(text.hasPrefix(prefix),
                      "\(context): expected '\(prefix)...', got \(text.debugDescription)",
                      file: file, line: line)
        if let location, location.last?.isNumber == true {
            // `file:2` must not match `file:20`.
            let after = text.dropFirst(prefix.count).first
            XCTAssertTrue(after == ":" || after == " ", "\(context): \(text)", file: file, line: line)
        }
        let traps = ["Fatal error", "Stack dump", "Backtrace", "Current stack trace", "Swift runtime failure"]
        for marker in traps {
            XCTAssertFalse(text.contains(marker), "\(context): \(text)", file: file, line: line)
        }
    }

    func assertSuccess(_ run: Run, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(run.signaled, run.stderr, file: file, line: line)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    }

    /// A missing file (exit 4) and a folder given as a file (exit 4) as the last argument.
    func assertNotAFile(_ arguments: [String], command: String, file: StaticString = #filePath,
                        line: UInt = #line) throws {
        let missing = try biotag(arguments + ["none.txt"])
        assertError(missing, exit: 4, command: command, location: "none.txt", file: file, line: line)
        let folder = try biotag(arguments + ["folder"], files: ["folder/x": ""])
        assertError(folder, exit: 4, command: command, location: "folder", file: file, line: line)
    }

    /// `biotag train` with tiny sizes so that a case that gets as far as training ends quickly.
    func train(_ trainFile: String, dev: String, out: String = "model") -> [String] {
        ["train", "--train", trainFile, "--dev", dev, "--out", out, "--quiet", "--epochs", "1", "--emb", "4",
         "--hidden", "3", "--threads", "1"]
    }
}
