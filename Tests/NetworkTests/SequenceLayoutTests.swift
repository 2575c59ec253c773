import XCTest
@testable import Network

final class SequenceLayoutTests: XCTestCase {
    func testRowsAreStepMajorLongestFirst() {
        let layout = SequenceLayout(lengths: [2, 3, 0, 3, 1])
        XCTAssertEqual(layout.count, 9)
        XCTAssertEqual(layout.steps, 3)
        XCTAssertEqual(layout.order, [1, 3, 0, 4, 2])
        XCTAssertEqual(layout.batchSizes, [4, 3, 2])
        XCTAssertEqual(layout.offsets, [0, 4, 7, 9])
        XCTAssertEqual(layout.row(sequence: 1, position: 0), 0)
        XCTAssertEqual(layout.row(sequence: 4, position: 0), 3)
        XCTAssertEqual(layout.row(sequence: 0, position: 1), 6)
        XCTAssertEqual(layout.row(sequence: 3, position: 2), 8)
        // Every (sequence, position) has its own row.
        var seen = Set<Int>()
        for b in 0..<5 { for t in 0..<layout.lengths[b] { seen.insert(layout.row(sequence: b, position: t)) } }
        XCTAssertEqual(seen, Set(0..<9))
    }

    func testReversedRowsStartAtEachSequencesLastToken() {
        let layout = SequenceLayout(lengths: [2, 3])
        // Step 0 reads position 2 of sequence 1 (rank 0) and position 1 of sequence 0 (rank 1).
        XCTAssertEqual(layout.reversedRows[0], Int32(layout.row(sequence: 1, position: 2)))
        XCTAssertEqual(layout.reversedRows[1], Int32(layout.row(sequence: 0, position: 1)))
        XCTAssertEqual(layout.reversedRows[2], Int32(layout.row(sequence: 1, position: 1)))
        XCTAssertEqual(layout.reversedRows[3], Int32(layout.row(sequence: 0, position: 0)))
        XCTAssertEqual(layout.reversedRows[4], Int32(layout.row(sequence: 1, position: 0)))
    }

    func testEmptyBatch() {
        let layout = SequenceLayout(lengths: [])
        XCTAssertEqual(layout.count, 0)
        XCTAssertEqual(layout.steps, 0)
        XCTAssertEqual(SequenceLayout(lengths: [0, 0]).count, 0)
    }
}
