// Training and inference throughput of TaggerNetwork on synthetic batches (no I/O, no data files).
// Usage: bench-network [--crf] [--skip-predict] [--threads N] [--batches N] [--labels N]
//                      [--emb N] [--hidden N] [--layers N] [--batch N] [--chars]
// Prints tokens/s for training steps (forward, backward, clipping, Adam; wall clock, and per CPU
// second, which is steadier on a shared machine) and for prediction.
import Foundation
import Network

var crf = false, chars = false, skipPredict = false
var threads = 1, batches = 30, labels = 333, emb = 64, hidden = 128, layers = 1, batchSize = 32
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    func int() -> Int { Int(args.popFirst() ?? "") ?? 0 }
    switch a {
    case "--crf": crf = true
    case "--chars": chars = true
    case "--skip-predict": skipPredict = true
    case "--threads": threads = int()
    case "--batches": batches = int()
    case "--labels": labels = int()
    case "--emb": emb = int()
    case "--hidden": hidden = int()
    case "--layers": layers = int()
    case "--batch": batchSize = int()
    default:
        FileHandle.standardError.write("unknown option \(a)\n".data(using: .utf8) ?? Data())
        exit(1)
    }
}

let vocabulary = 3000
let config = NetworkConfig(vocabularySize: vocabulary, labelCount: labels, embedding: emb, hidden: hidden,
                           layers: layers, dropout: 0.3, crf: crf,
                           characterVocabularySize: chars ? 80 : 0, characterEmbedding: chars ? 25 : 0,
                           characterHidden: chars ? 25 : 0)
let network = TaggerNetwork(config: config, seed: 1)
network.threads = threads
let adam = Adam(parameters: network.parameters, learningRate: 1e-3)
adam.threads = threads
var g = SplitMix64(seed: 2)
func makeBatch() -> NetworkBatch {
    var tokens: [[Int32]] = [], gold: [[Int32]] = [], characters: [[[Int32]]] = []
    for _ in 0..<batchSize {
        let length = 15 + Int(g.next() % 46)
        tokens.append((0..<length).map { _ in Int32(2 + g.next() % UInt64(vocabulary - 2)) })
        gold.append((0..<length).map { _ in Int32(g.next() % UInt64(labels)) })
        if chars {
            let words = (0..<length).map { _ in (0..<(2 + Int(g.next() % 8))).map { _ in Int32(1 + g.next() % 79) } }
            characters.append(words)
        }
    }
    return NetworkBatch(tokens: tokens, characters: chars ? characters : nil, labels: gold)
}
let data = (0..<batches).map { _ in makeBatch() }
let tokens = data.reduce(0) { $0 + $1.tokens.reduce(0) { $0 + $1.count } }

// Warm-up (work buffers grow to size).
adam.zeroGrad()
_ = network.trainStep(data[0], dropoutSeed: 0)

/// CPU seconds used by this process so far (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
var start = Date()
var cpuStart = cpuSeconds()
var lossSum: Float = 0
for (i, batch) in data.enumerated() {
    adam.zeroGrad()
    lossSum += network.trainStep(batch, dropoutSeed: UInt64(i))
    clipGlobalNorm(network.parameters, maxNorm: 5)
    adam.step()
}
let trainSeconds = Date().timeIntervalSince(start)
let trainCPU = cpuSeconds() - cpuStart
start = Date()
if !skipPredict { for batch in data { _ = network.predict(batch) } }
let predictSeconds = Date().timeIntervalSince(start)
print(String(format: "crf=%@ chars=%@ threads=%d labels=%d emb=%d hidden=%d layers=%d batch=%d tokens=%d | "
                + "train %.0f tok/s (%.1f ms/batch, %.0f tok per CPU-s) | predict %@ tok/s | mean loss %.3f",
             crf ? "yes" : "no", chars ? "yes" : "no", threads, labels, emb, hidden, layers, batchSize, tokens,
             Double(tokens) / trainSeconds, trainSeconds * 1000 / Double(batches), Double(tokens) / trainCPU,
             skipPredict ? "-" : String(format: "%.0f", Double(tokens) / predictSeconds),
             lossSum / Float(batches)))
