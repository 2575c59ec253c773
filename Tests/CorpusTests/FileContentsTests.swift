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

    func testReadsAFileWhoseSizeIsNotKnownInAdvance() throws {
        // A FIFO reports size 0: everything arrives through the chunked reads past the buffer.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(getpid())").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { unlink(path) }
        let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, min(10_000, raw.count - offset))
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(fd)
        }
        writer.start()
        XCTAssertEqual(try FileContents.bytes(path: path), bytes)
    }

    func testMissingFileIsAnIOErrorNamingIt() {
        XCTAssertThrowsError(try FileContents.bytes(path: "/nonexistent/model.bin")) { error in
            XCTAssertEqual((error as? InputError)?.kind, .io)
            XCTAssertEqual((error as? InputError)?.file, "/nonexistent/model.bin")
        }
    }
}
