import XCTest
@testable import Hangul

final class NormalizationTests: XCTestCase {
    func testNFDHangulBecomesPrecomposed() {
        let nfd = "\u{1112}\u{1162}\u{11BB}\u{1103}\u{1161}"   // 했다 in conjoining jamo
        XCTAssertEqual(Normalization.nfc(nfd), "했다")
        XCTAssertEqual(Normalization.nfc("e\u{301}"), "\u{E9}")
    }

    func testStableTextIsUnchanged() {
        XCTAssertEqual(Normalization.nfc("이미 NFC 3개 ㄴ ▁"), "이미 NFC 3개 ㄴ ▁")
        XCTAssertTrue(Normalization.isStable(0xAC00))
        XCTAssertFalse(Normalization.isStable(0x1100))   // a conjoining lead may compose
    }
}
