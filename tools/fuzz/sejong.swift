// libFuzzer harness: Sejong-style analyses (`아버지가<TAB>아버지/NNG + 가/JKS`) through what
// `biotag convert --from sejong` does: labelling (pos and seg), the restoration dictionary,
// every output format, and decoding the labels back into morphemes.
// Build and run with tools/fuzz/run SECONDS sejong.
import Corpus
import Foundation
import Hangul

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        guard let lines = try? LineReader(path: scratch) else { return }
        let reader = SejongReader(lines: lines)
        var labelings = [MorphemeLabeling(kind: .pos), MorphemeLabeling(kind: .seg)]
        while true {
            let analysis: AnalyzedSentence?
            do { analysis = try reader.next() } catch { check(error); break }
            guard let analysis else { break }
            _ = SejongReader.format(analysis)
            _ = ConlluWriter.format(ConlluAnalysis.conllu(analysis))
            for k in labelings.indices {
                let syllables = labelings[k].label(analysis)
                for span in syllables.spans {
                    precondition(span.start >= 0 && span.end <= syllables.tokens.count
                                 && span.start < span.end)
                }
                for scheme in TagScheme.allCases {
                    let labels = syllables.labels(in: scheme)
                    precondition(labels.count == syllables.tokens.count)
                    _ = SyllableBIO.format(syllables, scheme: scheme)
                }
                _ = labelings[k].labels(analysis, scheme: .iobes)
                _ = InlineMarkup.format(syllables)
                _ = SpanJSON.format(syllables, words: analysis.words)
                var decoder = MorphemeDecoder(dictionary: labelings[k].dictionary, kind: k == 0 ? .pos : .seg)
                let back = decoder.decode(syllables)
                _ = SejongReader.format(back)
            }
        }
        for labeling in labelings {
            let text = labeling.dictionary.formatted()
            do {
                let again = try RestorationDictionary(text: text, source: "formatted")
                precondition(again == labeling.dictionary, "the dictionary reads back different:\n\(text)")
            } catch {
                fatalError("a formatted dictionary does not read back: \(error)")
            }
        }
    }
    return 0
}
