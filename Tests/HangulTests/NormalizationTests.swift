import XCTest
@testable import Hangul

final class NormalizationTests: XCTestCase {
    func testNFDHangulBecomesPrecomposed() {
        let nfd = "\u{1112}\u{1162}\u{11BB}\u{1103}\u{1161}"   // 했다 in conjoining jamo
        XCTAssertEqual(Normalization.nfc(nfd), "했다")
        XCTAssertEqual(Normalization.nfc("e\u{301}"), "\u{E9}")
        // String equality is canonical equivalence, so compare the scalars themselves.
        func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }
        XCTAssertEqual(scalars(Normalization.nfc(nfd)), [0xD588, 0xB2E4])
        XCTAssertEqual(scalars(Normalization.nfc("Cafe\u{301} \u{1100}\u{1161}\u{11A8}!")),
                       [0x43, 0x61, 0x66, 0xE9, 0x20, 0xAC01, 0x21])
        // A lone trailing consonant stays a conjoining jamo; a composed syllable plus a trailing
        // consonant composes into the syllable with that final.
        XCTAssertEqual(scalars(Normalization.nfc("\u{11A8}")), [0x11A8])
        XCTAssertEqual(scalars(Normalization.nfc("\u{AC00}\u{11A8}")), [0xAC01])
    }

    func testStableTextIsUnchanged() {
        XCTAssertEqual(Normalization.nfc("이미 NFC 3개 ㄴ ▁"), "이미 NFC 3개 ㄴ ▁")
        XCTAssertTrue(Normalization.isStable(0xAC00))
        XCTAssertFalse(Normalization.isStable(0x1100))   // a conjoining lead may compose
        XCTAssertTrue(Normalization.isStable(0x3134))    // compatibility ㄴ, typed alone
        XCTAssertTrue(Normalization.isStable(0x318E))
        XCTAssertFalse(Normalization.isStable(0x318F))
    }
}
