import Corpus
import Foundation
import Hangul
import Network
import XCTest
@testable import Tagger

/// Every output format on hand-labelled lines, against annotations/tag/formats.expected.
final class LineFormatterTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("annotations/tag").path

    /// A line tagged with given labels and confidences 0.9, 0.8, ... (cycling).
    static func tagged(_ line: String, _ labels: [String]) -> TaggedText {
        let (tokens, offsets) = TokenUnit.char.split(line)
        precondition(tokens.count == labels.count, "\(tokens) vs \(labels)")
        return TaggedText(text: line, tokens: tokens, offsets: offsets,
                          labels: labels, confidence: tokens.indices.map { Float(9 - $0 % 5) / 10 })
    }

    static let entities: [TaggedText] = [
        tagged("경찰은 또 박씨의 <딸>", ["B-OG", "I-OG", "O", "O", "O", "O", "B-PS", "O", "O", "O",
                                    "O", "O", "O"]),
        tagged("", []),
        tagged(" \t ", ["O", "O", "O"]),
        tagged("5시  \"서울\"", ["B-TI", "I-TI", "O", "O", "O", "B-LC", "I-LC", "O"]),
        tagged("I-만 개", ["I-QT", "I-QT", "I-QT", "O", "B-QT"]),
    ]

    static let dictionary = try! RestorationDictionary(text: """
        # biotag restoration dictionary 2
        신\tEP+EF\t가\t0\t시/EP + ㄴ/EF\t2
        갔\tVV+EP\t<w>\t0\t가/VV + 았/EP\t1

        """, source: "test")

    static let morphemes: [TaggedText] = [
        tagged("아버지가방에들어가신다", ["B-NNG", "I-NNG", "I-NNG", "B-JKS", "B-NNG", "B-JKB", "B-VV", "I-VV",
                                  "I-VV", "B-EP+EF", "I-EP+EF"]),
        tagged("나는 갔다.", ["B-NP", "B-JX", "O", "B-VV+EP", "B-EF", "B-SF"]),
    ]

    func render() -> String {
        var out = ""
        for format in [OutputFormat.inline, .bio, .json] {
            for scores in format == .bio ? [false, true] : [false] {
                out += "## \(format.rawValue)\(scores ? " --scores" : "") (entities)\n"
                var formatter = LineFormatter(format: format, scores: scores)
                for line in Self.entities { out += formatter.format(line) + "\n" }
            }
        }
        for format in [OutputFormat.morph, .seg, .json, .inline] {
            out += "## \(format.rawValue) (morphemes)\n"
            var formatter = LineFormatter(format: format, morphemes: format == .seg ? .seg : .pos,
                                          dictionary: Self.dictionary)
            for line in Self.morphemes { out += formatter.format(line) + "\n" }
        }
        return out
    }

    /// Where a rendering that differs from the golden file is written, to diff against it (and
    /// for tools/regenerate-golden, which copies it over the golden file when the change is wanted).
    static let actual = FileManager.default.temporaryDirectory
        .appendingPathComponent("biotag-golden/formats.expected")

    func testEveryFormatMatchesTheGoldenFile() throws {
        let path = Self.folder + "/formats.expected"
        let rendered = render()
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if rendered != expected {
            try FileManager.default.createDirectory(at: Self.actual.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try rendered.write(to: Self.actual, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(rendered, expected, "this rendering is in \(Self.actual.path)")
    }

    /// Probabilities are written exactly as printf's %.4f writes them, ties and all.
    func testProbabilitiesMatchPrintf() {
        var g = SplitMix64(seed: 20_000)
        var values: [Float] = [0, 1, -0.5, 1.5, .nan, .infinity, -.infinity, .leastNonzeroMagnitude,
                               0.00005, 0.00015, 0.99995, 0.12345, 0.5, 0.9731]
        // Every multiple of 1/20000 (the rounding ties of 4 decimals) and its neighbours.
        for k in 0...20_000 {
            let v = Float(k) / 20_000
            values += [v, v.nextUp, v.nextDown]
        }
        for _ in 0..<20_000 { values.append(Float.random(in: 0...1, using: &g)) }
        for v in values {
            let clamped = v.isNaN ? 0 : min(1, max(0, v))
            XCTAssertEqual(LineFormatter.probability(v), CFormat.string("%.4f", Double(clamped)), "\(v)")
        }
    }

    func testOneResultPerLineAndBlankLinesStayEmpty() {
        for format in [OutputFormat.inline, .json, .morph, .seg] {
            var formatter = LineFormatter(format: format, morphemes: .pos)
            for line in Self.entities {
                let result = formatter.format(line)
                XCTAssertFalse(result.contains("\n"), "\(format): \(result)")
                XCTAssertEqual(result.isEmpty, line.isEmpty && format != .json, "\(format)")
            }
        }
    }

    /// JSON on every line: an empty or blank line is an object with its text and no tokens
    /// (`words` too for a morpheme model); spans and words have one key each for their type
    /// and offsets, as `biotag convert --to json` writes them.
    func testJSONForBlankLinesAndWordOffsets() throws {
        var entities = LineFormatter(format: .json)
        XCTAssertEqual(entities.format(Self.entities[1]), #"{"text":"","tokens":[],"labels":[],"confidence":[],"spans":[]}"#)
        XCTAssertEqual(entities.format(Self.entities[2]),
                       #"{"text":" \t ","tokens":[],"labels":[],"confidence":[],"spans":[]}"#)
        var morphemes = LineFormatter(format: .json, morphemes: .pos, dictionary: Self.dictionary)
        XCTAssertTrue(morphemes.format(Self.entities[1]).hasSuffix(#","spans":[],"words":[]}"#))
        // Words carry offsets into the text as given: 했 typed as three jamo counts three.
        let line = Self.tagged(" 나는  \u{1112}\u{1162}\u{11BB}다.", ["O", "B-NP", "B-JX", "O", "O", "B-VV+EP", "B-EF", "B-SF"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(morphemes.format(line).utf8)) as? [String: Any])
        let words = try XCTUnwrap(object["words"] as? [[String: Any]])
        XCTAssertEqual(words.map { $0["start"] as? Int }, [1, 5])
        XCTAssertEqual(words.map { $0["end"] as? Int }, [3, 10])
        XCTAssertEqual(words.map { $0["form"] as? String }, ["나는", "했다."])
        let spans = try XCTUnwrap(object["spans"] as? [[String: Any]])
        XCTAssertEqual(spans.map { $0["type"] as? String }, ["NP", "JX", "VV+EP", "EF", "SF"])
        XCTAssertTrue(spans.allSatisfy { $0["label"] == nil })
    }

    func testJSONLinesParseAndSpansPointIntoTheText() throws {
        var formatter = LineFormatter(format: .json)
        for line in Self.entities where !line.isEmpty {
            let object = try JSONSerialization.jsonObject(with: Data(formatter.format(line).utf8)) as? [String: Any]
            let text = try XCTUnwrap(object?["text"] as? String)
            let scalars = Array(text.unicodeScalars)
            let spans = try XCTUnwrap(object?["spans"] as? [[String: Any]])
            XCTAssertEqual(spans.count, line.spans().count)
            for span in spans {
                let start = try XCTUnwrap(span["start"] as? Int), end = try XCTUnwrap(span["end"] as? Int)
                var piece = String.UnicodeScalarView()
                piece.append(contentsOf: scalars[start..<end])
                XCTAssertEqual(String(piece), span["text"] as? String)
            }
            XCTAssertEqual((object?["tokens"] as? [String])?.count, line.tokens.count)
        }
    }

    func testInlineKeepsTheInputTextExactly() {
        var formatter = LineFormatter(format: .inline)
        let line = Self.entities[3]
        let marked = formatter.format(line)
        XCTAssertEqual(InlineMarkup.parse(marked).text, line.text)
        XCTAssertEqual(InlineMarkup.parse(marked).spans.map(\.type), ["TI", "LC"])
    }

    /// NUL, ESC and a literal `▁` are written `<U+XXXX>` in `morph` and `seg` as in `bio` and
    /// json's tokens; the literal `▁` is one token with its own label, never a space.
    func testControlsAndALiteralLowerBlockAreEscapedAlike() throws {
        let line = Self.tagged("a\u{1B}b ▁ 가\u{0}", ["B-SL", "I-SL", "I-SL", "O", "B-SW", "O", "B-NNG", "B-SW"])
        XCTAssertEqual(line.tokens, ["a", "<U+001B>", "b", "▁", "<U+2581>", "▁", "가", "<U+0000>"])
        var morph = LineFormatter(format: .morph, morphemes: .pos)
        XCTAssertEqual(morph.format(line), "a<U+001B>b/SL  <U+2581>/SW  가/NNG <U+0000>/SW")
        var seg = LineFormatter(format: .seg, morphemes: .seg)
        XCTAssertEqual(seg.format(line), "a<U+001B>b  <U+2581>  가 <U+0000>")
        var bio = LineFormatter(format: .bio)
        XCTAssertTrue(bio.format(line).contains("<U+2581>\tB-SW\n"))
        XCTAssertTrue(bio.format(line).contains("<U+001B>\tI-SL\n"))
        var json = LineFormatter(format: .json, morphemes: .pos)
        let object = try JSONSerialization.jsonObject(with: Data(json.format(line).utf8)) as? [String: Any]
        XCTAssertEqual(object?["tokens"] as? [String], line.tokens)
        for output in [morph.format(line), seg.format(line), bio.format(line)] {
            XCTAssertFalse(output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, output)
        }
    }
}
