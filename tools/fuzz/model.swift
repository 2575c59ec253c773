// libFuzzer harness: the model file container, the model header and weights behind
// TaggerModel.load, the training checkpoint, and tagging with whatever loads.
//
// Mutated files almost never pass the checksum, so each input is also tried "repaired": with its
// length field and checksum recomputed, so the structure and the JSON header get fuzzed too.
// `tools/fuzz/run` seeds the corpus with tiny freshly trained models (BIOTAG_FUZZ_MAKE_SEEDS).
import Corpus
import Foundation
import Network
@testable import Tagger
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    if let folder = getenv("BIOTAG_FUZZ_MAKE_SEEDS") {
        makeSeeds(in: String(cString: folder))
        exit(0)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    do { _ = try ModelFile.decode(Data(bytes)) } catch { check(error) }
    guard bytes.count >= ModelFile.preambleSize + 8, Array(bytes[0..<8]) == ModelFile.magic else { return 0 }
    var repaired = bytes
    let total = UInt64(repaired.count)
    for i in 0..<8 { repaired[12 + i] = UInt8(truncatingIfNeeded: total >> (8 * UInt64(i))) }
    let version = UInt32(repaired[8]) | UInt32(repaired[9]) << 8 | UInt32(repaired[10]) << 16
        | UInt32(repaired[11]) << 24
    let sum = ModelFile.checksum(repaired[0..<(repaired.count - 8)], version: version)
    for i in 0..<8 { repaired[repaired.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
    withScratchFile(Data(repaired)) { scratch in
        do {
            let model = try TaggerModel.load(scratch)
            for tokens in [["a"], ["가", "▁", "b", "Peter"], [], Array(repeating: "x", count: 3)] {
                let result = model.tag(tokens: tokens)
                precondition(result.labels.count == tokens.count && result.confidence.count == tokens.count)
                for label in result.labels { precondition(model.labels.contains(label)) }
            }
            _ = model.tag(line: "아버지가 방에 Peter 3개")
        } catch {
            check(error)
        }
        do { _ = try Checkpoint.read(path: scratch) } catch { check(error) }
    }
    return 0
}

private func entities(_ sentences: [LabeledSentence]) -> LabeledCorpus {
    LabeledCorpus(file: "seed", format: .conll, sentences: sentences, task: "entity", scheme: .bio,
                  restoration: nil, analyses: nil)
}

/// Trains three tiny models (word unit with softmax, char unit with CRF, a Korean morpheme model)
/// for one epoch and keeps their model and checkpoint files as seeds.
private func makeSeeds(in folder: String) {
    let english = [LabeledSentence(tokens: ["Peter", "visited", "Paris"], labels: ["B-PER", "O", "B-LOC"]),
                   LabeledSentence(tokens: ["EU", "rejects"], labels: ["B-ORG", "O"])]
    let korean = [LabeledSentence(tokens: ["경", "찰", "은", "▁", "박"],
                                  labels: ["B-OG", "I-OG", "O", "O", "B-PS"])]
    var corpora: [(String, LabeledCorpus?, TokenUnit, Bool)] = [
        ("word", entities(english), .word, false), ("char", entities(korean), .char, true)]
    // A morpheme model, with a restoration dictionary in its header.
    let conllu = "# text = 했다\n1\t했다\t하+었+다\tVERB\tXSV+EP+EF\t_\t0\troot\t_\t_\n\n"
    let path = folder + "/.seed.conllu"
    if FileManager.default.createFile(atPath: path, contents: Data(conllu.utf8)) {
        corpora.append(("morph", try? LabeledCorpus.read(path: path, format: .conllu), .char, true))
        unlink(path)
    }
    for (name, corpus, unit, crf) in corpora {
        guard let corpus else { fputs("seed \(name): no corpus\n", stderr); continue }
        var network = NetworkConfig.defaults(for: unit)
        network.embedding = 4
        network.hidden = 3
        network.layers = unit == .char ? 2 : 1
        network.crf = crf
        if unit == .word { network.characterEmbedding = 3; network.characterHidden = 2 }
        var options = TrainingOptions.defaults(for: unit)
        options.epochs = 1
        options.threads = 1
        do {
            let trainer = try Trainer(train: corpus, dev: corpus, unit: unit, network: network,
                                      options: options)
            try trainer.train(modelPath: folder + "/seed-\(name).model")
        } catch {
            fputs("seed \(name): \(error)\n", stderr)
        }
    }
}
