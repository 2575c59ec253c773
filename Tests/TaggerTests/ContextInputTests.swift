import XCTest
import Network
@testable import Tagger

/// The bigram embedding, the sparse window features and the guide input: gradients, the equivalence of the
/// training and prediction paths, and the feature extraction.
final class ContextInputTests: XCTestCase {
    private func config(crf: Bool, bigrams: Bool, window: Bool, features: Bool = true, characters: Bool = false,
                        layers: Int = 1, dropout: Float = 0, guide: Bool = false) -> NetworkConfig {
        NetworkConfig(vocabularySize: 7, labelCount: 4, embedding: 3, hidden: 3, layers: layers, dropout: dropout,
                      crf: crf, featureCount: features ? 3 : 0, featureEmbedding: features ? 2 : 0,
                      characterVocabularySize: characters ? 5 : 0, characterEmbedding: characters ? 2 : 0,
                      characterHidden: characters ? 2 : 0,
                      bigramVocabularySize: bigrams ? 6 : nil, bigramEmbedding: bigrams ? 2 : nil,
                      windowBuckets: window ? 11 : nil, windowTemplates: window ? 3 : nil,
                      guideCount: guide ? 5 : nil, guideEmbedding: guide ? 2 : nil)
    }

    private let batch = NetworkBatch(
        tokens: [[2, 3, 4], [5], [6, 2, 1, 3]],
        features: [[0, 1, 2], [1], [2, 2, 0, 1]],
        characters: [[[1, 2], [3], [4, 1, 2]], [[2]], [[1], [2, 3], [4], [1, 1, 1]]],
        labels: [[0, 1, 2], [3], [1, 2, 0, 3]],
        bigrams: [[2, 3, 4, 5], [1, 2], [5, 4, 3, 2, 9]],
        window: [[0, 1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 0], [1, 1, 2, -1, 3, 4, 5, 6, 7, 8, 9, 10]],
        guide: [[1, 4, 0], [3], [2, 2, 4, 1]])

    /// Analytic gradients of the whole network against finite differences of `loss(_:)`, at
    /// every entry of the bigram table and of the window weights (the layers under test) and a
    /// sample of the others.
    private func checkNetwork(_ config: NetworkConfig, factored: Bool, file: StaticString = #filePath,
                              line: UInt = #line) {
        let network = TaggerNetwork(config: config, seed: 11)
        network.factorsTrainingInput = factored
        // Non-zero window weights, so that the gradient reaching the rest passes through them too.
        if let w = network.parameter(named: "window.w") {
            var g = SplitMix64(seed: 2)
            w.value = w.value.map { _ in g.nextFloat(bound: 0.5) }
        }
        for p in network.parameters { p.zeroGrad() }
        let loss = network.trainStep(batch, dropoutSeed: 1)
        XCTAssertTrue(loss.isFinite && loss > 0, file: file, line: line)
        XCTAssertEqual(Double(loss), network.loss(batch), accuracy: 1e-5, file: file, line: line)
        var g = SplitMix64(seed: 5)
        let epsilon: Float = 1e-2
        var checked = 0
        for p in network.parameters {
            let analytic = p.grad
            let all = p.name == "embedding.bigram" || p.name == "window.w" || p.name == "embedding.guide"
            let indices = all ? Array(0..<p.count) : (0..<4).map { _ in Int(g.next() % UInt64(p.count)) }
            for i in indices {
                let old = p.value[i]
                p.value[i] = old + epsilon
                let plus = network.loss(batch)
                p.value[i] = old - epsilon
                let minus = network.loss(batch)
                p.value[i] = old
                let numeric = (plus - minus) / Double(2 * epsilon)
                let a = Double(analytic[i])
                XCTAssertEqual(numeric, a, accuracy: 2e-3 + 3e-2 * max(abs(numeric), abs(a)),
                               "\(p.name)[\(i)] crf=\(config.crf) factored=\(factored)", file: file, line: line)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 50, file: file, line: line)
    }

    func testGradientsWithBigrams() {
        checkNetwork(config(crf: true, bigrams: true, window: false), factored: true)
        checkNetwork(config(crf: false, bigrams: true, window: false, layers: 2), factored: false)
        checkNetwork(config(crf: true, bigrams: true, window: false, features: false, characters: true),
                     factored: false)
    }

    func testGradientsWithWindowFeatures() {
        checkNetwork(config(crf: true, bigrams: false, window: true), factored: true)
        checkNetwork(config(crf: false, bigrams: false, window: true), factored: false)
    }

    func testGradientsWithGuide() {
        checkNetwork(config(crf: true, bigrams: false, window: false, guide: true), factored: true)
        checkNetwork(config(crf: false, bigrams: true, window: true, layers: 2, guide: true), factored: false)
        checkNetwork(config(crf: true, bigrams: false, window: false, features: false, characters: true,
                            guide: true), factored: false)
    }

    /// The guide ids reach the first layer: its own columns after the bigram ones, and the
    /// labels' scores change with them.
    func testGuideInputShapeAndEffect() {
        let network = TaggerNetwork(config: config(crf: true, bigrams: true, window: false, guide: true), seed: 1)
        XCTAssertEqual(network.parameter(named: "embedding.guide")?.shape, [5, 2])
        XCTAssertEqual(network.parameter(named: "lstm.0.fw.w")?.shape, [12, 3 + 2 + 2 + 2 + 2])
        var other = batch
        other.guide = [[4, 4, 4], [1], [0, 0, 0, 0]]
        XCTAssertNotEqual(network.loss(batch), network.loss(other))
        // Missing guide ids read as id 0.
        var missing = batch
        missing.guide = nil
        var zeros = batch
        zeros.guide = batch.tokens.map { $0.map { _ in 0 } }
        XCTAssertEqual(network.loss(missing), network.loss(zeros))
    }

    func testGradientsWithBoth() {
        checkNetwork(config(crf: true, bigrams: true, window: true, layers: 2), factored: true)
        checkNetwork(config(crf: true, bigrams: true, window: true, layers: 2), factored: false)
    }

    func testParametersAndShapes() {
        let network = TaggerNetwork(config: config(crf: true, bigrams: true, window: true), seed: 1)
        XCTAssertEqual(network.parameter(named: "embedding.bigram")?.shape, [6, 2])
        XCTAssertEqual(network.parameter(named: "window.w")?.shape, [11, 4])
        XCTAssertEqual(network.parameter(named: "lstm.0.fw.w")?.shape, [12, 3 + 2 + 2 + 2],
                       "word, feature, left and right bigram columns")
        let names = network.parameters.map(\.name)
        XCTAssertEqual(Set(names).count, names.count, "the shared bigram table is listed once")
        // Without the new inputs the network is drawn exactly as before.
        let plain = TaggerNetwork(config: config(crf: true, bigrams: false, window: false), seed: 1)
        let old = TaggerNetwork(config: NetworkConfig(vocabularySize: 7, labelCount: 4, embedding: 3, hidden: 3,
                                                      crf: true, featureCount: 3, featureEmbedding: 2), seed: 1)
        XCTAssertEqual(plain.parameters.map(\.value), old.parameters.map(\.value))
        XCTAssertNil(plain.parameter(named: "window.w"))
    }

    /// The training paths (per-symbol table or per token, halves on one or two threads) and the
    /// prediction paths (tabulated input projection or dense) agree, over a few Adam steps.
    func testTrainingAndPredictionPathsAgree() {
        for crf in [false, true] {
            func run(factored: Bool, threads: Int) -> ([Float], [[Float]], TaggerNetwork) {
                var c = config(crf: crf, bigrams: true, window: true, layers: 2, dropout: 0.2)
                c.inputDropout = 0
                let n = TaggerNetwork(config: c, seed: 7)
                n.factorsTrainingInput = factored
                n.threads = threads
                let optimizer = Adam(parameters: n.parameters, learningRate: 0.05)
                var losses: [Float] = []
                for step in 0..<3 {
                    optimizer.zeroGrad()
                    losses.append(n.trainStep(batch, dropoutSeed: UInt64(step)))
                    optimizer.step()
                }
                return (losses, n.parameters.map(\.value), n)
            }
            let table = run(factored: true, threads: 2), perToken = run(factored: false, threads: 1)
            let sameThreads = run(factored: true, threads: 1)
            XCTAssertEqual(table.0, sameThreads.0, "1 and 2 threads: identical")
            XCTAssertEqual(table.1, sameThreads.1)
            for (a, b) in zip(table.0, perToken.0) { XCTAssertEqual(a, b, accuracy: 1e-4) }
            for (a, b) in zip(table.1, perToken.1) {
                for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-4) }
            }
            let network = table.2
            XCTAssertTrue(network.parameter(named: "window.w")?.value.contains { $0 != 0 } ?? false)
            network.tabulatesInput = true
            let tabulated = network.predict(batch)
            network.tabulatesInput = false
            let dense = network.predict(batch)
            XCTAssertEqual(tabulated.labels, dense.labels)
            for (a, b) in zip(tabulated.confidence.joined(), dense.confidence.joined()) {
                XCTAssertEqual(a, b, accuracy: 1e-5)
            }
        }
    }

    /// A sentence gets the same scores alone as in a batch (bigrams and window features are
    /// placed by sentence and position).
    func testBatchEqualsSentencesAlone() {
        let network = TaggerNetwork(config: config(crf: true, bigrams: true, window: true, layers: 2), seed: 3)
        let whole = network.predict(batch)
        for b in 0..<3 {
            let alone = network.predict(NetworkBatch(tokens: [batch.tokens[b]], features: [batch.features![b]],
                                                     bigrams: [batch.bigrams![b]], window: [batch.window![b]]))
            XCTAssertEqual(alone.labels[0], whole.labels[b])
            for (a, c) in zip(alone.confidence[0], whole.confidence[b]) { XCTAssertEqual(a, c, accuracy: 1e-6) }
        }
    }

    /// Window-feature dropout: training drops features (fewer weight rows get a gradient, the
    /// loss changes), the same on one or two threads; prediction and `loss` use every feature.
    func testWindowDropout() {
        var c = config(crf: true, bigrams: false, window: true)
        func step(_ rate: Float?, threads: Int) -> (Float, [Float], Double) {
            c.windowDropout = rate
            let network = TaggerNetwork(config: c, seed: 4)
            network.threads = threads
            var g = SplitMix64(seed: 2)
            if let w = network.parameter(named: "window.w") {
                w.value = w.value.map { _ in g.nextFloat(bound: 0.5) }
            }
            let loss = network.trainStep(batch, dropoutSeed: 9)
            return (loss, network.parameter(named: "window.w")?.grad ?? [], network.loss(batch))
        }
        let plain = step(nil, threads: 2), dropped = step(0.5, threads: 2)
        XCTAssertNotEqual(plain.0, dropped.0)
        XCTAssertEqual(plain.2, dropped.2, "no dropout outside training")
        func rows(_ g: [Float]) -> Int { stride(from: 0, to: g.count, by: 4).filter { g[$0] != 0 }.count }
        XCTAssertLessThan(rows(dropped.1), rows(plain.1))
        XCTAssertGreaterThan(rows(dropped.1), 0)
        let one = step(0.5, threads: 1)
        XCTAssertEqual(one.0, dropped.0)
        XCTAssertEqual(one.1, dropped.1)
        c.windowDropout = 1
        XCTAssertNotNil(c.problem)
    }

    func testConfigRoundTripsAndOldConfigsDecode() throws {
        let c = config(crf: true, bigrams: true, window: true)
        XCTAssertEqual(try JSONDecoder().decode(NetworkConfig.self, from: JSONEncoder().encode(c)), c)
        XCTAssertTrue(c.usesBigrams && c.usesWindowFeatures)
        let plain = config(crf: true, bigrams: false, window: false)
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        XCTAssertFalse(json.contains("bigram") || json.contains("window"), "omitted when off: \(json)")
        XCTAssertFalse(plain.usesBigrams || plain.usesWindowFeatures)
        var bad = c
        bad.windowBuckets = -1
        XCTAssertNotNil(bad.problem)
    }

    // MARK: Feature extraction

    func testBigramStringsAndIDs() {
        XCTAssertEqual(ContextFeatures.bigramStrings(["가", "▁", "b"]), ["<s> 가", "가 ▁", "▁ b", "b </s>"])
        XCTAssertEqual(ContextFeatures.bigramStrings([]), [])
        let vocabulary = ContextFeatures.bigramVocabulary([["a", "b"], ["a", "b", "a"]], minCount: 2)
        XCTAssertEqual(Array(vocabulary.tokens.dropFirst(2)).sorted(), ["<s> a", "a b"])
        let context = ContextFeatures(bigrams: vocabulary, buckets: 0)
        XCTAssertEqual(context.bigramIDs(["a", "b", "c"]),
                       [vocabulary.id("<s> a"), vocabulary.id("a b"), Vocabulary.unknown, Vocabulary.unknown])
        XCTAssertNil(ContextFeatures(bigrams: nil, buckets: 0).bigramIDs(["a"]))
    }

    func testWindowFeatureIDs() throws {
        let context = ContextFeatures(bigrams: nil, buckets: 1 << 20)
        let k = ContextFeatures.basicTemplates
        let tokens = ["서", "울", "▁", "시"]
        let ids = try XCTUnwrap(context.windowIDs(tokens, classes: TokenUnit.char.classes(of: tokens)))
        XCTAssertEqual(ids.count, tokens.count * k)
        XCTAssertTrue(ids.allSatisfy { $0 >= 0 && $0 < 1 << 20 })
        // Deterministic, and the same token in another context shares its own-token feature only.
        let again = try XCTUnwrap(context.windowIDs(tokens, classes: TokenUnit.char.classes(of: tokens)))
        XCTAssertEqual(ids, again)
        let other = ["울", "산"]
        let ids2 = try XCTUnwrap(context.windowIDs(other, classes: TokenUnit.char.classes(of: other)))
        XCTAssertEqual(ids[k], ids2[0], "feature c=울")
        XCTAssertNotEqual(ids[k + 1], ids2[1], "p1=서 vs p1=<s>")
        XCTAssertNotEqual(ids[0 + 0], ids[k + 0], "c=서 vs c=울")
        // Each token's features are distinct from each other (different templates).
        XCTAssertEqual(Set(ids[0..<k]).count, k)
        XCTAssertNil(ContextFeatures(bigrams: nil, buckets: 0).windowIDs(tokens, classes: []))
        // Stable across runs and platforms: a fixed value.
        XCTAssertEqual(ContextFeatures.hash("가"), 0xd7de0a186ad75a6b)
        XCTAssertNotEqual(ContextFeatures.hash("가"), ContextFeatures.hash("각"))
    }

    /// The extended set: the basic twelve unchanged, then eight more, of which the word features
    /// follow the word a token stands in, whatever surrounds that word.
    func testExtendedWindowFeatureIDs() throws {
        let basic = ContextFeatures(bigrams: nil, buckets: 1 << 20)
        var extended = basic
        extended.templates = WindowTemplates.extended.count
        let k = ContextFeatures.basicTemplates, x = ContextFeatures.extendedTemplates
        XCTAssertEqual(x, 20)
        let a = ["맨", "체", "스", "터", "의", "▁", "골"]       // 맨체스터의 골
        let b = ["그", "▁", "맨", "체", "스", "터", "의"]       // 그 맨체스터의
        let c = ["맨", "체", "스", "터", "가"]                  // 맨체스터가
        func ids(_ context: ContextFeatures, _ tokens: [String]) throws -> [Int32] {
            try XCTUnwrap(context.windowIDs(tokens, classes: TokenUnit.char.classes(of: tokens)))
        }
        let ea = try ids(extended, a), eb = try ids(extended, b), ec = try ids(extended, c)
        let ba = try ids(basic, a)
        XCTAssertEqual(ea.count, a.count * x)
        for i in 0..<a.count {
            XCTAssertEqual(Array(ea[i * x..<i * x + k]), Array(ba[i * k..<(i + 1) * k]), "token \(i)")
        }
        // 체 (index 1 in a, 3 in b): same whole word, position, prefix and suffix in a and b.
        XCTAssertEqual(Array(ea[1 * x + 16..<1 * x + 20]), Array(eb[3 * x + 16..<3 * x + 20]))
        // In c the word differs (맨체스터가): whole word and suffix differ, the prefix 맨체 not.
        XCTAssertNotEqual(ea[1 * x + 16], ec[1 * x + 16])
        XCTAssertNotEqual(ea[1 * x + 19], ec[1 * x + 19])
        XCTAssertEqual(ea[1 * x + 18], ec[1 * x + 18])
        // Position in the word: first (맨), inside (체), last (의) all differ; 골 is a word alone.
        XCTAssertEqual(Set([ea[0 * x + 17], ea[1 * x + 17], ea[4 * x + 17]]).count, 3)
        XCTAssertEqual(ea[0 * x + 16], ea[4 * x + 16], "one word, one whole-word feature")
        XCTAssertNotEqual(ea[0 * x + 16], ea[6 * x + 16])
        // Every template of a token lands on its own bucket here.
        XCTAssertEqual(Set(ea[0..<x]).count, x)
        XCTAssertTrue(ea.allSatisfy { $0 >= 0 && $0 < 1 << 20 })
        XCTAssertEqual(WindowTemplates(count: 20), .extended)
        XCTAssertEqual(WindowTemplates(count: 12), .basic)
        XCTAssertNil(WindowTemplates(count: 13))
    }
}
