import XCTest
@testable import Kernels

final class PackingScratchTests: XCTestCase {
    func testBBufferGrowsOnlyWhenNeeded() {
        let scratch = PackingScratch.current
        XCTAssertTrue(scratch === PackingScratch.current, "one scratch per thread")
        let large = scratch.bBuffer(count: 5000)
        XCTAssertGreaterThanOrEqual(scratch.bCapacity, 5000)
        XCTAssertEqual(scratch.bBuffer(count: 100), large, "a smaller request reuses the buffer")
        XCTAssertEqual(scratch.bBuffer(count: 5000), large)
        XCTAssertEqual(Int(bitPattern: UnsafeRawPointer(scratch.a)) % 64, 0, "A buffer 64-byte aligned")
    }

    func testEachThreadHasItsOwn() {
        let here = ObjectIdentifier(PackingScratch.current)
        let box = IdentifierBox()
        let done = expectation(description: "thread")
        let thread = Thread {
            box.value = ObjectIdentifier(PackingScratch.current)
            box.again = ObjectIdentifier(PackingScratch.current)
            done.fulfill()
        }
        thread.start()
        wait(for: [done], timeout: 60)
        XCTAssertNotEqual(box.value, here)
        XCTAssertEqual(box.value, box.again)
    }
}

private final class IdentifierBox: @unchecked Sendable {
    var value: ObjectIdentifier?
    var again: ObjectIdentifier?
}
