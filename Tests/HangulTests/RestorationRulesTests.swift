import Corpus
import Foundation
import XCTest
@testable import Hangul

final class RestorationRulesTests: XCTestCase {
    /// The hand-written dictionary the worked examples are restored with.
    private func dictionary() throws -> RestorationDictionary {
        try RestorationDictionary(text: try annotation("restoration-rules.dictionary.txt"),
                                  source: "restoration-rules.dictionary.txt")
    }

    /// Morphemes `form/tag` joined by a space, words by two (as `biotag tag` writes them).
    private func format(_ words: [AnalyzedWord]) -> String {
        words.map { $0.morphemes.map(\.description).joined(separator: " ") }.joined(separator: "  ")
    }

    /// Every line of annotations/hangul/restoration-rules.tsv: text, labels, expected morphemes.
    func testWorkedExamples() throws {
        var decoder = MorphemeDecoder(dictionary: try dictionary())
        var cases = 0
        for (number, line) in try annotation("restoration-rules.tsv").split(separator: "\n").enumerated()
        where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(fields.count, 4, "line \(number + 1)")
            guard fields.count == 4 else { continue }
            let tokens = SyllableTokenizer.tokens(of: fields[0])
            let labels = fields[1].split(separator: " ").map(String.init)
            XCTAssertEqual(tokens.count, labels.count, "line \(number + 1): one label per syllable")
            let words = decoder.words(tokens: tokens, labels: labels)
            XCTAssertEqual(format(words), fields[2], "line \(number + 1): \(fields[0]) (\(fields[3]))")
            cases += 1
        }
        XCTAssertEqual(cases, 44)
        // Every example but the entries themselves and the plain syllables lacks its exact entry,
        // and all but 갔 are restored by the rules.
        XCTAssertEqual(decoder.report.unseen, 29)
        XCTAssertEqual(decoder.report.unseenByRule, 28)
    }

    func testWithoutRulesUnseenPairsStayWhole() throws {
        var decoder = MorphemeDecoder(dictionary: try dictionary())
        decoder.usesRules = false
        let words = decoder.words(tokens: SyllableTokenizer.tokens(of: "그는 서울에 산다."),
                                  labels: ["B-NP", "B-JX", "O", "B-NNP", "I-NNP", "B-JKB", "O",
                                           "B-VV+EF", "I-VV+EF", "B-SF"])
        XCTAssertEqual(format(words), "그/NP 는/JX  서울/NNP 에/JKB  산다/VV ./SF")
        XCTAssertEqual(decoder.report.unseen, 1)
        XCTAssertEqual(decoder.report.unseenByRule, 0)
        // A pair seen elsewhere takes its most frequent restoration over all contexts, joining or not.
        let joined = decoder.words(tokens: ["짜", "증", "낼"], labels: ["B-NNG", "I-NNG", "B-VV+ETM"])
        XCTAssertEqual(format(joined), "짜증내/NNG ㄹ/ETM")
    }

    func testTheEntryWinsOverTheRules() throws {
        var dictionary = try dictionary()
        // An odd entry for 산 VV+EF at a word start: the rules would say 살 + ㄴ.
        dictionary.add(Restoration([Morpheme("사", "VV"), Morpheme("ㄴ", "EF")]), syllable: "산", type: "VV+EF")
        var decoder = MorphemeDecoder(dictionary: dictionary)
        let entry = decoder.words(tokens: ["산", "다"], labels: ["B-VV+EF", "I-VV+EF"])
        XCTAssertEqual(format(entry), "사/VV ㄴ다/EF")
        // In another context the rules decide again (here: the pair's other contexts).
        let other = decoder.words(tokens: ["팔", "산", "다"], labels: ["B-NNG", "B-VV+EF", "I-VV+EF"])
        XCTAssertEqual(format(other), "팔/NNG 사/VV ㄴ다/EF")
        XCTAssertEqual(decoder.report.unseen, 0)
    }

    func testStages() throws {
        let rules = RestorationRules(dictionary: try dictionary())
        typealias Query = RestorationRules.Query
        func restore(_ query: Query) -> (String, RestorationRules.Source)? {
            rules.restoration(for: query).map { ($0.restoration.description, $0.source) }
        }
        // 모 continues as 모으 (은 VV+EF after 모), against the more frequent ~ᆺ + ㄴ.
        let mo = restore(Query(syllable: "은", type: "VV+ETM", previous: "모", joins: true, open: "모"))
        XCTAssertEqual(mo?.0, "~으/VV + ㄴ/ETM")
        XCTAssertEqual(mo?.1, .continuation)
        let ieun = restore(Query(syllable: "은", type: "VV+ETM", previous: "이", joins: true, open: "이"))
        XCTAssertEqual(ieun?.0, "~\u{11BA}/VV + ㄴ/ETM")
        XCTAssertEqual(ieun?.1, .pair)
        let sun = restore(Query(syllable: "산", type: "VV+EF"))
        XCTAssertEqual(sun?.0, "살/VV + ㄴ/EF")
        XCTAssertEqual(sun?.1, .template)
        let copula = restore(Query(syllable: "세", type: "VCP+EP+EF", previous: "리", joins: false, open: "자리"))
        XCTAssertEqual(copula?.0, "이/VCP + 시/EP + 어/EF")
        XCTAssertEqual(copula?.1, .insertion)
        XCTAssertEqual(rules.insertion(tag: "VCP"), "이")
        XCTAssertNil(rules.insertion(tag: "VV"))
        XCTAssertNil(restore(Query(syllable: "갔", type: "VV+EP")))
        XCTAssertNil(restore(Query(syllable: "a", type: "SL+")))
        XCTAssertGreaterThan(rules.templateCount, 0)
    }

    func testPiecesMustComposeWithTheirNeighbours() {
        var dictionary = RestorationDictionary()
        // 라 after 몰 (모ᄅ, a lone initial left open) is ~ᅳ + 아; after 놀 it continues 놀라.
        dictionary.add(Restoration([Morpheme("\u{1173}", "VV"), Morpheme("아", "EC")], joinsPrevious: true),
                       syllable: "라", type: "VV+EC", previous: "몰", count: 5)
        dictionary.add(Restoration([Morpheme("라", "VV"), Morpheme("아", "EC")], joinsPrevious: true),
                       syllable: "라", type: "VV+EC", previous: "말", count: 1)
        dictionary.add(Restoration([Morpheme("모\u{1105}", "VV")]), syllable: "몰", type: "VV+", count: 3)
        let rules = RestorationRules(dictionary: dictionary)
        func restore(open: String, previous: String) -> String? {
            rules.restoration(for: RestorationRules.Query(syllable: "라", type: "VV+EC", previous: previous,
                                                          joins: true, open: open))?.restoration.description
        }
        XCTAssertEqual(restore(open: "골\u{1105}", previous: "골"), "~\u{1173}/VV + 아/EC")
        XCTAssertEqual(restore(open: "놀", previous: "놀"), "~라/VV + 아/EC")
        // 몰 VV+ leaves a lone ᄅ: only with a fused syllable after it in the word.
        let lone = RestorationRules.Query(syllable: "골", type: "VV+", joins: false)
        XCTAssertNil(rules.restoration(for: lone))
        var followed = lone
        followed.nextIsFused = true
        XCTAssertEqual(rules.restoration(for: followed)?.restoration.description, "고\u{1105}/VV")
        var decoder = MorphemeDecoder(dictionary: dictionary)
        let words = decoder.words(tokens: ["골", "라", "▁", "골", "아"],
                                  labels: ["B-VV+", "B-VV+EC", "O", "B-VV+", "B-EC"])
        XCTAssertEqual(format(words), "고르/VV 아/EC  골/VV 아/EC")
    }

    func testSegmentationLabelsRestoreForms() {
        var labeling = MorphemeLabeling(kind: .seg)
        _ = labeling.label(AnalyzedSentence(words: [
            MorphemeLabelingTests.word("간다", "가/VV + ㄴ다/EF"),
            MorphemeLabelingTests.word("난다", "나/VV + ㄴ다/EF"),
        ]))
        var decoder = MorphemeDecoder(dictionary: labeling.dictionary, kind: .seg)
        // 잔 was never seen: any lead, from 간 and 난.
        let words = decoder.words(tokens: ["잔", "다"], labels: ["B-+", "I-+"])
        XCTAssertEqual(words[0].morphemes, [Morpheme("자", ""), Morpheme("ㄴ다", "")])
        XCTAssertEqual(decoder.report.unseenByRule, 1)
    }

    func testShapes() {
        XCTAssertEqual(RestorationRules.shape(of: "XSV+EP"), "P+EP")
        XCTAssertEqual(RestorationRules.shape(of: "NNG+JKO"), "N+JKO")
        XCTAssertEqual(RestorationRules.shape(of: "EP+"), "EP+")
        XCTAssertEqual(RestorationRules.shape(of: "VV+EC+VX+ETM"), "P+E+P+E")
        XCTAssertEqual(RestorationRules.tags(of: "+"), [])
        XCTAssertEqual(RestorationRules.tags(of: "EP+"), ["EP"])
    }

    /// UD Korean GSD dev labelled from its gold analyses and decoded with the dictionary of GSD
    /// train: at least 99 % of the fused words come back exactly (skipped when ../shared is absent).
    func testGSDDevFromTheTrainDictionary() throws {
        let train = corporaFolder + "/UD_Korean-GSD/ko_gsd-ud-train.conllu"
        let dev = corporaFolder + "/UD_Korean-GSD/ko_gsd-ud-dev.conllu"
        guard FileManager.default.fileExists(atPath: train) else { throw XCTSkip("the public corpora are absent") }
        var labeling = MorphemeLabeling()
        let trainReader = try ConlluReader(path: train)
        while let sentence = try trainReader.next() {
            _ = labeling.label(try ConlluAnalysis.sentence(sentence, file: train))
        }
        var devLabeling = MorphemeLabeling()
        var rules = MorphemeDecoder(dictionary: labeling.dictionary)
        var entries = MorphemeDecoder(dictionary: labeling.dictionary)
        entries.usesRules = false
        var fused = 0, byRules = 0, byEntries = 0
        let devReader = try ConlluReader(path: dev)
        while let sentence = try devReader.next() {
            let analysis = try ConlluAnalysis.sentence(sentence, file: dev)
            let syllables = devLabeling.label(analysis)
            let a = rules.decode(syllables).words, b = entries.decode(syllables).words
            XCTAssertEqual(a.count, analysis.words.count)
            for (k, gold) in analysis.words.enumerated() where !gold.isSpelledOut && k < a.count {
                fused += 1
                if a[k].morphemes == gold.morphemes { byRules += 1 }
                if b[k].morphemes == gold.morphemes { byEntries += 1 }
            }
        }
        XCTAssertEqual(fused, 1541)
        XCTAssertGreaterThanOrEqual(Double(byRules) / Double(fused), 0.99, "\(byRules) / \(fused)")
        XCTAssertLessThan(byEntries, byRules)
    }
}
