import XCTest
@testable import Kernels

final class WorkspaceTests: XCTestCase {
    func testBBufferGrowsOnlyWhenNeeded() {
        let workspace = Workspace.current
        XCTAssertTrue(workspace === Workspace.current, "one workspace per thread")
        let large = workspace.bBuffer(count: 5000)
        XCTAssertGreaterThanOrEqual(workspace.bCapacity, 5000)
        XCTAssertEqual(workspace.bBuffer(count: 100), large, "a smaller request reuses the buffer")
        XCTAssertEqual(workspace.bBuffer(count: 5000), large)
        XCTAssertEqual(Int(bitPattern: UnsafeRawPointer(workspace.a)) % 64, 0, "A buffer 64-byte aligned")
    }

    func testEachThreadHasItsOwn() {
        let here = ObjectIdentifier(Workspace.current)
        let box = IdentifierBox()
        let done = expectation(description: "thread")
        let thread = Thread {
            box.value = ObjectIdentifier(Workspace.current)
            box.again = ObjectIdentifier(Workspace.current)
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
