import Foundation
import XCTest

/// The input text is never changed: `biotag tag` in every format and `biotag convert` give back
/// the characters they were given (only conjoining jamo are composed into syllables), and a
/// grapheme cluster (emoji, flag, keycap) is one token with one label. Runs the built biotag.
final class TextKeptTests: XCTestCase {
    static let samples = BiotagProcess.root.appendingPathComponent("annotations/hangul").path

    /// Compatibility ideographs and canonical singletons that NFC would replace, with what NFC
    /// makes of them.
    static let kept: [UInt32] = [0xF900, 0xF968, 0xF95C, 0x2126, 0x212B]
    static let normalised: [UInt32] = [0x8C48, 0x6CCC, 0x6A02, 0x03A9, 0x00C5]

    func run(_ arguments: [String], _ text: String) throws -> BiotagProcess.Result {
        let result = try BiotagProcess.run(arguments, text: text)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result
    }

    func testEveryTagFormatKeepsTheCharacters() throws {
        let model = try TagCommandTests.morph()
        let line = "\u{F900}\u{F968} \u{F95C}은 \u{2126} \u{212B}를 봤다."
        for format in ["morph", "seg", "inline", "bio", "json"] {
            let out = try run(["tag", "--model", model, "--format", format], line + "\n").stdout
            let scalars = Set(out.unicodeScalars.map(\.value))
            for value in Self.kept { XCTAssertTrue(scalars.contains(value), "\(format): no U+\(value) in \(out)") }
            for value in Self.normalised { XCTAssertFalse(scalars.contains(value), "\(format): \(out)") }
        }
    }

    /// `--input conllu` fills LEMMA from the FORM as written: U+F900 and Ω U+2126 stay.
    func testConlluLemmaKeepsTheCharacters() throws {
        let model = try TagCommandTests.morph()
        let path = NSTemporaryDirectory() + "/kept-\(getpid()).conllu"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# text = \u{F900}는 \u{2126}\n1\t\u{F900}는\t_\t_\t_\t_\t_\t_\t_\t_\n2\t\u{2126}\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let out = try run(["tag", "--model", model, "--input", "conllu", path], "").stdout
        let lemmas = out.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t")[2] }
        XCTAssertEqual(lemmas.count, 2, out)
        XCTAssertEqual(lemmas.first?.unicodeScalars.first?.value, 0xF900, out)
        XCTAssertEqual(lemmas.last?.unicodeScalars.map(\.value), [0x2126], out)
    }

    /// json `text` is the input line itself and offsets index it, jamo and all: the syllable
    /// typed as three conjoining jamo spans three scalars.
    func testJSONOffsetsIndexTheInputLine() throws {
        let model = try TagCommandTests.morph()
        let line = "\u{F900} \u{1112}\u{1162}\u{11BB}다 \u{212B}"
        let out = try run(["tag", "--model", model, "--format", "json"], line + "\n").stdout
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let text = try XCTUnwrap(object["text"] as? String)
        XCTAssertEqual(text.unicodeScalars.map(\.value), line.unicodeScalars.map(\.value))
        XCTAssertEqual(object["tokens"] as? [String], ["\u{F900}", "▁", "했", "다", "▁", "\u{212B}"])
        let scalars = Array(line.unicodeScalars)
        for span in try XCTUnwrap(object["spans"] as? [[String: Any]]) {
            let start = try XCTUnwrap(span["start"] as? Int), end = try XCTUnwrap(span["end"] as? Int)
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            XCTAssertEqual(String(piece).unicodeScalars.map(\.value),
                           (span["text"] as? String)?.unicodeScalars.map(\.value))
            XCTAssertFalse(start < 3 && end > 2 && end < 5, "a span cuts the jamo of 했: \(span)")
        }
    }

    /// Each emoji cluster is one token with one label; with the shipped morpheme model none is
    /// tagged as Hanja (SH): an unknown symbol is read as the model's most frequent known one.
    func testEmojiClustersAreOneTokenEach() throws {
        let clusters = ["👍🏽", "🇰🇷", "❤\u{FE0F}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
                        "1\u{FE0F}\u{20E3}"]
        let out = try run(["tag", "--model", "morph", "--format", "bio"], "좋아요 " + clusters.joined(separator: " ") + "\n")
            .stdout
        let rows = out.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let tokens = rows.map { $0[0].unicodeScalars.map(\.value) }
        XCTAssertEqual(rows.count, 4 + 2 * clusters.count - 1, out)
        for cluster in clusters {
            let index = try XCTUnwrap(tokens.firstIndex(of: cluster.unicodeScalars.map(\.value)), "\(cluster): \(out)")
            XCTAssertFalse(rows[index][1].hasSuffix("SH"), "\(cluster) tagged \(rows[index][1])")
            if cluster.unicodeScalars.first == "1" {
                XCTAssertEqual(rows[index][1], "B-SN")
            } else {
                XCTAssertTrue(rows[index][1].hasSuffix("SW"), "\(cluster) tagged \(rows[index][1])")
            }
        }
        let morph = try run(["tag", "--model", "morph"], clusters[3] + "\n").stdout
        XCTAssertEqual(morph, clusters[3] + "/SW\n")
    }

    /// inline → bio → inline gives every line back byte for byte: compatibility ideographs, Ω,
    /// Å and a decomposed `é` are not normalised, and each emoji cluster is one BIO token.
    func testConvertInlineThroughBIOKeepsEveryCharacter() throws {
        let sample = Self.samples + "/kept-characters.inline"
        let bio = try run(["convert", "--from", "inline", "--to", "bio", sample], "").stdout
        let tokens = bio.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { ($0.split(separator: "\t").first.map(String.init) ?? "").unicodeScalars.map(\.value) }
        for cluster: [UInt32] in [[0xF900], [0x2126], [0x212B], [0x65, 0x301], [0x1F44D, 0x1F3FD],
                                  [0x1F1F0, 0x1F1F7], [0x2764, 0xFE0F], [0x31, 0xFE0F, 0x20E3],
                                  [0x1F468, 0x200D, 0x1F469, 0x200D, 0x1F467]] {
            XCTAssertTrue(tokens.contains(cluster), "no token \(cluster)")
        }
        let back = try BiotagProcess.run(["convert", "--from", "bio", "--to", "inline"], stdin: Data(bio.utf8))
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertEqual(back.stdoutData, try Data(contentsOf: URL(fileURLWithPath: sample)))
        // Decomposed Hangul is the one thing composed.
        let json = try run(["convert", "--from", "inline", "--to", "json"], "<\u{1112}\u{1161}\u{11AB}:X>\u{F900}\n")
            .stdout
        XCTAssertEqual(json.unicodeScalars.filter { $0.value > 0x7F }.map(\.value), [0xD55C, 0xF900, 0xD55C])
    }
}
