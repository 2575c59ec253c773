// libFuzzer harness: the conlleval-exact evaluator behind `biotag eval`: default, raw and
// strict modes, with a confusion matrix, every report format, and the --gold/--pred alignment.
// Build and run with tools/fuzz/run SECONDS eval.
import Corpus
import Evaluation
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withScratchFile(data, size) { scratch in
        var variants: [EvaluationOptions] = []
        var options = EvaluationOptions()
        options.confusion = true
        variants.append(options)
        options.raw = true
        variants.append(options)
        options.raw = false
        for strict in EvaluationOptions.StrictScheme.allCases {
            options.strict = strict
            variants.append(options)
        }
        if let tab = try? DelimiterPattern("\\t") {
            var tabbed = EvaluationOptions()
            tabbed.delimiter = tab
            variants.append(tabbed)
        }
        for variant in variants {
            let evaluator = ChunkEvaluator(options: variant)
            do {
                try evaluator.add(lines: try LineReader(path: scratch))
            } catch { check(error) }
            let result = evaluator.result()
            _ = ConllevalReport.bytes(result)
            _ = TableReport.format(result)
            _ = JSONReport.format(result)
        }
        let aligned = ChunkEvaluator()
        do {
            try aligned.add(gold: try LineReader(path: scratch), predicted: try LineReader(path: scratch))
        } catch { check(error) }
        _ = ConllevalReport.format(aligned.result())
    }
    return 0
}
