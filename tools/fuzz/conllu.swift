// libFuzzer harness: the CoNLL-U reader, surface tokens, comments and the writer.
// Build and run with tools/fuzz/run SECONDS conllu.
import Corpus
import Foundation
#if canImport(Glibc)
import Glibc
#endif

private let scratch = "/dev/shm/biotag-fuzz-conllu-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: data, count: size)) else { return 0 }
    defer { unlink(scratch) }
    guard let reader = try? ConlluReader(path: scratch) else { return 0 }
    while true {
        let sentence: ConlluSentence?
        do { sentence = try reader.next() } catch { check(error); break }
        guard var sentence else { break }
        precondition(sentence.words.count == sentence.lineNumbers.count)
        let words = sentence.syntacticWords
        for token in sentence.surfaceTokens {
            precondition(token.wordIndices.lowerBound >= 0 && token.wordIndices.upperBound <= words.count,
                         "token covers words outside the sentence")
        }
        _ = sentence.sentenceID
        let text = sentence.text
        sentence.text = "x"
        sentence.text = text
        for i in sentence.words.indices {
            _ = sentence.words[i].miscItems
            sentence.words[i].spaceAfter.toggle()
        }
        _ = ConlluWriter.format(sentence)
    }
    return 0
}

private func check(_ error: Error) {
    guard let error = error as? InputError else { fatalError("not an InputError: \(error)") }
    precondition(!error.description.contains("\n"), "multi-line message: \(error.description)")
}
