import XCTest
@testable import Network

final class TransitionMaskTests: XCTestCase {
    func testRuleBuildsStartTransitionsAndEnd() {
        // 0 = O, 1 = B, 2 = I: I only after B or I; must not end on B.
        let mask = TransitionMask(labels: 3, allows: { p, n in n != 2 || p == 1 || p == 2 },
                                  ends: { $0 != 1 })
        XCTAssertEqual(mask.start, [true, true, false])
        XCTAssertEqual(mask.transitions, [true, true, false, true, true, true, true, true, true])
        XCTAssertEqual(mask.end, [true, false, true])
        XCTAssertFalse(mask.allowsEverything)
        XCTAssertTrue(TransitionMask(labels: 3).allowsEverything)
    }
}
