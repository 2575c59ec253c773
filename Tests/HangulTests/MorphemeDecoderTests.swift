import Corpus
import XCTest
@testable import Hangul

final class MorphemeDecoderTests: XCTestCase {
    private func dictionary() -> RestorationDictionary {
        var labeling = MorphemeLabeling()
        _ = labeling.label(AnalyzedSentence(words: [
            MorphemeLabelingTests.word("가까운", "가깝/VA + ㄴ/ETM"),
            MorphemeLabelingTests.word("공부했다", "공부/NNG + 하/XSV + 였/EP + 다/EF"),
            MorphemeLabelingTests.word("공부한다", "공부/NNG + 하/XSV + ㄴ다/EF"),
        ]))
        return labeling.dictionary
    }

    func testDecodesRawTextLabels() {
        var decoder = MorphemeDecoder(dictionary: dictionary())
        let tokens = SyllableTokenizer.tokens(of: "가까운 공부한다")
        let labels = ["B-VA", "I-VA", "B-VA+ETM", "O", "B-NNG", "I-NNG", "B-XSV+EF", "I-XSV+EF"]
        let words = decoder.words(tokens: tokens, labels: labels)
        XCTAssertEqual(words.map(\.form), ["가까운", "공부한다"])
        XCTAssertEqual(words[0].morphemes, [Morpheme("가깝", "VA"), Morpheme("ㄴ", "ETM")])
        XCTAssertEqual(AnalysisNotation.sejong(words[1].morphemes), "공부/NNG + 하/XSV + ㄴ다/EF")
        XCTAssertEqual(decoder.report.restored, 2)
        XCTAssertEqual(decoder.report.unseen, 0)
    }

    func testUnseenPairsAreCountedAndRestoredByLearnedRulesWhenOneFits() {
        var decoder = MorphemeDecoder(dictionary: dictionary())
        let words = decoder.words(tokens: ["갔", "다"], labels: ["B-VV+EP", "B-EF"])
        XCTAssertEqual(words[0].morphemes, [Morpheme("갔", "VV"), Morpheme("다", "EF")])
        XCTAssertEqual(decoder.report.unseen, 1)
        XCTAssertEqual(decoder.report.unseenPairs[RestorationDictionary.Key(syllable: "갔", type: "VV+EP")], 1)
        // No rule learned from this dictionary fits 갔 (했 = 하 + 였 keeps its vowel ᅢ as a condition).
        XCTAssertEqual(decoder.report.unseenByRule, 0)
        // 운 VA+EF was never seen either, but 운 VA+ETM (~ᆸ + ㄴ, joining) carries over to EF.
        let joined = decoder.words(tokens: ["고", "운"], labels: ["B-VA", "B-VA+EF"])
        XCTAssertEqual(joined[0].morphemes, [Morpheme("곱", "VA"), Morpheme("ㄴ", "EF")])
        XCTAssertEqual(decoder.report.unseenByRule, 1)
    }

    func testOddLabelsNeverCrash() {
        var decoder = MorphemeDecoder()
        // I- at a word start, O inside a word, garbage labels, fewer labels than tokens.
        let words = decoder.words(tokens: ["다", "가", "▁", "나", "라"], labels: ["I-EF", "O", "O", "zzz"])
        XCTAssertEqual(words.map(\.form), ["다가", "나라"])
        XCTAssertEqual(words[0].morphemes, [Morpheme("다", "EF"), Morpheme("가", "")])
        XCTAssertEqual(decoder.report.outside, 3)
    }

    func testSegDecodingDropsTags() {
        var decoder = MorphemeDecoder(kind: .seg)
        let words = decoder.words(tokens: ["아", "버", "지", "가"], labels: ["B", "I", "I", "B"])
        XCTAssertEqual(words[0].morphemes, [Morpheme("아버지", ""), Morpheme("가", "")])
    }

    func testGluedLastWordHasNoSpaceAfter() {
        var decoder = MorphemeDecoder()
        let words = decoder.words(tokens: ["다", "."], labels: ["B-EF", "B-SF"], glued: [1, 2])
        XCTAssertEqual(words.map(\.spaceAfter), [false, false])
    }
}
