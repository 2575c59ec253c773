// libFuzzer harness: syllable BIO files as `biotag convert --from bio` reads them, decoded into
// morpheme analyses (pos and seg) and written back in every format.
// Build and run with tools/fuzz/run SECONDS bio.
import Corpus
import Foundation
import Hangul

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        guard let lines = try? LineReader(path: scratch) else { return }
        let reader = SyllableBIOReader(lines: lines)
        var decoders = [MorphemeDecoder(kind: .pos), MorphemeDecoder(kind: .seg)]
        while true {
            let sentence: SyllableSentence?
            do { sentence = try reader.next() } catch { check(error); break }
            guard let sentence else { break }
            for span in sentence.spans {
                precondition(span.start >= 0 && span.end <= sentence.tokens.count && span.start < span.end)
            }
            for scheme in TagScheme.allCases { _ = SyllableBIO.format(sentence, scheme: scheme) }
            _ = InlineMarkup.format(sentence)
            for k in decoders.indices {
                let analysis = decoders[k].decode(sentence)
                _ = SejongReader.format(analysis)
                _ = ConlluWriter.format(ConlluAnalysis.conllu(analysis))
                _ = SpanJSON.format(sentence, words: analysis.words)
            }
        }
    }
    return 0
}
