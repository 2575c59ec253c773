import Foundation

/// Writes `text` to a fresh temporary file and returns its path (removed by the caller).
func temporaryFile(_ text: String) -> String {
    let path = NSTemporaryDirectory() + "corpus-test-\(UUID().uuidString).txt"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}
