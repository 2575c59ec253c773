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

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The corpora folder beside the checkout (`shared/data` next to the repository root), holding
/// UD_Korean-GSD/, KLUE-NER/ and CoNLL-2003/. The only place the tests look for corpora; tests
/// that need a corpus skip when its file is absent.
let corporaFolder = repositoryRoot + "/../shared/data"

/// The text of a file under annotations/hangul.
func annotation(_ name: String) throws -> String {
    try String(contentsOfFile: repositoryRoot + "/annotations/hangul/" + name, encoding: .utf8)
}
