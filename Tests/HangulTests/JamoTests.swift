import XCTest
@testable import Hangul

final class JamoTests: XCTestCase {
    func testSplitAndBuildSyllables() {
        let 했 = "했".unicodeScalars.first!.value
        let parts = Jamo.split(했)
        XCTAssertEqual(parts?.lead, 18)      // ㅎ
        XCTAssertEqual(parts?.vowel, 1)      // ㅐ
        XCTAssertEqual(parts?.tail, 20)      // ㅆ
        XCTAssertEqual(Jamo.syllable(lead: 18, vowel: 1, tail: 20), 했)
        XCTAssertNil(Jamo.split(0x41))
        XCTAssertNil(Jamo.syllable(lead: 19, vowel: 0))
        XCTAssertTrue(Jamo.isSyllable(0xAC00))
        XCTAssertTrue(Jamo.isSyllable(0xD7A3))
        XCTAssertFalse(Jamo.isSyllable(0xD7A4))
    }

    func testDecomposeComposeRoundTripOverEverySyllable() {
        for value in Jamo.firstSyllable...Jamo.lastSyllable {
            let letters = Jamo.decompose(value)
            XCTAssertEqual(Jamo.compose(letters), [value])
        }
    }

    func testComposeJoinsPiecesAcrossASyllable() {
        // 가까 + ᆸ (conjoining final ㅂ) = 가깝; ᄁ + ᅡᆸ also composes.
        XCTAssertEqual(Jamo.compose("가까" + "\u{11B8}"), "가깝")
        XCTAssertEqual(Jamo.compose("가\u{1101}" + "\u{1161}\u{11B8}"), "가깝")
        // A compatibility jamo never composes: the lemma ㄴ stays a letter.
        XCTAssertEqual(Jamo.compose("하ㄴ"), "하ㄴ")
        // A syllable that already has a final keeps it; the extra final stays separate.
        XCTAssertEqual(Jamo.compose("각\u{11AB}"), "각\u{11AB}")
    }

    func testLetterKeysMatchAcrossRoles() {
        let leadN = Jamo.letterKey(0x1102)           // lead ㄴ
        let tailN = Jamo.letterKey(0x11AB)           // tail ㄴ
        let compatN = Jamo.letterKey(0x3134)         // ㄴ
        XCTAssertEqual(leadN.key, compatN.key)
        XCTAssertEqual(tailN.key, compatN.key)
        XCTAssertEqual(leadN.kind, .consonant)
        XCTAssertEqual(Jamo.letterKey(0x1161).key, 0x314F)   // ㅏ
        XCTAssertEqual(Jamo.letterKey(0x41).kind, .other)
    }

    func testStrayConjoiningJamoBecomeCompatibilityLetters() {
        XCTAssertEqual(Jamo.compatibilityForStrays("기\u{1105}"), "기ㄹ")
        XCTAssertEqual(Jamo.compatibilityForStrays("\u{11B8}"), "ㅂ")
        XCTAssertEqual(Jamo.compatibilityForStrays("가깝"), "가깝")
    }
}
