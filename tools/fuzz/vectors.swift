// libFuzzer harness: word2vec/GloVe text vectors (`biotag train --vectors`).
// Build and run with tools/fuzz/run SECONDS vectors.
import Corpus
import Foundation
import Tagger

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
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
            check(error)
        }
    }
    return 0
}
