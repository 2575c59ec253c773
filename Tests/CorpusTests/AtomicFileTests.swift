import Corpus
import Foundation
import XCTest

final class AtomicFileTests: XCTestCase {
    /// `checkWritable` passes in a writable folder without leaving a file behind, and fails
    /// like `write` would for a missing folder or a folder given as the file.
    func testCheckWritableLeavesNothingAndNamesThePath() throws {
        let folder = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.checkWritable(folder + "/model")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        XCTAssertThrowsError(try AtomicFile.checkWritable(folder + "/none/model")) { error in
            XCTAssertEqual(error as? InputError,
                           InputError(.io, file: folder + "/none/model", "cannot write here: No such file or directory"))
        }
        XCTAssertThrowsError(try AtomicFile.checkWritable(folder)) { error in
            XCTAssertEqual((error as? InputError)?.message, "is a directory; give a file name to write")
        }
    }
}
