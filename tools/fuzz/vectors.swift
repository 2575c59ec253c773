// libFuzzer harness: word2vec/GloVe text vectors (`biotag train --vectors`).
// Build and run with tools/fuzz/run SECONDS vectors.
import Corpus
import Foundation
import Tagger
#if canImport(Glibc)
import Glibc
#endif

private let scratch = "/dev/shm/biotag-fuzz-vectors-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    guard FileManager.default.createFile(atPath: scratch, contents: input) else { return 0 }
    defer { unlink(scratch) }
    do {
        let vectors = try WordVectors(path: scratch)
        precondition(vectors.dimension > 0)
        for word in vectors.words.prefix(20) {
            guard let vector = vectors.vector(word) else { fatalError("word '\(word)' has no vector") }
            precondition(vector.count == vectors.dimension)
            precondition(vector.allSatisfy(\.isFinite))
            _ = vectors.vector(word.uppercased())
        }
    } catch {
        guard let error = error as? InputError else { fatalError("not an InputError: \(error)") }
        precondition(!error.description.contains("\n"), "multi-line message: \(error.description)")
    }
    return 0
}
