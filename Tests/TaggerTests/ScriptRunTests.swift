import XCTest
@testable import Tagger

/// `ScriptRun.runs(in:)`: maximal runs of Latin letters and of Hanja among character tokens.
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

    func testOtherCharactersAreNoRuns() {
        XCTAssertEqual(runs("가나다 123 ,.!? é ㄱ 😀"), [])
        XCTAssertEqual(runs(""), [])
    }
}
