import Foundation
import XCTest
@testable import Corpus

final class FileStatusTests: XCTestCase {
    func testDirectoryFileAndMissing() throws {
        let folder = NSTemporaryDirectory() + "filestatus-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/f.txt"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("12345".utf8)))
        XCTAssertEqual(FileStatus.isDirectory(folder), true)
        XCTAssertEqual(FileStatus.isDirectory(file), false)
        XCTAssertNil(FileStatus.isDirectory(folder + "/missing"))
        XCTAssertEqual(FileStatus.size(file), 5)
        XCTAssertNil(FileStatus.size(folder + "/missing"))
    }
}
