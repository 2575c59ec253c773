import Foundation
import XCTest
@testable import Corpus

final class FileContentsTests: XCTestCase {
    func testReadsEveryByteOfEmptySmallAndLargeFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filecontents-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for size in [0, 1, 65_535, 65_536, 200_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = folder.appendingPathComponent("f\(size)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            XCTAssertEqual(try FileContents.bytes(path: path), bytes, "size \(size)")
        }
    }

    func testMissingFileIsAnIOErrorNamingIt() {
        XCTAssertThrowsError(try FileContents.bytes(path: "/nonexistent/model.bin")) { error in
            XCTAssertEqual((error as? InputError)?.kind, .io)
            XCTAssertEqual((error as? InputError)?.file, "/nonexistent/model.bin")
        }
    }
}
