import XCTest
@testable import Hangul

final class JamoTemplateTests: XCTestCase {
    private func template(_ syllable: Unicode.Scalar, _ analysis: String,
                          joins: Bool = false) -> JamoTemplate? {
        guard let morphemes = AnalysisNotation.parseSejong(analysis).morphemes else { return nil }
        return JamoTemplate(syllable: syllable, restoration: Restoration(morphemes, joinsPrevious: joins))
    }

    func testCopiedLettersBecomeSlots() throws {
        // ㄹ-dropping: lead and vowel kept side by side, ᆯ added, the ending literal.
        let sal = try XCTUnwrap(template("산", "살/VV + ㄴ/EF"))
        XCTAssertEqual(sal.description, "L V \u{11AF} | ㄴ")
        XCTAssertTrue(sal.usesLead && sal.usesVowel)
        // Vowel contraction: only the lead is copied, so the vowel stays a condition.
        let ha = try XCTUnwrap(template("했", "하/XSV + 았/EP"))
        XCTAssertEqual(ha.description, "L \u{1161} | \u{110B} \u{1161} \u{11BB}")
        XCTAssertTrue(ha.usesLead)
        XCTAssertFalse(ha.usesVowel)
        // The copula before a syllable that spells the ending: the slots are in the second piece.
        XCTAssertEqual(template("라", "이/VCP + 라/EC")?.description, "\u{110B} \u{1175} | L V")
        // ㅂ irregular: nothing of 운 is copied.
        let p = try XCTUnwrap(template("운", "\u{11B8}/VA + ㄴ/ETM", joins: true))
        XCTAssertEqual(p.description, "\u{11B8} | ㄴ")
        XCTAssertFalse(p.usesLead || p.usesVowel)
        XCTAssertNil(template("a", "a/SL"))
    }

    func testInstantiatingOnOtherSyllables() throws {
        let sal = try XCTUnwrap(template("산", "살/VV + ㄴ/EF"))
        XCTAssertEqual(sal.morphemes(for: "운", tags: ["VV", "ETM"]),
                       [Morpheme("울", "VV"), Morpheme("ㄴ", "ETM")])
        XCTAssertNil(sal.morphemes(for: "운", tags: ["VV"]))      // one tag for two pieces
        XCTAssertNil(sal.morphemes(for: "a", tags: ["VV", "EF"]))
        let bo = try XCTUnwrap(template("봤", "보/VX + 았/EP"))
        XCTAssertEqual(bo.morphemes(for: "쐈", tags: ["VV", "EP"]), [Morpheme("쏘", "VV"), Morpheme("았", "EP")])
        // A lone initial stays a conjoining jamo (decoding composes it with the next piece).
        let dal = try XCTUnwrap(template("달", "다\u{1105}/VA"))
        XCTAssertEqual(dal.morphemes(for: "빨", tags: ["VA"]), [Morpheme("빠\u{1105}", "VA")])
    }
}
