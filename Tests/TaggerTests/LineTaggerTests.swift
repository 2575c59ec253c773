import Corpus
import Foundation
import XCTest
@testable import Tagger

/// `LineTagger`: every grouping and thread setting writes what each line gives alone, in order.
final class LineTaggerTests: XCTestCase {
    /// Lines of varied length, blank ones included, and one over `LineTagger.splitCharacters`.
    static let lines: [String] = (0..<90).map { i in
        switch i % 6 {
        case 0: return "김철수는 서울에 산다."
        case 1: return ""
        case 2: return "이영희는 \(i)시에 부산으로 갔다."
        case 3: return "   "
        case 4: return String(repeating: "박민수는 대구에서 일한다. ", count: 1 + i % 5)
        default: return "a 😀 \(i)"
        }
    }

    /// What formatting each line alone gives.
    static func alone(_ lines: [String], model: TaggerModel, format: OutputFormat) -> [String] {
        var formatter = LineFormatter(format: format, model: model)
        return lines.map { formatter.format(model.tag(line: $0)) }
    }

    func testEverySettingWritesWhatEachLineGivesAlone() throws {
        let model = try TextTaggingTests.model()
        let expected = Self.alone(Self.lines, model: model, format: .json)
        var settings: [LineTagger.Options] = []
        for threads in [1, 2] {
            for readAhead in [1, 3, 32] { settings.append(.init(readAhead: readAhead, threads: threads)) }
            var blocks = LineTagger.Options(batch: 4, threads: threads)
            blocks.blockLines = 7
            settings.append(blocks)
            settings.append(.init(batch: 8, threads: threads))
        }
        settings.append(.init(readAhead: 32, readAheadCharacters: 40, threads: 2))
        for options in settings {
            let tagger = LineTagger(model: model, format: .json, options: options)
            XCTAssertEqual(tagger.format(lines: Self.lines), expected, "\(options)")
        }
    }

    func testALoneLongLineTaggedOnTwoCoresGivesTheSameAnswer() throws {
        let model = try TextTaggingTests.model()
        let long = String(repeating: "김철수는 서울에 산다. ", count: 30)
        XCTAssertGreaterThan(long.unicodeScalars.count, LineTagger.splitCharacters)
        let tagger = LineTagger(model: model, format: .bio, scores: true, options: .init(threads: 2))
        var formatter = LineFormatter(format: .bio, model: model, scores: true)
        XCTAssertEqual(tagger.format(lines: [long]), [formatter.format(model.tag(line: long))])
    }

    func testMorphemesWithTwoThreadsEqualOneThread() throws {
        let model = try ShippedModels.load("morph-fast")
        let lines = (0..<40).map { i in
            ["아버지가방에들어가신다", "", "나는 학교에 갔다. 오늘 \(i)번째 날이다.", "한국어 형태소 분석기"][i % 4]
        }
        let expected = Self.alone(lines, model: model, format: .morph)
        XCTAssertTrue(expected[0].hasPrefix("아버지/NNG "), expected[0])  // restored morphemes with tags
        let tagger = LineTagger(model: model, format: .morph, options: .init(readAhead: 2, threads: 2))
        XCTAssertEqual(tagger.format(lines: lines), expected)
    }

    /// Lines come out in order, each ended as its input line was: here every other line ends in
    /// CRLF and the last one has no newline.
    func testRunReadsAFileInOrderAndFlushesAfterEachGroup() throws {
        let model = try TextTaggingTests.model()
        let path = NSTemporaryDirectory() + "/line-tagger-\(getpid())-\(UUID().uuidString).txt"
        let endings = Self.lines.indices.map { i in
            i == Self.lines.count - 1 ? "" : i % 2 == 0 ? "\r\n" : "\n"
        }
        let text = zip(Self.lines, endings).map { $0 + $1 }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = Self.alone(Self.lines, model: model, format: .inline)
        for threads in [1, 2] {
            let tagger = LineTagger(model: model, format: .inline, options: .init(readAhead: 4, threads: threads))
            var written: [String] = []
            var ended: [String] = []
            var flushedAt: [Int] = []
            try tagger.run(LineReader(path: path), line: { text, ending in
                written.append(text)
                ended.append(ending)
            }, flush: {
                flushedAt.append(written.count)
            })
            XCTAssertEqual(written, expected, "threads \(threads)")
            XCTAssertEqual(ended, endings, "threads \(threads)")
            // A file's lines are all waiting: groups of 4 (fewer when the characters run out).
            XCTAssertGreaterThanOrEqual(flushedAt.count, (Self.lines.count + 3) / 4)
            XCTAssertEqual(flushedAt.last, Self.lines.count)
            XCTAssertEqual(flushedAt, flushedAt.sorted())
        }
    }

    struct Stop: Error {}

    func testAnErrorFromFlushStopsTheRunAndIsThrown() throws {
        let model = try TextTaggingTests.model()
        let path = NSTemporaryDirectory() + "/line-tagger-stop-\(getpid())-\(UUID().uuidString).txt"
        try Data((Self.lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for threads in [1, 2] {
            let tagger = LineTagger(model: model, format: .inline, options: .init(readAhead: 2, threads: threads))
            var written = 0
            var flushes = 0
            XCTAssertThrowsError(try tagger.run(LineReader(path: path), line: { _, _ in written += 1 },
                                                flush: {
                flushes += 1
                if flushes == 3 { throw Stop() }
            })) { error in XCTAssertTrue(error is Stop, "\(error)") }
            XCTAssertEqual(flushes, 3)
            XCTAssertLessThan(written, Self.lines.count)
            // The tagger is usable again after the error (its workers were stopped cleanly).
            XCTAssertEqual(tagger.format(lines: Array(Self.lines.prefix(5))),
                           Self.alone(Array(Self.lines.prefix(5)), model: model, format: .inline))
        }
    }
}
