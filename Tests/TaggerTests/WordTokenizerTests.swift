import Foundation
import XCTest
@testable import Tagger

/// Raw text for word-unit models is split as CoNLL-2003 / the Penn Treebank write it, with
/// offsets into the line as given.
final class WordTokenizerTests: XCTestCase {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("annotations/tagger/word-tokens.tsv").path

    func testLinesSplitAsTheTreebankDoes() throws {
        let lines = try String(contentsOfFile: Self.sample, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
        XCTAssertGreaterThan(lines.count, 5)
        for line in lines {
            let fields = line.split(separator: "\t").map(String.init)
            XCTAssertEqual(fields.count, 2, String(line))
            let tokens = TokenUnit.word.tokenize(fields[0])
            XCTAssertEqual(tokens.joined(separator: " "), fields[1], fields[0])
        }
    }

    /// Each token's offsets give back its text from the line (scalar offsets, emoji and all).
    func testOffsetsIndexTheLine() throws {
        for line in ["He said: \"EU rejects it.\" (Reuters)", "  It’s 👍🏽 ok\tdon't ", "a\u{1B}b ▁ c"] {
            let (tokens, offsets) = TokenUnit.word.split(line)
            XCTAssertEqual(tokens.count, offsets.count)
            let scalars = Array(line.unicodeScalars)
            for (token, range) in zip(tokens, offsets) {
                var piece = String.UnicodeScalarView()
                piece.append(contentsOf: scalars[range])
                let expected = token.hasPrefix("<U+") && token.count > 3 ? token : String(piece)
                XCTAssertEqual(expected, token, line)
            }
            for (a, b) in zip(offsets, offsets.dropFirst()) { XCTAssertLessThanOrEqual(a.upperBound, b.lowerBound) }
        }
        XCTAssertEqual(TokenUnit.word.split("He said:").offsets, [0..<2, 3..<7, 7..<8])
        // A control character or a literal ▁ is an escape token of its own, as with characters.
        XCTAssertEqual(TokenUnit.word.tokenize("a\u{1B}b ▁ c"), ["a", "<U+001B>", "b", "<U+2581>", "c"])
        XCTAssertEqual(TokenUnit.word.tokenize(""), [])
    }
}
