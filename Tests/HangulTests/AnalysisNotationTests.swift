import XCTest
@testable import Hangul

final class AnalysisNotationTests: XCTestCase {
    private func sejong(_ text: String) -> [String]? {
        AnalysisNotation.parseSejong(text).morphemes?.map(\.description)
    }

    func testSejongWithAndWithoutSpaces() {
        XCTAssertEqual(sejong("아버지/NNG + 가/JKS"), ["아버지/NNG", "가/JKS"])
        XCTAssertEqual(sejong("아버지/NNG+가/JKS"), ["아버지/NNG", "가/JKS"])
    }

    func testSejongFormsContainingSlashOrPlus() {
        XCTAssertEqual(sejong("1/SN++/SW+1/SN"), ["1/SN", "+/SW", "1/SN"])
        XCTAssertEqual(sejong("1/SN + +/SW + 1/SN"), ["1/SN", "+/SW", "1/SN"])
        XCTAssertEqual(sejong("//SP"), ["//SP"])
        XCTAssertEqual(sejong("1/2/SN"), ["1/2/SN"])
        XCTAssertEqual(sejong("이상/??"), ["이상/??"])
    }

    func testSejongRejectsWhatIsNotAnAnalysis() {
        XCTAssertNil(sejong("아버지가"))
        XCTAssertNil(sejong("아버지/NNG 가/JKS"))
        XCTAssertNil(sejong("아버지/NNG +"))
        XCTAssertNil(sejong(""))
        XCTAssertEqual(AnalysisNotation.parseSejong("아/NNG + 버지").errorOffset, 8)
    }

    func testUDSplitIncludingTheLiteralPlus() {
        XCTAssertEqual(AnalysisNotation.parseUD(lemma: "가깝+ㄴ", xpos: "VA+ETM"),
                       [Morpheme("가깝", "VA"), Morpheme("ㄴ", "ETM")])
        XCTAssertEqual(AnalysisNotation.parseUD(lemma: "+", xpos: "+SW"), [Morpheme("+", "SW")])
        XCTAssertEqual(AnalysisNotation.parseUD(lemma: "1+++1", xpos: "SN+SW+SN"),
                       [Morpheme("1", "SN"), Morpheme("+", "SW"), Morpheme("1", "SN")])
        XCTAssertNil(AnalysisNotation.parseUD(lemma: "가", xpos: "VA+ETM"))
        XCTAssertNil(AnalysisNotation.parseUD(lemma: "가", xpos: ""))
    }

    func testUDWriteReadsBack() {
        for morphemes in [[Morpheme("+", "SW")], [Morpheme("가깝", "VA"), Morpheme("ㄴ", "ETM")]] {
            let (lemma, xpos) = AnalysisNotation.ud(morphemes)
            XCTAssertEqual(AnalysisNotation.parseUD(lemma: lemma, xpos: xpos), morphemes)
        }
        XCTAssertEqual(AnalysisNotation.ud([Morpheme("+", "SW")]).xpos, "+SW")
        XCTAssertEqual(AnalysisNotation.ud([Morpheme("아버지", ""), Morpheme("가", "")]).xpos, "_")
        XCTAssertEqual(AnalysisNotation.sejong([Morpheme("아버지", "NNG"), Morpheme("가", "JKS")]), "아버지/NNG + 가/JKS")
    }
}
