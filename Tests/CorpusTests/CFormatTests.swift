import XCTest
@testable import Corpus

final class CFormatTests: XCTestCase {
    func testFormatsLikePrintf() {
        XCTAssertEqual(CFormat.string("%6.2f%%", 12.3456), " 12.35%")
        XCTAssertEqual(CFormat.string("%.4f", 0.97314), "0.9731")
        XCTAssertEqual(CFormat.string("%ld:%02ld", 7, 5), "7:05")
        XCTAssertEqual(CFormat.string("%.2g", 0.001), "0.001")
        XCTAssertEqual(CFormat.string("no arguments"), "no arguments")
    }

    func testLongOutputIsCutAt255Bytes() {
        XCTAssertEqual(CFormat.string("%300.1f", 1.0).utf8.count, 255)
    }
}
