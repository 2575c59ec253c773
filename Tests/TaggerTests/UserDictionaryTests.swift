import Corpus
import Foundation
import Hangul
import Network
import XCTest
@testable import Tagger

/// User dictionaries with the shipped models, on the worked examples under
/// annotations/user-dictionary.
final class UserDictionaryTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("annotations/user-dictionary").path

    nonisolated(unsafe) static var shipped: [String: TaggerModel] = [:]

    /// A shipped model, loaded once per test run, without a dictionary.
    static func model(_ name: String) throws -> TaggerModel {
        if let model = shipped[name] {
            model.userDictionary = nil
            return model
        }
        let model = try ShippedModels.load(name)
        shipped[name] = model
        return model
    }

    static func lines(_ name: String) throws -> [String] {
        try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    /// Each line's words with their morphemes (Sejong notation), as `--format morph` decodes them.
    static func words(_ model: TaggerModel, _ line: String) -> [String] {
        var formatter = LineFormatter(format: .morph, model: model)
        return formatter.words(model.tag(line: line)).map { AnalysisNotation.sejong($0.morphemes) }
    }

    // MARK: Worked examples

    func testMorphemeEntriesAreHonoured() throws {
        let model = try Self.model("morph")
        let before = try Self.lines("morph.txt").map { Self.words(model, $0) }
        model.userDictionary = try UserDictionary(model: model, paths: [Self.folder + "/morph.dict"])
        let after = try Self.lines("morph.txt").map { Self.words(model, $0) }
        // Inside a word, at the line start: the name, then the particle tagged by the model.
        XCTAssertTrue(after[0][0].hasPrefix("카카오페이/NNP + "), after[0][0])
        XCTAssertFalse(after[0][0].hasPrefix("카카오페이/NNP + 로/NNP"), after[0][0])
        // A fused entry restores its own analysis.
        XCTAssertEqual(after[0][1], "결제/NNG + 하/XSV + 았/EP + 다/EF")
        XCTAssertTrue(after[1][0].hasPrefix("챗GPT/NNP + "), after[1][0])
        // `word`: the whole word 손흥민 is forced, 손흥민이라고 is left to the model.
        XCTAssertEqual(after[2][0], "손흥민/NNP")
        XCTAssertEqual(after[2][2], before[2][2])
        // Overlapping entries: 서울숲 (leftmost) wins over 숲속마을.
        XCTAssertTrue(after[3][0].hasPrefix("서울숲/NNP + "), after[3][0])
        XCTAssertFalse(after[3][0].contains("숲속마을/NNP"), after[3][0])
        // No match: exactly what the model says alone.
        XCTAssertEqual(after[4], before[4])
        // At the line end.
        XCTAssertEqual(after[5].last, "종로구/NNP")
        // The token after a match starts a new morpheme: 종로구 is not extended into 종로구청.
        XCTAssertTrue(after[6][0].hasPrefix("종로구/NNP + "), after[6][0])
    }

    func testEntityEntriesAreHonoured() throws {
        let model = try Self.model("ner")
        let lines = try Self.lines("ner.txt")
        var formatter = LineFormatter(format: .inline, model: model)
        let before = lines.map { formatter.format(model.tag(line: $0)) }
        model.userDictionary = try UserDictionary(model: model, paths: [Self.folder + "/ner.dict"])
        let after = lines.map { formatter.format(model.tag(line: $0)) }
        XCTAssertTrue(after[0].hasPrefix("<현대자동차:OG>가 <한라산:LC>"), after[0])
        // Across a space; `word`: 구글 alone, not inside 구글러.
        XCTAssertTrue(after[1].hasPrefix("<현대 모비스:OG>는 <구글:OG> 본사에서 "), after[1])
        XCTAssertFalse(after[1].contains("<구글:OG>러"), after[1])
        XCTAssertEqual(after[2], before[2])
        // The whole line is one match (start and end).
        XCTAssertEqual(after[3], "<한라산:LC>")
        // A later file wins ties.
        model.userDictionary = try UserDictionary(model: model, paths: [Self.folder + "/ner.dict",
                                                                        Self.folder + "/ner-later.dict"])
        XCTAssertEqual(formatter.format(model.tag(line: lines[3])), "<한라산:OG>")
    }

    /// Forced labels have confidence 1 in every format that shows one.
    func testForcedLabelsHaveConfidenceOne() throws {
        let model = try Self.model("ner")
        model.userDictionary = try UserDictionary(model: model, paths: [Self.folder + "/ner.dict"])
        let tagged = model.tag(line: "현대자동차가 한라산 근처에 공장을 짓는다")
        XCTAssertEqual(Array(tagged.labels[0..<5]), ["B-OG", "I-OG", "I-OG", "I-OG", "I-OG"])
        XCTAssertEqual(Array(tagged.confidence[0..<5]), [1, 1, 1, 1, 1])
        var bio = LineFormatter(format: .bio, model: model, scores: true)
        XCTAssertTrue(bio.format(tagged).hasPrefix("현\tB-OG\t1.0000\n대\tI-OG\t1.0000\n"))
        var json = LineFormatter(format: .json, model: model)
        XCTAssertTrue(json.format(tagged).contains("\"text\":\"현대자동차\""), json.format(tagged))
    }

    // MARK: Identical output

    /// An empty dictionary, or lines without a match, give byte-identical output in every format.
    func testNoMatchGivesIdenticalOutput() throws {
        for name in ["morph", "ner"] {
            let model = try Self.model(name)
            // The long line (over `maximumPieceLength` tokens, tagged in pieces) for one model only:
            // debug builds tag slowly.
            let lines = ["아버지가방에들어가신다", "", "나는 학교에 갔다. 오늘 날씨가 좋다."]
                + (name == "ner" ? [String(repeating: "김철수는 서울에 산다. ", count: 45)] : [])
            let formats: [OutputFormat] = name == "morph" ? [.morph, .bio, .json] : [.inline, .json]
            for format in formats {
                let plain = LineTagger(model: model, format: format, scores: true).format(lines: lines)
                model.userDictionary = UserDictionary(model: model)
                let empty = LineTagger(model: model, format: format, scores: true).format(lines: lines)
                var unused = UserDictionary(model: model)
                try unused.add(line: name == "morph" ? "카카오페이\t카카오페이/NNP" : "현대자동차\tOG")
                model.userDictionary = unused
                let unmatched = LineTagger(model: model, format: format, scores: true).format(lines: lines)
                model.userDictionary = nil
                XCTAssertEqual(empty, plain, "\(name) \(format)")
                XCTAssertEqual(unmatched, plain, "\(name) \(format)")
            }
        }
    }

    // MARK: Matching

    func testMatchingIsLeftmostLongestWithoutOverlaps() throws {
        let model = try Self.model("ner")
        var dictionary = UserDictionary(model: model)
        for line in ["가나\tOG", "가나다\tLC", "다라마\tPS", "라마\tOG", "마바\tOG\tword"] {
            try dictionary.add(line: line)
        }
        let tokens = model.tokenize("가나다라마 마바 마바사")
        let found = dictionary.matches(in: tokens).map { $0.tokens }
        // 가나다 (longest at 0), then 라마 (다라마 overlaps), then the whole word 마바; not in 마바사.
        XCTAssertEqual(found, [0..<3, 3..<5, 6..<8])
        XCTAssertNil(dictionary.forcedLabels(model.tokenize("바사 아자")))
        let forced = dictionary.forcedLabels(tokens)
        XCTAssertEqual(forced?.count, tokens.count)
        // After a match no label may continue its chunk; elsewhere the model is free.
        XCTAssertEqual(forced?[5], ForcedLabels.startsChunk)
        XCTAssertEqual(forced?[9], -1)
        // In the labels the model learnt (IOBES for the shipped one): I-X and E-X continue a chunk.
        let continues = { (label: String) in label.hasPrefix("I-") || label.hasPrefix("E-") }
        XCTAssertTrue(dictionary.continuing.allSatisfy { continues(model.labels[Int($0)]) })
        XCTAssertEqual(dictionary.continuing.count, model.labels.filter(continues).count)
        let learnt = try XCTUnwrap(TagScheme(name: model.header.scheme))
        XCTAssertEqual(forced.map { Array($0[0..<3]).map { model.labels[Int($0)] } },
                       learnt.labels(for: [Span(start: 0, end: 3, type: "LC")], count: 3))
    }

    /// An entry forces exactly the labels `MorphemeLabeling` (what `convert` runs) writes for it,
    /// spelled-out (taken without it) or fused.
    func testForcedLabelsAreWhatConvertWrites() throws {
        let model = try Self.model("morph")
        let scheme = TagScheme(name: model.scheme) ?? .bio
        for (surface, analysis) in [("카카오페이로", "카카오페이/NNP + 로/JKB"), ("챗GPT", "챗GPT/NNP"),
                                    ("결제했다", "결제/NNG + 하/XSV + 았/EP + 다/EF"), ("가까운", "가깝/VA + ㄴ/ETM")] {
            var dictionary = UserDictionary(model: model)
            try dictionary.add(surface: surface, analysis)
            var labeling = MorphemeLabeling(kind: .pos)
            let morphemes = try XCTUnwrap(AnalysisNotation.parseSejong(analysis).morphemes)
            let word = AnalyzedWord(form: surface, morphemes: morphemes)
            let expected = labeling.labels(AnalyzedSentence(words: [word]), scheme: scheme)
            let tokens = model.tokenize(surface)
            XCTAssertEqual(expected.tokens, tokens)
            let forced = try XCTUnwrap(dictionary.forcedLabels(tokens))
            XCTAssertEqual(forced.map { model.labels[Int($0)] }, expected.labels, surface)
            XCTAssertEqual(dictionary.restorations.isEmpty, morphemes.map(\.form).joined() == surface, surface)
        }
    }

    // MARK: Malformed entries

    /// Every malformed entry is a data error naming file and line.
    func testMalformedEntriesAreErrorsNamingFileAndLine() throws {
        let morph = try Self.model("morph"), ner = try Self.model("ner")
        let cases: [(TaggerModel, String, String)] = [
            (morph, "카카오페이", "found 1 column"),
            (morph, "카카오페이\t카카오페이/NNP\tword\tx", "found 4 columns"),
            (morph, "카카오페이\t카카오페이/NNP\twords", "third column may only be 'word'"),
            (morph, "\t카카오페이/NNP", "empty surface"),
            (morph, " 카카오\t카카오/NNP", "starts or ends with whitespace"),
            (morph, "카카오페이\t카카오페이", "not Sejong notation"),
            (morph, "카카오페이\t카카오/NNP + 택시/NNG", "does not spell"),
            (morph, "카카오 페이\t카카오/NNP + 페이/NNP", "contains whitespace"),
            (morph, "카카오\t카카오/XYZ", "no label 'B-XYZ'"),
            (ner, "현대자동차\tCOMPANY", "type 'COMPANY' is not one the model tags"),
            (ner, "현대자동차\tO G", "empty or contains whitespace"),
            (ner, "현대자동차\t", "empty or contains whitespace"),
        ]
        let path = NSTemporaryDirectory() + "/user-dictionary-\(getpid()).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (model, entry, message) in cases {
            try ("# a comment\n\n한라산\t" + (model === ner ? "LC" : "한라산/NNP") + "\n" + entry + "\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try UserDictionary(model: model, paths: [path]), entry) { error in
                guard let error = error as? InputError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.kind, .data)
                XCTAssertEqual(error.file, path)
                XCTAssertEqual(error.line, 4)
                XCTAssertTrue(error.message.contains(message), "\(entry): \(error.message)")
            }
        }
        // Invalid UTF-8 names the line too; a missing file is an I/O error.
        try Data([0xED, 0x95, 0x9C, 0x09, 0x4C, 0x43, 0x0A, 0xFF, 0x09, 0x4C, 0x43, 0x0A])
            .write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try UserDictionary(model: ner, paths: [path])) { error in
            XCTAssertEqual((error as? InputError)?.kind, .data)
            XCTAssertEqual((error as? InputError)?.line, 2)
        }
        XCTAssertThrowsError(try UserDictionary(model: ner, paths: [path + ".missing"])) { error in
            XCTAssertEqual((error as? InputError)?.kind, .io)
        }
    }
}
