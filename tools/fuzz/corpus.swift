// libFuzzer harness: training/evaluation data as `biotag train` reads it: format detection
// (CoNLL, KLUE tsv, CoNLL-U, Sejong) and every reader behind LabeledCorpus.read, with both
// morpheme label kinds. Build and run with tools/fuzz/run SECONDS corpus.
import Corpus
import Foundation
import Tagger

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        var formats: [InputFormat?] = [nil]
        formats += InputFormat.allCases.map { Optional($0) }
        for format in formats {
            for labels in MorphemeLabels.allCases {
                do {
                    let corpus = try LabeledCorpus.read(path: scratch, format: format, labels: labels)
                    for sentence in corpus.sentences {
                        precondition(sentence.tokens.count == sentence.labels.count,
                                     "\(sentence.tokens.count) tokens but \(sentence.labels.count) labels")
                    }
                    _ = corpus.scheme.violations(in: corpus.sentences.first?.labels ?? [])
                } catch {
                    check(error)
                }
                if format == .conll || format == .klue { break }   // labels only matter for morphemes
            }
        }
    }
    return 0
}
