// libFuzzer harness: inline entity markup (`<경찰:OG>은 ...`), one sentence per line, as
// `biotag convert --from inline` reads it, and its outputs.
// Build and run with tools/fuzz/run SECONDS inline.
import Corpus
import Foundation
import Hangul

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = String(line)
        let parsed = InlineMarkup.parse(line)
        let characters = parsed.text.count
        for span in parsed.spans { precondition(span.start >= 0 && span.start <= span.end) ; _ = characters }
        let sentence = InlineMarkup.sentence(line)
        for span in sentence.spans {
            precondition(span.start >= 0 && span.end <= sentence.tokens.count && span.start < span.end,
                         "span \(span) outside \(sentence.tokens.count) tokens")
            _ = sentence.text(of: span)
        }
        for scheme in TagScheme.allCases { _ = SyllableBIO.format(sentence, scheme: scheme) }
        let again = InlineMarkup.format(sentence)
        _ = InlineMarkup.sentence(again)
        _ = SpanJSON.format(sentence)
    }
    return 0
}
