import XCTest
@testable import Evaluation

final class ByteTableTests: XCTestCase {
    func testInternGivesDenseStableIDsAcrossGrowth() {
        var table = ByteTable()
        for i in 0..<1000 {
            let key = Array("label-\(i)".utf8)
            XCTAssertEqual(table.intern(key).id, i)
        }
        XCTAssertEqual(table.count, 1000)
        for i in stride(from: 0, to: 1000, by: 37) {
            let (id, isNew) = table.intern(Array("label-\(i)".utf8))
            XCTAssertEqual(id, i)
            XCTAssertFalse(isNew)
            XCTAssertEqual(table.bytes(id), Array("label-\(i)".utf8))
        }
        XCTAssertEqual(table.intern([]).id, 1000)
        XCTAssertEqual(table.intern([]).isNew, false)
    }
}
