// libFuzzer harness: the KLUE NER tsv reader and every output `biotag convert --from klue` makes
// (syllable BIO in each scheme, inline markup read back, JSON spans).
// Build and run with tools/fuzz/run SECONDS klue.
import Corpus
import Foundation
import Hangul

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        guard let lines = try? LineReader(path: scratch) else { return }
        let reader = KlueReader(lines: lines)
        while true {
            let sentence: KlueSentence?
            do { sentence = try reader.next() } catch { check(error); break }
            guard let sentence else { break }
            precondition(sentence.characters.count == sentence.labels.count)
            let syllables = sentence.syllableSentence
            for span in syllables.spans {
                precondition(span.start >= 0 && span.end <= syllables.tokens.count && span.start < span.end)
                _ = syllables.text(of: span)
            }
            for scheme in TagScheme.allCases { _ = SyllableBIO.format(syllables, scheme: scheme) }
            let inline = InlineMarkup.format(syllables)
            _ = InlineMarkup.sentence(inline)
            _ = SpanJSON.format(syllables)
            _ = syllables.surfaceText
            _ = syllables.wordRanges
        }
    }
    return 0
}
