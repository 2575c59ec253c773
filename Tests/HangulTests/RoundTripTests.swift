import Corpus
import Foundation
import XCTest
@testable import Hangul

/// Every converter round-trips the samples under annotations/hangul, and the public corpora (in
/// `corporaFolder`) keep the round-trip guarantees (skipped when the corpora are absent).
final class RoundTripTests: XCTestCase {
    /// CoNLL-U -> BIO (with a dictionary) -> CoNLL-U: per word, (form, LEMMA, XPOS, SpaceAfter)
    /// before and after, and whether the word's morphemes spell it.
    private func conlluRoundTrip(_ path: String) throws -> [(before: [String], after: [String], spelled: Bool)] {
        let reader = try ConlluReader(path: path)
        var labeling = MorphemeLabeling()
        var bio = ""
        var originals: [ConlluSentence] = []
        while let sentence = try reader.next() {
            originals.append(sentence)
            bio += SyllableBIO.format(labeling.label(try ConlluAnalysis.sentence(sentence, file: path)), scheme: .bio)
        }
        let text = labeling.dictionary.formatted()
        var decoder = MorphemeDecoder(dictionary: try RestorationDictionary(text: text, source: "d"))
        let back = SyllableBIOReader(lines: lines(bio))
        var result: [(before: [String], after: [String], spelled: Bool)] = []
        for original in originals {
            let decoded = ConlluAnalysis.conllu(decoder.decode(try XCTUnwrap(try back.next())))
            XCTAssertEqual(decoded.words.count, original.words.count)
            XCTAssertEqual(decoded.text, original.text)
            for (a, b) in zip(original.words, decoded.words) {
                let spelled = a.lemma == "+" || a.lemma.replacingOccurrences(of: "+", with: "") == a.form
                result.append(([a.form, a.lemma, a.xpos, String(a.spaceAfter)],
                               [b.form, b.lemma, b.xpos, String(b.spaceAfter)], spelled))
            }
        }
        return result
    }

    func testSampleCoNLLURoundTripsExactly() throws {
        let words = try conlluRoundTrip(repositoryRoot + "/annotations/hangul/sample.conllu")
        XCTAssertEqual(words.count, 27)
        for word in words { XCTAssertEqual(word.after, word.before) }
    }

    func testSampleSejongRoundTripsThroughBIO() throws {
        let reader = SejongReader(lines: lines(try annotation("sample.sejong")))
        var labeling = MorphemeLabeling(kind: .pos)
        var sentences: [AnalyzedSentence] = []
        var labelled: [SyllableSentence] = []
        while let sentence = try reader.next() {
            sentences.append(sentence)
            labelled.append(labeling.label(sentence))
        }
        var decoder = MorphemeDecoder(dictionary: labeling.dictionary)
        for (sentence, syllables) in zip(sentences, labelled) {
            for scheme in TagScheme.allCases {
                let again = SyllableSentence(id: syllables.id, text: syllables.text, tokens: syllables.tokens,
                                             labels: syllables.labels(in: scheme), glued: syllables.glued)
                XCTAssertEqual(decoder.decode(again).words.map(\.morphemes), sentence.words.map(\.morphemes))
            }
        }
        XCTAssertEqual(decoder.report.unseen, 0)
    }

    func testSegLabelsRestoreForms() throws {
        let reader = ConlluReader(lines: lines(try annotation("sample.conllu")))
        var labeling = MorphemeLabeling(kind: .seg)
        var pairs: [(AnalyzedSentence, SyllableSentence)] = []
        while let sentence = try reader.next() {
            let analysis = try ConlluAnalysis.sentence(sentence, file: nil)
            pairs.append((analysis, labeling.label(analysis)))
        }
        var decoder = MorphemeDecoder(dictionary: labeling.dictionary, kind: .seg)
        for (analysis, syllables) in pairs {
            XCTAssertEqual(decoder.decode(syllables).words.map { $0.morphemes.map(\.form) },
                           analysis.words.map { $0.morphemes.map(\.form) })
        }
    }

    func testGSDDevKeepsTheGuarantees() throws {
        let path = corporaFolder + "/UD_Korean-GSD/ko_gsd-ud-dev.conllu"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("\(path) not present") }
        let words = try conlluRoundTrip(path)
        let spelled = words.filter(\.spelled), fused = words.filter { !$0.spelled }
        XCTAssertEqual(words.count, 11958)
        XCTAssertEqual(spelled.filter { $0.after != $0.before }.count, 0)
        let fusedOK = fused.filter { $0.after == $0.before }.count
        XCTAssertGreaterThanOrEqual(Double(fusedOK) / Double(fused.count), 0.995)
        XCTAssertEqual(words.filter { $0.after[0] != $0.before[0] || $0.after[3] != $0.before[3] }.count, 0)
    }

    func testKLUEDevRoundTripsThroughInlineMarkup() throws {
        let path = corporaFolder + "/KLUE-NER/klue-ner-split-dev.tsv"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("\(path) not present") }
        let reader = KlueReader(lines: try LineReader(path: path))
        var count = 0
        while let sentence = try reader.next() {
            let syllables = sentence.syllableSentence
            let labels = syllables.labels(in: .bio)
            XCTAssertEqual(labels, sentence.labels)
            let again = InlineMarkup.sentence(InlineMarkup.format(syllables))
            XCTAssertEqual(again.tokens, syllables.tokens)
            XCTAssertEqual(again.labels(in: .bio), labels)
            count += 1
        }
        XCTAssertEqual(count, 500)
    }
}
