// libFuzzer harness: the CoNLL-U reader, surface tokens, comments and the writer, then what
// `biotag convert --from conllu` does with a sentence: morpheme analyses (LEMMA/XPOS split at
// `+`), syllable labels (pos and seg) and decoding them back.
// Build and run with tools/fuzz/run SECONDS conllu.
import Corpus
import Foundation
import Hangul

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        guard let reader = try? ConlluReader(path: scratch) else { return }
        var labelings = [MorphemeLabeling(kind: .pos), MorphemeLabeling(kind: .seg)]
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
            let analysis: AnalyzedSentence
            do {
                analysis = try ConlluAnalysis.sentence(sentence, file: "fuzz")
            } catch {
                check(error)
                continue
            }
            _ = SejongReader.format(analysis)
            for k in labelings.indices {
                let syllables = labelings[k].label(analysis)
                for span in syllables.spans {
                    precondition(span.start >= 0 && span.end <= syllables.tokens.count
                                 && span.start < span.end)
                }
                _ = SyllableBIO.format(syllables, scheme: .bio)
                var decoder = MorphemeDecoder(dictionary: labelings[k].dictionary, kind: k == 0 ? .pos : .seg)
                _ = ConlluWriter.format(ConlluAnalysis.conllu(decoder.decode(syllables)))
            }
        }
    }
    return 0
}
