import Corpus
import Foundation
import XCTest
@testable import biotag
#if canImport(Glibc)
import Glibc
#endif

/// Golden-file tests of `biotag convert` on the samples under annotations/hangul: each output is
/// compared byte for byte with annotations/hangul/expected/.
final class ConvertCommandTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    private var samples: String { root + "/annotations/hangul/" }
    private var expected: String { root + "/annotations/hangul/expected/" }

    /// Runs `biotag convert arguments`, returning standard output and the statistics lines.
    private func convert(_ arguments: [String]) throws -> (output: String, report: String) {
        let path = NSTemporaryDirectory() + "convert-\(UUID().uuidString).out"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var report = ""
        do {
            let writer = OutputWriter(fileDescriptor: fd)
            defer { writer.flush(); close(fd) }
            try ConvertCommand.convert(arguments, output: writer, report: { report += $0 + "\n" })
        }
        return (try String(contentsOfFile: path, encoding: .utf8), report)
    }

    private func golden(_ name: String) throws -> String {
        try String(contentsOfFile: expected + name, encoding: .utf8)
    }

    func testAnalysesToBIOInEverySchemeAndLabelKind() throws {
        let dictionary = NSTemporaryDirectory() + "dictionary-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: dictionary) }
        XCTAssertEqual(try convert(["--from", "conllu", "--to", "bio", "--dictionary", dictionary,
                                    samples + "sample.conllu"]).output, try golden("sample.bio"))
        XCTAssertEqual(try String(contentsOfFile: dictionary, encoding: .utf8), try golden("sample.dictionary.txt"))
        XCTAssertEqual(try convert(["--from", "conllu", "--to", "bio", "--scheme", "iobes",
                                    samples + "sample.conllu"]).output, try golden("sample.iobes.bio"))
        XCTAssertEqual(try convert(["--from", "conllu", "--to", "bio", "--labels", "seg", "--scheme", "untyped",
                                    samples + "sample.conllu"]).output, try golden("sample.seg.bio"))
        XCTAssertEqual(try convert(["--from", "sejong", "--to", "bio", samples + "sample.sejong"]).output,
                       try golden("sample.sejong.bio"))
        XCTAssertEqual(try convert(["--from", "conllu", "--to", "json", samples + "sample.conllu"]).output,
                       try golden("sample.json"))
    }

    func testBIOBackToAnalysesWithTheDictionary() throws {
        let dictionary = expected + "sample.dictionary.txt"
        XCTAssertEqual(try convert(["--from", "bio", "--to", "conllu", "--dictionary", dictionary,
                                    expected + "sample.bio"]).output, try golden("sample.roundtrip.conllu"))
        XCTAssertEqual(try convert(["--from", "bio", "--to", "sejong", "--dictionary", dictionary,
                                    expected + "sample.bio"]).output, try golden("sample.roundtrip.sejong"))
        // The round trip gives back every word with its LEMMA and XPOS and SpaceAfter=No.
        let original = try String(contentsOfFile: samples + "sample.conllu", encoding: .utf8)
        let back = try golden("sample.roundtrip.conllu")
        func columns(_ text: String) -> [String] {
            text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                return [f[1], f[2], f[4], f[9]].joined(separator: "|")
            }
        }
        XCTAssertEqual(columns(back), columns(original))
    }

    func testEntityInputs() throws {
        XCTAssertEqual(try convert(["--from", "klue", "--to", "bio", samples + "sample.klue.tsv"]).output,
                       try golden("sample.klue.bio"))
        XCTAssertEqual(try convert(["--from", "klue", "--to", "inline", samples + "sample.klue.tsv"]).output,
                       try golden("sample.klue.inline"))
        XCTAssertEqual(try convert(["--from", "klue", "--to", "json", samples + "sample.klue.tsv"]).output,
                       try golden("sample.klue.json"))
        XCTAssertEqual(try convert(["--from", "inline", "--to", "bio", "--scheme", "iob1",
                                    samples + "sample.inline"]).output, try golden("sample.inline.iob1.bio"))
        // KLUE -> BIO -> inline -> BIO gives the same BIO (ids aside).
        let inline = try convert(["--from", "bio", "--to", "inline", expected + "sample.klue.bio"]).output
        let path = NSTemporaryDirectory() + "inline-\(UUID().uuidString)"
        try inline.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let again = try convert(["--from", "inline", "--to", "bio", path]).output
        let withoutIds = try golden("sample.klue.bio").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# sent_id") }.joined(separator: "\n")
        XCTAssertEqual(again, withoutIds)
    }

    func testStatsReport() throws {
        XCTAssertEqual(try convert(["--from", "conllu", "--to", "bio", "--stats", samples + "sample.conllu"]).report,
                       try golden("sample.stats.txt"))
    }

    func testUsageAndDataErrors() throws {
        XCTAssertThrowsError(try convert(["--to", "bio"])) { XCTAssertTrue($0 is UsageError) }
        XCTAssertThrowsError(try convert(["--from", "xml", "--to", "bio"])) { XCTAssertTrue($0 is UsageError) }
        XCTAssertThrowsError(try convert(["--from", "klue", "--to", "conllu"])) { XCTAssertTrue($0 is UsageError) }
        XCTAssertThrowsError(try convert(["--from", "klue", "--to", "bio", "--labels", "seg"])) {
            XCTAssertTrue($0 is UsageError)
        }
        let bad = NSTemporaryDirectory() + "bad-\(UUID().uuidString).conllu"
        try "1\t가\t가\t_\tVV+EC\t_\t_\t_\t_\t_\n\n".write(toFile: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        XCTAssertThrowsError(try convert(["--from", "conllu", "--to", "bio", bad])) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.file, bad)
            XCTAssertEqual(e?.line, 1)
        }
        XCTAssertThrowsError(try convert(["--from", "bio", "--to", "conllu", "--dictionary", "/nonexistent/d",
                                          expected + "sample.bio"])) {
            XCTAssertEqual(($0 as? InputError)?.kind, .io)
        }
    }

    func testOddInputNeverCrashes() throws {
        let long = String(repeating: "가", count: 600)
        let inputs = ["", "abc\n\t\n#\n# x\n\n\n가 나 다\n<<:>>\n\\\n",
                      "1\t\(long)\t\(String(repeating: "나", count: 700))\t_\tNNG\t_\t_\t_\t_\t_\n\n",
                      "가\tB-\n나\tI-X+\n\t\n다\tS-+\n라\tE-Q\n", "## a\tb\n\t\tO\n가\t\n", "<p>\n가\t가/\n"]
        for (index, input) in inputs.enumerated() {
            let path = NSTemporaryDirectory() + "odd-\(UUID().uuidString)-\(index)"
            try input.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            for from in ConvertCommand.inputs {
                for to in ConvertCommand.outputs where !((from == "klue" || from == "inline") && (to == "sejong" || to == "conllu")) {
                    do {
                        _ = try convert(["--from", from, "--to", to, "--stats", path])
                    } catch let error as InputError {
                        XCTAssertEqual(error.kind, .data, "\(from) -> \(to): \(error)")
                        XCTAssertNotNil(error.line, "\(from) -> \(to): \(error)")
                    }
                }
            }
        }
    }

    /// `--skip-invalid`: one warning per skipped sentence (file, line, reason), a count at the
    /// end, exit 0 with the other sentences converted; without it the first one is an error.
    func testSkipInvalidConvertsTheRest() throws {
        let sample = samples + "broken.sejong"
        let strict = try BiotagProcess.run(["convert", "--from", "sejong", "--to", "bio", sample])
        XCTAssertEqual(strict.status, 2)
        XCTAssertTrue(strict.stderr.contains("broken.sejong:7:"), strict.stderr)
        XCTAssertFalse(strict.stdout.contains("good-2"), strict.stdout)

        let lenient = try BiotagProcess.run(["convert", "--from", "sejong", "--to", "bio", "--skip-invalid", sample])
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        let warnings = lenient.stderr.split(separator: "\n")
        XCTAssertEqual(warnings.count, 2, lenient.stderr)
        XCTAssertTrue(warnings[0].contains("broken.sejong:7:2: cannot read the analysis"), lenient.stderr)
        XCTAssertTrue(warnings[0].hasSuffix("sentence skipped"), lenient.stderr)
        XCTAssertEqual(warnings[1], "biotag convert: 1 of 3 sentences skipped (--skip-invalid)")
        XCTAssertEqual(lenient.stdout.components(separatedBy: "# sent_id = ").count, 3, lenient.stdout)
        XCTAssertFalse(lenient.stdout.contains("broken"), lenient.stdout)

        // Nothing readable at all: still an error.
        let folder = NSTemporaryDirectory() + "skip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "줬다”고\t+었/+EP + 다/EF\n\n".write(toFile: folder + "/bad.sejong", atomically: true, encoding: .utf8)
        let none = try BiotagProcess.run(["convert", "--from", "sejong", "--to", "bio", "--skip-invalid",
                                          folder + "/bad.sejong"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("nothing converted"), none.stderr)
    }

    /// `--from bio` checks its labels: entity BIO cannot become analyses, `FOO` is no label,
    /// CoNLL-U given as bio is named as such; entity BIO still converts to inline.
    func testBIOLabelsAreCheckedAgainstTheTarget() throws {
        let entity = try BiotagProcess.run(["convert", "--from", "bio", "--to", "conllu", samples + "entity.bio"])
        XCTAssertEqual(entity.status, 2)
        XCTAssertEqual(entity.stdout, "")
        XCTAssertTrue(entity.stderr.contains("entity.bio:5: '에' is labelled O: these are entity labels"),
                      entity.stderr)
        let inline = try BiotagProcess.run(["convert", "--from", "bio", "--to", "inline", samples + "entity.bio"])
        XCTAssertEqual(inline.status, 0, inline.stderr)
        XCTAssertEqual(inline.stdout, "<서울:LC>에 간다\n")
        // JSON of entity BIO has the spans and no made-up morpheme words.
        let json = try BiotagProcess.run(["convert", "--from", "bio", "--to", "json", samples + "entity.bio"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertTrue(json.stdout.contains("\"type\":\"LC\""), json.stdout)
        XCTAssertFalse(json.stdout.contains("\"words\""), json.stdout)

        let foo = try BiotagProcess.run(["convert", "--from", "bio", "--to", "inline", samples + "foo-label.bio"])
        XCTAssertEqual(foo.status, 2)
        XCTAssertTrue(foo.stderr.contains("foo-label.bio:3: 'FOO' is not a BIO label"), foo.stderr)

        let conllu = try BiotagProcess.run(["convert", "--from", "bio", "--to", "bio", samples + "sample.conllu"])
        XCTAssertEqual(conllu.status, 2)
        XCTAssertTrue(conllu.stderr.contains("this looks like CoNLL-U: give --from conllu"), conllu.stderr)
        XCTAssertEqual(conllu.stderr.split(separator: "\n").count, 1, conllu.stderr)
    }

    /// Without `--dictionary`, `--from bio --to conllu` says on one line how many fused syllables
    /// it restored by rule or kept whole; with the dictionary it says nothing.
    func testBIOToAnalysesWithoutDictionaryWarns() throws {
        let bio = expected + "sample.bio"
        let bare = try BiotagProcess.run(["convert", "--from", "bio", "--to", "conllu", bio])
        XCTAssertEqual(bare.status, 0, bare.stderr)
        XCTAssertEqual(bare.stderr, "biotag convert: warning: no --dictionary: 8 fused syllables restored by "
                       + "rule (0) or kept whole (8); give the dictionary that convert --to bio --dictionary "
                       + "FILE wrote\n")
        let withDictionary = try BiotagProcess.run(["convert", "--from", "bio", "--to", "conllu", "--dictionary",
                                                    expected + "sample.dictionary.txt", bio])
        XCTAssertEqual(withDictionary.status, 0, withDictionary.stderr)
        XCTAssertEqual(withDictionary.stderr, "")
    }

    /// A `--dictionary` to write that cannot be written fails before the input is read: no
    /// output, and a missing input file is not reached.
    func testDictionaryFolderIsCheckedBeforeTheWork() throws {
        let run = try BiotagProcess.run(["convert", "--from", "conllu", "--to", "bio", "--dictionary",
                                         "/no/such/dir/x", samples + "sample.conllu"])
        XCTAssertEqual(run.status, 4)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(run.stderr, "biotag convert: /no/such/dir/x: cannot write here: No such file or directory\n")
        let missing = try BiotagProcess.run(["convert", "--from", "conllu", "--to", "bio", "--dictionary",
                                             "/no/such/dir/x", samples + "none.conllu"])
        XCTAssertTrue(missing.stderr.contains("/no/such/dir/x"), missing.stderr)
    }
}
