import Foundation
import XCTest

/// Runs `tools/rewrite-conllu` (Python 3, standard library only) on a small CoNLL-U sample and
/// checks each rewrite, then that `biotag tag --input conllu` keeps every rewritten file's words
/// aligned. Skips when python3 is not installed.
final class RewriteConlluTests: XCTestCase {
    static let tool = BiotagProcess.root.appendingPathComponent("tools/rewrite-conllu").path
    static let folder = NSTemporaryDirectory() + "/rewrite-conllu-\(getpid())"

    /// Three sentences: a separate final period, a final `!` inside the last word, none.
    static let sample = """
        # sent_id = a
        # text = 아버지가 방에 들어가신다.
        1\t아버지가\t아버지+가\tNOUN\tNNG+JKS\t_\t3\tnsubj\t_\t_
        2\t방에\t방+에\tNOUN\tNNG+JKB\t_\t3\tobl\t_\t_
        3\t들어가신다\t들어가+시+ㄴ다\tVERB\tVV+EP+EF\t_\t0\troot\t_\tSpaceAfter=No
        4\t.\t.\tPUNCT\tSF\t_\t3\tpunct\t_\t_

        # sent_id = b
        # text = 나는 갔다!
        1\t나는\t나+는\tPRON\tNP+JX\t_\t2\tnsubj\t_\t_
        2\t갔다!\t가+았+다+!\tVERB\tVV+EP+EF+SF\t_\t0\troot\t_\t_

        # sent_id = c
        # text = 좋아요
        1\t좋아요\t좋+아요\tADJ\tVA+EC\t_\t0\troot\t_\t_


        """

    struct Sentence {
        var comments: [String]
        var rows: [[String]]
    }

    static func sentences(_ text: String) -> [Sentence] {
        text.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n").map(String.init)
            if lines.isEmpty { return nil }
            return Sentence(comments: lines.filter { $0.hasPrefix("#") },
                            rows: lines.filter { !$0.hasPrefix("#") }
                                .map { $0.components(separatedBy: "\t") })
        }
    }

    func rewrite(_ arguments: [String], _ input: String = sample) throws -> BiotagProcess.Result {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env") else {
            throw XCTSkip("no /usr/bin/env")
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "pass"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        if probe.terminationStatus != 0 { throw XCTSkip("python3 is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (out, err, stdin)
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        final class Box: @unchecked Sendable { var data = Data() }
        let errData = Box()
        let errDone = DispatchSemaphore(value: 0)
        Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile(); errDone.signal() }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return BiotagProcess.Result(status: process.terminationStatus, signaled: false, stdoutData: outData,
                                    stderr: String(decoding: errData.data, as: UTF8.self))
    }

    func testNoFinalDropsTheFinalPunctuation() throws {
        let run = try rewrite(["nofinal"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = Self.sentences(run.stdout)
        XCTAssertEqual(out.count, 3)
        // A word that is only the period goes; the word before it loses SpaceAfter=No.
        XCTAssertEqual(out[0].comments, ["# sent_id = a-nofinal", "# text = 아버지가 방에 들어가신다"])
        XCTAssertEqual(out[0].rows.count, 3)
        XCTAssertEqual(out[0].rows[2],
                       ["3", "들어가신다", "들어가+시+ㄴ다", "VERB", "VV+EP+EF", "_", "0", "root", "_", "_"])
        // A final SF morpheme inside the last word leaves its FORM, LEMMA and XPOS.
        XCTAssertEqual(out[1].comments, ["# sent_id = b-nofinal", "# text = 나는 갔다"])
        XCTAssertEqual(out[1].rows[1],
                       ["2", "갔다", "가+았+다", "VERB", "VV+EP+EF", "_", "0", "root", "_", "_"])
        // A sentence without final punctuation stays as it is.
        XCTAssertEqual(out[2].comments, ["# sent_id = c", "# text = 좋아요"])
        XCTAssertEqual(out[2].rows.count, 1)
    }

    func testJoin3MergesThreeSentencesIntoOne() throws {
        let run = try rewrite(["join3"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = Self.sentences(run.stdout)
        XCTAssertEqual(out.count, 1)
        XCTAssertEqual(out[0].comments, ["# sent_id = a-join3",
                                         "# text = 아버지가 방에 들어가신다. 나는 갔다! 좋아요"])
        XCTAssertEqual(out[0].rows.map { $0[0] }, (1...7).map(String.init))
        XCTAssertEqual(out[0].rows.map { $0[1] },
                       ["아버지가", "방에", "들어가신다", ".", "나는", "갔다!", "좋아요"])
        // Heads shift with the IDs; later roots hang on the first root; a space between sentences.
        XCTAssertEqual(out[0].rows.map { $0[6] }, ["3", "3", "0", "3", "6", "3", "3"])
        XCTAssertEqual(out[0].rows[5][7], "parataxis")
        XCTAssertEqual(out[0].rows[3][9], "_")
        XCTAssertEqual(out[0].rows[2][9], "SpaceAfter=No")
    }

    func testNoSpaceGluesEveryWord() throws {
        let run = try rewrite(["nospace"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = Self.sentences(run.stdout)
        XCTAssertEqual(out.map { $0.comments[1] },
                       ["# text = 아버지가방에들어가신다.", "# text = 나는갔다!", "# text = 좋아요"])
        XCTAssertEqual(Set(out.flatMap { $0.rows.map { $0[9] } }), ["SpaceAfter=No"])
        XCTAssertEqual(out.flatMap { $0.rows.map { $0[4] } },
                       Self.sentences(Self.sample).flatMap { $0.rows.map { $0[4] } })
    }

    func testPresentPutsFinalPastVerbsIntoThePresent() throws {
        // One sentence per case: (form, LEMMA, XPOS) of the final word before and after.
        let cases: [(String, String, String, String?, String?, String?)] = [
            ("갔다!", "가+았+다+!", "VV+EP+EF+SF", "간다!", "가+ㄴ다+!", "VV+EF+SF"),
            ("살았다", "살+았+다", "VV+EP+EF", "산다", "살+ㄴ다", "VV+EF"),
            ("먹었다", "먹+었+다", "VV+EP+EF", "먹는다", "먹+는다", "VV+EF"),
            ("출근했다", "출근+하+았+다", "NNG+XSV+EP+EF", "출근한다", "출근+하+ㄴ다", "NNG+XSV+EF"),
            ("하였다", "하+였+다", "VV+EP+EF", "한다", "하+ㄴ다", "VV+EF"),
            ("들어가셨다", "들어가+시+었+다", "VV+EP+EP+EF", "들어가신다", "들어가+시+ㄴ다", "VV+EP+EF"),
            ("흘렀다", "흐르+었+다", "VV+EP+EF", nil, nil, nil),      // 르 stem: left alone
            ("도왔다", "돕+았+다", "VV+EP+EF", nil, nil, nil),        // ㅂ stem: left alone
            ("있었다", "있+었+다", "VV+EP+EF", nil, nil, nil),
            ("높았다", "높+았+다", "VA+EP+EF", nil, nil, nil),         // an adjective
        ]
        // A lone final period: the verb before it is rewritten.
        let period = "# sent_id = p\n# text = 그가 왔다.\n1\t그가\t그+가\tPRON\tNP+JKS\t_\t2\tnsubj\t_\t_\n"
            + "2\t왔다\t오+았+다\tVERB\tVV+EP+EF\t_\t0\troot\t_\tSpaceAfter=No\n"
            + "3\t.\t.\tPUNCT\tSF\t_\t2\tpunct\t_\t_\n\n"
        let out = try checkFinalWordRewrites("present", cases, then: period)
        guard out.count > cases.count else { return XCTFail("the lone-period sentence is missing") }
        XCTAssertEqual(out[cases.count].rows[1][1], "온다")
        XCTAssertEqual(out[cases.count].comments[1], "# text = 그가 온다.")
    }

    func testPolitePutsFinalPastEndingsInEverydaySpeechLevels() throws {
        // (text's last word, LEMMA, XPOS) before and after; the ending is taken by the sum of
        // the text's code points modulo 5 (0 어요, 1 습니다, 2 어, 3 네요, 4 the promissive
        // ㄹ게요 when the present mode applies, else the text's length modulo 4).
        let cases: [(String, String, String, String?, String?, String?)] = [
            ("갔다!", "가+았+다+!", "VV+EP+EF+SF", "갔습니다!", "가+았+습니다+!", "VV+EP+EF+SF"),
            ("출근했다", "출근+하+았+다", "NNG+XSV+EP+EF", "출근했습니다", "출근+하+았+습니다",
             "NNG+XSV+EP+EF"),
            ("높았다", "높+았+다", "VA+EP+EF", "높았어", "높+았+어", "VA+EP+EF"),   // turn 4, no promissive
            ("있었다", "있+었+다", "VV+EP+EF", "있었네요", "있+었+네요", "VV+EP+EF"),
            ("학생이었다", "학생+이+었+다", "NNG+VCP+EP+EF", "학생이었네요", "학생+이+었+네요",
             "NNG+VCP+EP+EF"),
            ("들어가셨다", "들어가+시+었+다", "VV+EP+EP+EF", "들어가셨어요", "들어가+시+었+어요",
             "VV+EP+EP+EF"),
            ("잤다", "자+았+다", "VV+EP+EF", "잘게요", "자+ㄹ게요", "VV+EF"),
            ("씻었다", "씻+었+다", "VV+EP+EF", "씻을게요", "씻+을게요", "VV+EF"),
            ("간다", "가+ㄴ다", "VV+EF", nil, nil, nil),                     // not past: left alone
        ]
        _ = try checkFinalWordRewrites("polite", cases)
    }

    func testProposePutsAPlainVerbStemBeforeEverydayEndings() throws {
        // (word, LEMMA, XPOS) before and after; the ending is taken by the sum of the text's code
        // points modulo 4 (0 자, 1 ㅂ시다, 2 ㄹ래, 3 니), hence a subject per case.
        let subjects = ["그가", "영희는", "동생이", "영희는", "동생이", "영희는", "동생이", "셋이", "그가",
                        "영희는", "그가", "그가"]
        let cases: [(String, String, String, String?, String?, String?)] = [
            ("갔다", "가+았+다", "VV+EP+EF", "가자", "가+자", "VV+EF"),
            ("갔다", "가+았+다", "VV+EP+EF", "갑시다", "가+ㅂ시다", "VV+EF"),
            ("갔다", "가+았+다", "VV+EP+EF", "갈래", "가+ㄹ래", "VV+EF"),
            ("먹었다", "먹+었+다", "VV+EP+EF", "먹을래", "먹+을래", "VV+EF"),
            ("먹었다", "먹+었+다", "VV+EP+EF", "먹니", "먹+니", "VV+EF"),
            ("살았다", "살+았+다", "VV+EP+EF", "삽시다", "살+ㅂ시다", "VV+EF"),
            ("살았다", "살+았+다", "VV+EP+EF", "살래", "살+ㄹ래", "VV+EF"),
            ("살았다", "살+았+다", "VV+EP+EF", "사니", "살+니", "VV+EF"),      // ㄹ drops before 니
            ("찾았다", "찾+았+다", "VV+EP+EF", "찾을래", "찾+을래", "VV+EF"),
            ("출근했다", "출근+하+았+다", "NNG+XSV+EP+EF", "출근합시다", "출근+하+ㅂ시다", "NNG+XSV+EF"),
            ("들어가셨다", "들어가+시+었+다", "VV+EP+EP+EF", nil, nil, nil),  // the honorific: left alone
            ("높았다", "높+았+다", "VA+EP+EF", nil, nil, nil),                // an adjective
        ]
        _ = try checkFinalWordRewrites("propose", cases, subjects: subjects)
    }

    /// Runs `mode` on one sentence `SUBJECT WORD` per case (WORD, LEMMA, XPOS; then the word
    /// after, or nil when it stays; SUBJECT from `subjects`, else 그가) followed by `then`, and
    /// checks each case's word, its '# sent_id' (with `-mode` when rewritten) and '# text'.
    /// Returns the sentences written.
    func checkFinalWordRewrites(_ mode: String, _ cases: [(String, String, String, String?, String?, String?)],
                                subjects: [String] = [], then: String = "") throws -> [Sentence] {
        var input = ""
        for (k, c) in cases.enumerated() {
            let subject = k < subjects.count ? subjects[k] : "그가"
            input += "# sent_id = s\(k)\n# text = \(subject) \(c.0)\n"
            input += "1\t\(subject)\t\(subject)\tPRON\tNP\t_\t2\tnsubj\t_\t_\n"
            input += "2\t\(c.0)\t\(c.1)\tVERB\t\(c.2)\t_\t0\troot\t_\t_\n\n"
        }
        let run = try rewrite([mode], input + then)
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = Self.sentences(run.stdout)
        XCTAssertEqual(out.count, cases.count + Self.sentences(then).count)
        for (k, c) in cases.enumerated() where k < out.count {
            let row = out[k].rows[1]
            if let form = c.3 {
                XCTAssertEqual([row[1], row[2], row[4]], [form, c.4 ?? "", c.5 ?? ""], c.0)
                let subject = k < subjects.count ? subjects[k] : "그가"
                XCTAssertEqual(out[k].comments, ["# sent_id = s\(k)-\(mode)", "# text = \(subject) \(form)"])
            } else {
                XCTAssertEqual([row[1], row[2], row[4]], [c.0, c.1, c.2], c.0)
                XCTAssertEqual(out[k].comments[0], "# sent_id = s\(k)")
            }
        }
        return out
    }

    func testPronounPutsTheThirdPersonInTheGivenPerson() throws {
        let input = """
            # sent_id = s
            # text = 그는 그녀가 그의 집에 그들과 갔다고 말했다.
            1\t그는\t그+는\tPRON\tNP+JX\t_\t7\tnsubj\t_\t_
            2\t그녀가\t그녀+가\tPRON\tNP+JKS\t_\t6\tnsubj\t_\t_
            3\t그의\t그+의\tPRON\tNP+JKG\t_\t4\tnmod\t_\t_
            4\t집에\t집+에\tNOUN\tNNG+JKB\t_\t6\tobl\t_\t_
            5\t그들과\t그+들+과\tPRON\tNP+XSN+JKB\t_\t6\tobl\t_\t_
            6\t갔다고\t가+았+다고\tVERB\tVV+EP+EC\t_\t7\tccomp\t_\t_
            7\t말했다\t말+하+았+다\tVERB\tNNG+XSV+EP+EF\t_\t0\troot\t_\tSpaceAfter=No
            8\t.\t.\tPUNCT\tSF\t_\t7\tpunct\t_\t_

            # sent_id = t
            # text = 그 집
            1\t그\t그\tDET\tMM\t_\t2\tdet\t_\t_
            2\t집\t집\tNOUN\tNNG\t_\t0\troot\t_\t_


            """
        let expected = [
            "나": ["나는 나+는", "내가 내+가", "나의 나+의"], "너": ["너는 너+는", "네가 네+가", "너의 너+의"],
            "저": ["저는 저+는", "제가 제+가", "저의 저+의"],
        ]
        for (person, words) in expected {
            let run = try rewrite(["pronoun", "--pronoun", person, "--only"], input)
            XCTAssertEqual(run.status, 0, run.stderr)
            let out = Self.sentences(run.stdout)
            // The determiner 그 (MM) is not a pronoun: sentence t has no copy.
            XCTAssertEqual(out.count, 1, person)
            guard let rows = out.first?.rows, rows.count == 8 else { continue }
            XCTAssertEqual(rows[0..<3].map { $0[1] + " " + $0[2] }, words)
            XCTAssertEqual(rows[0..<3].map { $0[4] }, ["NP+JX", "NP+JKS", "NP+JKG"])
            XCTAssertEqual(rows[4][1], "그들과", "그들 (XSN) stays")
            let first = words.map { String($0.split(separator: " ")[0]) }
            XCTAssertEqual(out.first?.comments, [
                "# sent_id = s-pronoun",
                "# text = \(first[0]) \(first[1]) \(first[2]) 집에 그들과 갔다고 말했다.",
            ])
        }
        XCTAssertEqual(try rewrite(["pronoun", "--pronoun", "그"], input).status, 1)
    }

    func testAddOnlyAndEverySelectCopies() throws {
        // Only a and b end in SF: --only writes their copies and nothing else.
        let only = try rewrite(["nofinal", "--only"])
        XCTAssertEqual(Self.sentences(only.stdout).map { $0.comments[0] },
                       ["# sent_id = a-nofinal", "# sent_id = b-nofinal"])
        let add = try rewrite(["nospace", "--every", "2", "--add"])
        XCTAssertEqual(Self.sentences(add.stdout).map { $0.comments[0] },
                       ["# sent_id = a", "# sent_id = b", "# sent_id = b-nospace", "# sent_id = c"])
        let combined = try rewrite(["nofinal,join3,nospace", "--every", "1"])
        XCTAssertEqual(Self.sentences(combined.stdout).map { $0.comments[0] },
                       ["# sent_id = a-nofinal-join3-nospace"])
        XCTAssertEqual(Self.sentences(combined.stdout).first?.comments[1],
                       "# text = 아버지가방에들어가신다나는갔다좋아요")
    }

    func testBadInputIsAOneLineErrorNamingTheLine() throws {
        let run = try rewrite(["nospace"], "# text = x\n1\tx\tx\n")
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, "rewrite-conllu: <stdin>:2: expected 10 tab-separated fields, got 3\n")
        XCTAssertEqual(try rewrite(["nowhere"]).status, 1)
        XCTAssertEqual(try rewrite(["join3", "--every", "2", "--offset", "2"]).status, 1)
    }

    /// Each rewrite tags with `biotag tag --input conllu` word for word (IDs and FORMs kept).
    func testTaggingKeepsEveryRewriteAligned() throws {
        try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: Self.folder) }
        for mode in ["nofinal", "join3", "nospace", "nofinal,join3,nospace"] {
            let run = try rewrite([mode])
            XCTAssertEqual(run.status, 0, run.stderr)
            // LEMMA and XPOS blanked, so that only the tagger can fill them in.
            let blank = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                var fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                if fields.count == 10 { (fields[2], fields[4]) = ("_", "_") }
                return fields.joined(separator: "\t")
            }.joined(separator: "\n")
            let path = Self.folder + "/\(mode).conllu"
            try blank.write(toFile: path, atomically: true, encoding: .utf8)
            let tagged = try BiotagProcess.run(["tag", "--model", "morph", "--input", "conllu", path])
            XCTAssertEqual(tagged.status, 0, tagged.stderr)
            let gold = Self.sentences(run.stdout).flatMap(\.rows)
            let predicted = Self.sentences(tagged.stdout).flatMap(\.rows)
            XCTAssertEqual(predicted.map { $0[0] + " " + $0[1] }, gold.map { $0[0] + " " + $0[1] },
                           mode)
            XCTAssertTrue(predicted.allSatisfy { $0[4] != "_" && $0[2] != "_" }, mode)
        }
    }
}

/// Standard error read on another thread, handed back to the test.
private final class Box: @unchecked Sendable {
    var data = Data()
}
