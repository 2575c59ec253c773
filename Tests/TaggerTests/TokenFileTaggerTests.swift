import Corpus
import Foundation
import XCTest
@testable import Tagger

/// `TokenFileTagger`: token files get the same predicted column for every batch size and thread
/// count, sentences stay in order, and what was read before a malformed sentence is written.
final class TokenFileTaggerTests: XCTestCase {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("annotations/tagger").path

    /// A temporary file holding `sample` `copies` times (each copy ends with a blank line).
    static func repeated(_ sample: String, copies: Int, then tail: String = "") throws -> String {
        var text = try String(contentsOfFile: samples + "/" + sample, encoding: .utf8)
        if !text.hasSuffix("\n\n") { text += text.hasSuffix("\n") ? "\n" : "\n\n" }
        let path = NSTemporaryDirectory() + "/token-file-\(getpid())-\(UUID().uuidString)-\(sample)"
        try Data((String(repeating: text, count: copies) + tail).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func tagged(_ path: String, _ model: TaggerModel, _ input: TokenFileTagger.Input,
                       batch: Int, threads: Int) throws -> (text: String, flushes: Int) {
        let tagger = try TokenFileTagger(model: model, input: input, batchSize: batch, threads: threads)
        var text = ""
        var flushes = 0
        try tagger.run(LineReader(path: path), write: { text += $0 }, flush: { flushes += 1 })
        return (text, flushes)
    }

    func testEveryBatchSizeAndThreadCountWritesTheSame() throws {
        let ner = try TextTaggingTests.model()
        let morph = try ShippedModels.load("morph-fast")
        let cases: [(String, TaggerModel, TokenFileTagger.Input)] = [
            ("ner-en.conll", ner, .conll), ("ner-ko.klue.tsv", ner, .klue), ("morph-ko.conllu", morph, .conllu),
        ]
        for (sample, model, input) in cases {
            let path = try Self.repeated(sample, copies: 10)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (reference, flushes) = try Self.tagged(path, model, input, batch: 1, threads: 1)
            XCTAssertGreaterThanOrEqual(flushes, 10, "one flush per sentence with batch 1")
            // A prediction was added (CoNLL, KLUE: a column) or filled in (CoNLL-U: LEMMA, XPOS).
            let original = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertNotEqual(reference, original, sample)
            if input != .conllu { XCTAssertGreaterThan(reference.count, original.count, sample) }
            for (batch, threads) in [(1, 2), (4, 2), (32, 1)] {
                let (text, _) = try Self.tagged(path, model, input, batch: batch, threads: threads)
                XCTAssertEqual(text, reference, "\(sample) batch \(batch) threads \(threads)")
            }
        }
    }

    /// CoNLL and KLUE lines keep their own line ends: a CRLF file comes back CRLF, with the same
    /// predictions as its LF copy; a last line without a newline stays without one.
    func testLinesEndAsInTheInput() throws {
        let ner = try TextTaggingTests.model()
        for (sample, input) in [("ner-en.conll", TokenFileTagger.Input.conll), ("ner-ko.klue.tsv", .klue)] {
            let path = try Self.repeated(sample, copies: 2)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let lf = try String(contentsOfFile: path, encoding: .utf8)
            let crlfPath = path + ".crlf"
            let crlfText = lf.replacingOccurrences(of: "\n", with: "\r\n")
            try Data(crlfText.utf8).write(to: URL(fileURLWithPath: crlfPath))
            defer { try? FileManager.default.removeItem(atPath: crlfPath) }
            let openPath = path + ".open"
            try Data(lf.trimmingCharacters(in: .newlines).utf8).write(to: URL(fileURLWithPath: openPath))
            defer { try? FileManager.default.removeItem(atPath: openPath) }
            let reference = try Self.tagged(path, ner, input, batch: 1, threads: 1).text
            let crlf = try Self.tagged(crlfPath, ner, input, batch: 4, threads: 1).text
            XCTAssertEqual(crlf, reference.replacingOccurrences(of: "\n", with: "\r\n"), sample)
            let open = try Self.tagged(openPath, ner, input, batch: 1, threads: 1).text
            XCTAssertEqual(open, reference.trimmingCharacters(in: .newlines), sample)
        }
    }

    func testSentencesBeforeAMalformedOneAreWrittenThenTheErrorIsThrown() throws {
        let morph = try ShippedModels.load("morph-fast")
        let path = try Self.repeated("morph-ko.conllu", copies: 6, then: "1\tonly three\tfields\n\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // With batch 4 the 18 sentences before the bad one are still waiting for their batch.
        for (batch, threads) in [(1, 1), (4, 1), (4, 2)] {
            let tagger = try TokenFileTagger(model: morph, input: .conllu, batchSize: batch, threads: threads)
            var text = ""
            XCTAssertThrowsError(try tagger.run(LineReader(path: path), write: { text += $0 }, flush: {})) { error in
                XCTAssertEqual((error as? InputError)?.kind, .data, "\(error)")
            }
            XCTAssertEqual(text.components(separatedBy: "# sent_id = s1\n").count - 1, 6, "\(batch) \(threads)")
        }
    }
}
