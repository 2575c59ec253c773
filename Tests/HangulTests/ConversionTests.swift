import Corpus
import XCTest
@testable import Hangul

/// The conversion library on the samples under annotations/hangul, against the same golden
/// files `biotag convert` is checked with.
final class ConversionTests: XCTestCase {
    private func run(_ conversion: Conversion, _ sample: String)
        throws -> (text: String, report: ConversionReport) {
        var text = ""
        let report = try conversion.run(LineReader(path: repositoryRoot + "/annotations/hangul/" + sample),
                                        write: { text += $0 })
        return (text, report)
    }

    func testAnalysesToLabelsLearnTheDictionaryAndReport() throws {
        let (text, report) = try run(Conversion(from: .conllu, to: .bio, countsLabels: true), "sample.conllu")
        XCTAssertEqual(text, try annotation("expected/sample.bio"))
        XCTAssertEqual(report.learntDictionary?.formatted(), try annotation("expected/sample.dictionary.txt"))
        XCTAssertEqual(report.lines.joined(separator: "\n") + "\n",
                       try annotation("expected/sample.stats.txt"))
        XCTAssertNil(report.restoration)
        let iobes = try run(Conversion(from: .conllu, to: .bio, scheme: .iobes), "sample.conllu")
        XCTAssertEqual(iobes.text, try annotation("expected/sample.iobes.bio"))
        XCTAssertNil(iobes.report.labelCounts, "labels are counted only when asked")
    }

    func testLabelsBackToAnalysesWithTheDictionary() throws {
        let dictionary = try RestorationDictionary.load(
            path: repositoryRoot + "/annotations/hangul/expected/sample.dictionary.txt")
        let conversion = Conversion(from: .bio, to: .sejong, dictionary: dictionary)
        XCTAssertTrue(conversion.restoresMorphemes)
        XCTAssertFalse(conversion.labelsAnalyses)
        let (text, report) = try run(conversion, "expected/sample.bio")
        XCTAssertEqual(text, try annotation("expected/sample.roundtrip.sejong"))
        XCTAssertEqual(report.restoration?.unseen, 0)
        XCTAssertGreaterThan(report.restoration?.restored ?? 0, 0)
        XCTAssertNil(report.learntDictionary)
    }

    func testEntityMarkupKeepsItsLabelsAndCannotBecomeAnalyses() throws {
        XCTAssertEqual(try run(Conversion(from: .klue, to: .inline), "sample.klue.tsv").text,
                       try annotation("expected/sample.klue.inline"))
        XCTAssertNotNil(Conversion.problem(from: .inline, to: .conllu))
        XCTAssertNil(Conversion.problem(from: .bio, to: .conllu))
        XCTAssertNil(Conversion.problem(from: .klue, to: .json))
    }

    /// With `skip`, a sentence whose analysis cannot be read is passed over whole (its other
    /// lines too) and the run goes on; without it the first one is thrown, as before.
    func testSkipPassesOverUnreadableSentences() throws {
        let path = repositoryRoot + "/annotations/hangul/broken.sejong"
        var text = "", errors: [InputError] = []
        let report = try Conversion(from: .sejong, to: .sejong).run(try LineReader(path: path),
                                                                    write: { text += $0 },
                                                                    skip: { errors.append($0) })
        XCTAssertEqual(report.sentences, 2)
        XCTAssertEqual(report.skipped, 1)
        XCTAssertEqual(errors.map(\.line), [7])
        XCTAssertTrue(text.contains("# sent_id = good-1") && text.contains("# sent_id = good-2"), text)
        XCTAssertFalse(text.contains("그가") || text.contains("했다"), text)
        XCTAssertThrowsError(try Conversion(from: .sejong, to: .bio).run(try LineReader(path: path),
                                                                        write: { _ in })) { error in
            XCTAssertEqual((error as? InputError)?.line, 7)
        }
    }
}
