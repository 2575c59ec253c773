// libFuzzer harness: the CoNLL column reader and the tag schemes applied to its label column.
// Build and run with tools/fuzz/run SECONDS conll.
import Corpus
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        let delimiters: [FieldDelimiter] = [.whitespace, .string("\t")]
        for (index, delimiter) in delimiters.enumerated() {
            guard let reader = try? ConllReader(path: scratch, delimiter: delimiter,
                                                requireSameColumnCount: index == 1) else { return }
            let writer = ConllWriter()
            while true {
                let sentence: ConllSentence?
                do { sentence = try reader.next() } catch { check(error); break }
                guard let sentence else { break }
                precondition(sentence.rows.count == sentence.lineNumbers.count)
                _ = writer.format(sentence)
                let labels = sentence.rows.compactMap { $0.last }
                for scheme in TagScheme.allCases {
                    let spans = scheme.spans(of: labels)
                    for span in spans {
                        precondition(span.start >= 0 && span.end <= labels.count && span.start < span.end)
                    }
                    _ = scheme.labels(for: spans, count: labels.count)
                    for target in TagScheme.allCases { _ = scheme.convert(labels, to: target) }
                    _ = scheme.violations(in: labels)
                    let distinct = Array(Set(labels)).sorted()
                    let rule = scheme.transitionRule(labels: distinct)
                    for (i, label) in distinct.enumerated() {
                        precondition(rule.ends(i) == scheme.allowsEnd(after: label))
                        precondition(rule.allows(nil, i) == scheme.allows(previous: nil, next: label))
                        if i > 0 {
                            let allowed = scheme.allows(previous: distinct[i - 1], next: label)
                            precondition(rule.allows(i - 1, i) == allowed)
                        }
                    }
                }
            }
        }
    }
    return 0
}
