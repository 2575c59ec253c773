import XCTest
@testable import Tagger

/// `ScriptRun.runs(in:)`: maximal runs of Latin letters, Hanja, compatibility jamo and question
/// or exclamation marks among character tokens.
final class ScriptRunTests: XCTestCase {
    func runs(_ text: String) -> [String] {
        let tokens = text.map(String.init)
        return ScriptRun.runs(in: tokens).map { "\($0.script):" + tokens[$0.range].joined() }
    }

    func testRunsOfOneScriptAreMaximal() {
        XCTAssertEqual(runs("ChatGPT와 漢字를 iPhone15"), ["latin:ChatGPT", "hanja:漢字", "latin:iPhone"])
        XCTAssertEqual(runs("大韓民國abc"), ["hanja:大韓民國", "latin:abc"])
        XCTAssertEqual(runs("ＡＢＣ 豈"), ["latin:ＡＢＣ", "hanja:豈"])
    }

    func testJamoAndMarkRuns() {
        XCTAssertEqual(runs("좋다ㅋㅋㅋ 진짜?!"), ["jamo:ㅋㅋㅋ", "marks:?!"])
        XCTAssertEqual(runs("ㅠㅠ！！ ㄱ"), ["jamo:ㅠㅠ", "marks:！！", "jamo:ㄱ"])
        // The archaic ㆍ (a middle dot in GSD) is no jamo run.
        XCTAssertEqual(runs("정치ㆍ경제"), [])
        XCTAssertEqual(ScriptRun.jamo.shortest, 2)
        XCTAssertEqual(ScriptRun.hanja.shortest, 1)
    }

    /// A symbol run holds one symbol repeated; `~` (GSD's `SO`) and punctuation other than `;`
    /// are no symbols.
    func testSymbolRunsRepeatOneSymbol() {
        XCTAssertEqual(runs("감사^^ 최고♥♥★ 헐;;"),
                       ["symbols:^^", "symbols:♥♥", "symbols:★", "symbols:;;"])
        XCTAssertEqual(runs("😀😀 ~~ --"), ["symbols:😀😀"])
        // The space token (U+2581, a symbol) is none.
        XCTAssertEqual(ScriptRun.runs(in: ["가", TokenUnit.space, TokenUnit.space, "나"]).count, 0)
    }

    func testOtherCharactersAreNoRuns() {
        XCTAssertEqual(runs("가나다 123 ,. é ~ -"), [])
        XCTAssertEqual(runs(""), [])
    }
}
