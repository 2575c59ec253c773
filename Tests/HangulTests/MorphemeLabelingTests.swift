import Corpus
import XCTest
@testable import Hangul

final class MorphemeLabelingTests: XCTestCase {
    static func word(_ form: String, _ analysis: String, spaceAfter: Bool = true) -> AnalyzedWord {
        AnalyzedWord(form: form, morphemes: AnalysisNotation.parseSejong(analysis).morphemes ?? [],
                     spaceAfter: spaceAfter)
    }

    private let sentence = AnalyzedSentence(id: "s1", text: "그런 집에서  공부했다.", words: [
        word("그런", "그렇/VA + ㄴ/ETM"), word("집에서", "집/NNG + 에서/JKB"),
        word("공부했다", "공부/NNG + 하/XSV + 였/EP + 다/EF", spaceAfter: false), word(".", "./SF"),
    ])

    func testPosLabelsSpacesAndGluedWords() {
        var labeling = MorphemeLabeling()
        let labelled = labeling.label(sentence)
        // The double space of the text is kept; `.` is glued to 공부했다.
        XCTAssertEqual(labelled.tokens, ["그", "런", "▁", "집", "에", "서", "▁", "▁", "공", "부", "했", "다", "."])
        XCTAssertEqual(labelled.glued, [12])
        XCTAssertEqual(labelled.labels(in: .bio),
                       ["B-VA", "B-VA+ETM", "O", "B-NNG", "B-JKB", "I-JKB", "O", "O",
                        "B-NNG", "I-NNG", "B-XSV+EP", "B-EF", "B-SF"])
        XCTAssertEqual(labelled.labels(in: .iobes),
                       ["S-VA", "S-VA+ETM", "O", "S-NNG", "B-JKB", "E-JKB", "O", "O",
                        "B-NNG", "E-NNG", "S-XSV+EP", "S-EF", "S-SF"])
        XCTAssertEqual(labelled.labels(in: .untyped)[4...5], ["B-JKB", "I"])
        XCTAssertEqual(labeling.statistics.words, 4)
        XCTAssertEqual(labeling.statistics.fusedWords, 2)
        XCTAssertEqual(labeling.statistics.fusedSyllables, 2)
        XCTAssertEqual(labeling.statistics.unrestorable, [])
        XCTAssertEqual(labeling.dictionary.restoration(syllable: "했", type: "XSV+EP", previous: "부"),
                       Restoration([Morpheme("하", "XSV"), Morpheme("였", "EP")]))
    }

    func testSegLabels() {
        var labeling = MorphemeLabeling(kind: .seg)
        let labels = labeling.label(sentence).labels(in: .bio)
        XCTAssertEqual(labels, ["B", "B-+", "O", "B", "B", "I", "O", "O", "B", "I", "B-+", "B", "B"])
        XCTAssertNotNil(labeling.dictionary.restoration(syllable: "했", type: "+"))
    }

    func testContinuationAfterAFusedSyllableKeepsTheChunkType() {
        var labeling = MorphemeLabeling()
        let result = labeling.labels(AnalyzedSentence(words: [MorphemeLabelingTests.word("한다", "하/XSV + ㄴ다/EF")]),
                                     scheme: .bio)
        XCTAssertEqual(result.labels, ["B-XSV+EF", "I-XSV+EF"])
        XCTAssertTrue(TagScheme.bio.violations(in: result.labels).isEmpty)
    }

    func testTextThatDisagreesWithTheWordsFallsBackToSpaceAfter() {
        var labeling = MorphemeLabeling()
        let odd = AnalyzedSentence(text: "전혀 다른 문장", words: [MorphemeLabelingTests.word("집", "집/NNG"),
                                                              MorphemeLabelingTests.word("에", "에/JKB")])
        XCTAssertEqual(labeling.label(odd).tokens, ["집", "▁", "에"])
    }

    func testUnalignableWordIsCountedNotDropped() {
        var labeling = MorphemeLabeling()
        let labelled = labeling.label(AnalyzedSentence(words: [AnalyzedWord(form: "&lt;", morphemes: [Morpheme("<", "SS")])]))
        XCTAssertEqual(labelled.tokens, ["&", "l", "t", ";"])
        XCTAssertEqual(labelled.labels(in: .bio), ["B-SS+", "I-SS+", "I-SS+", "I-SS+"])
        XCTAssertEqual(labeling.statistics.unrestorable.count, 1)
    }

    func testAmbiguousWordsAreTheMinorityRestorations() {
        var labeling = MorphemeLabeling()
        let majority = MorphemeLabelingTests.word("했다", "하/VV + 았/EP + 다/EF")
        let minority = MorphemeLabelingTests.word("했다", "하/VV + 었/EP + 다/EF")
        _ = labeling.label(AnalyzedSentence(words: [majority, majority, minority]))
        let ambiguous = labeling.ambiguousWords()
        XCTAssertEqual(ambiguous.map(\.word), [minority])
        XCTAssertTrue(ambiguous[0].reason.contains("하/VV + 았/EP + 다/EF"))
    }
}
