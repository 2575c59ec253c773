import XCTest
@testable import Hangul

final class NormalizationTests: XCTestCase {
    /// String equality is canonical equivalence, so compare the scalars themselves.
    func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    func testConjoiningJamoBecomeSyllables() {
        let nfd = "\u{1112}\u{1162}\u{11BB}\u{1103}\u{1161}"   // 했다 in conjoining jamo
        XCTAssertEqual(scalars(Normalization.composingHangul(nfd)), [0xD588, 0xB2E4])
        XCTAssertEqual(scalars(Normalization.composingHangul("a \u{1100}\u{1161}\u{11A8}!")),
                       [0x61, 0x20, 0xAC01, 0x21])
        // A lone trailing consonant stays a conjoining jamo; a composed syllable plus a trailing
        // consonant composes into the syllable with that final.
        XCTAssertEqual(scalars(Normalization.composingHangul("\u{11A8}")), [0x11A8])
        XCTAssertEqual(scalars(Normalization.composingHangul("\u{AC00}\u{11A8}")), [0xAC01])
    }

    /// Everything but conjoining jamo stays as it came, where NFC would change it: compatibility
    /// ideographs (豈 U+F900 → U+8C48 under NFC), canonical singletons, decomposed Latin.
    func testEveryOtherCharacterIsKept() {
        let kept = "\u{F900} \u{F968} \u{F95C} \u{2126} \u{212B} e\u{301} 이미 ㄴ ▁"
        XCTAssertEqual(scalars(Normalization.composingHangul(kept)), scalars(kept))
        let mixed = "\u{F900}\u{1100}\u{1161}\u{2126}"
        XCTAssertEqual(scalars(Normalization.composingHangul(mixed)), [0xF900, 0xAC00, 0x2126])
    }
}
