import Corpus
import Foundation
import XCTest

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input") -> String {
    let path = NSTemporaryDirectory() + "hangul-\(UUID().uuidString)-\(name)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// A line reader over `text`.
func lines(_ text: String) -> LineReader {
    // The file is unlinked at once; the open descriptor keeps it readable.
    let path = temporaryFile(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    guard let reader = try? LineReader(path: path) else { fatalError("cannot open a temporary file") }
    return reader
}

/// The repository root (three levels above this file) and the shared data folder beside it
/// (`../shared`; a git worktree under `wt/NAME` finds it two levels up).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
let sharedData: String = {
    let beside = repositoryRoot + "/../shared/data"
    let worktree = repositoryRoot + "/../../shared/data"
    return FileManager.default.fileExists(atPath: beside) ? beside : worktree
}()

/// The text of a file under annotations/hangul.
func annotation(_ name: String) throws -> String {
    try String(contentsOfFile: repositoryRoot + "/annotations/hangul/" + name, encoding: .utf8)
}
