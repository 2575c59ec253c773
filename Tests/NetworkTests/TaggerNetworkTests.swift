import XCTest
@testable import Network

final class TaggerNetworkTests: XCTestCase {
    private func config(crf: Bool, features: Bool = false, characters: Bool = false, layers: Int = 1,
                        dropout: Float = 0, cell: RecurrentCell? = nil) -> NetworkConfig {
        NetworkConfig(vocabularySize: 7, labelCount: 4, embedding: 3, hidden: 3, layers: layers, dropout: dropout,
                      crf: crf, featureCount: features ? 3 : 0, featureEmbedding: features ? 2 : 0,
                      characterVocabularySize: characters ? 5 : 0, characterEmbedding: characters ? 2 : 0,
                      characterHidden: characters ? 2 : 0, cell: cell)
    }

    private let batch = NetworkBatch(
        tokens: [[2, 3, 4], [5], [6, 2, 1, 3]],
        features: [[0, 1, 2], [1], [2, 2, 0, 1]],
        characters: [[[1, 2], [3], [4, 1, 2]], [[2]], [[1], [2, 3], [4], [1, 1, 1]]],
        labels: [[0, 1, 2], [3], [1, 2, 0, 3]])

    private func sentence(_ b: Int) -> NetworkBatch {
        NetworkBatch(tokens: [batch.tokens[b]], features: [batch.features![b]],
                     characters: [batch.characters![b]], labels: [batch.labels![b]])
    }

    /// Analytic gradients of the whole network against finite differences of `loss(_:)`.
    private func checkNetwork(_ config: NetworkConfig, factored: Bool = true) {
        let network = TaggerNetwork(config: config, seed: 11)
        network.factorsTrainingInput = factored
        for p in network.parameters { p.zeroGrad() }
        let loss = network.trainStep(batch, dropoutSeed: 1)
        XCTAssertTrue(loss.isFinite && loss > 0)
        XCTAssertEqual(Double(loss), network.loss(batch), accuracy: 1e-5)
        var g = SplitMix64(seed: 5)
        let epsilon: Float = 1e-2
        var checked = 0
        for p in network.parameters {
            let analytic = p.grad
            for _ in 0..<4 {
                let i = Int(g.next() % UInt64(p.count))
                let old = p.value[i]
                p.value[i] = old + epsilon
                let plus = network.loss(batch)
                p.value[i] = old - epsilon
                let minus = network.loss(batch)
                p.value[i] = old
                let numeric = (plus - minus) / Double(2 * epsilon)
                let a = Double(analytic[i])
                XCTAssertEqual(numeric, a, accuracy: 2e-3 + 3e-2 * max(abs(numeric), abs(a)),
                               "\(p.name)[\(i)] crf=\(config.crf) factored=\(factored) \(config.recurrentCell)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    func testGradientsSoftmaxHead() {
        checkNetwork(config(crf: false, layers: 2))
        checkNetwork(config(crf: false, layers: 2), factored: false)
    }
    func testGradientsCRFHead() {
        checkNetwork(config(crf: true))
        checkNetwork(config(crf: true), factored: false)
    }
    func testGradientsWithFeatures() {
        checkNetwork(config(crf: false, features: true))
        checkNetwork(config(crf: true, features: true, layers: 2), factored: false)
    }
    func testGradientsWithFeaturesAndCharacters() {
        checkNetwork(config(crf: true, features: true, characters: true))
        checkNetwork(config(crf: false, features: true, characters: true))
    }
    /// A GRU tagger (stacked layers, character encoder, table and per-token first-layer input)
    /// with each head.
    func testGradientsGRUSoftmaxHead() {
        checkNetwork(config(crf: false, layers: 2, cell: .gru))
        checkNetwork(config(crf: false, features: true, characters: true, cell: .gru))
    }
    func testGradientsGRUCRFHead() {
        checkNetwork(config(crf: true, features: true, cell: .gru))
        checkNetwork(config(crf: true, features: true, characters: true, layers: 2, cell: .gru), factored: false)
    }

    /// Without input dropout, training gives the first layer a table of the batch's distinct
    /// symbols: the losses and every gradient equal the per-token path's up to float rounding,
    /// over several optimiser steps (between-layer dropout on), with and without features and
    /// for an id outside the vocabulary. With input dropout the table is not used: bit-identical.
    func testFactoredTrainingInputMatchesPerTokenInput() {
        var wide = batch
        wide.tokens[2][1] = 40  // outside the vocabulary: a zero vector
        for (crf, features, layers) in [(false, false, 1), (true, true, 2), (false, true, 1)] {
            func run(factored: Bool, inputDropout: Float) -> ([Float], [[Float]]) {
                var c = config(crf: crf, features: features, layers: layers, dropout: 0.3)
                c.inputDropout = inputDropout
                let network = TaggerNetwork(config: c, seed: 7)
                network.factorsTrainingInput = factored
                let optimizer = Adam(parameters: network.parameters, learningRate: 0.05)
                var losses: [Float] = [], grads: [[Float]] = []
                for step in 0..<3 {
                    optimizer.zeroGrad()
                    losses.append(network.trainStep(wide, dropoutSeed: UInt64(step)))
                    grads = network.parameters.map(\.grad)
                    optimizer.step()
                }
                return (losses, grads)
            }
            let name = "crf=\(crf) features=\(features) layers=\(layers)"
            let table = run(factored: true, inputDropout: 0), perToken = run(factored: false, inputDropout: 0)
            for (a, b) in zip(table.0, perToken.0) { XCTAssertEqual(a, b, accuracy: 1e-4, name) }
            for (a, b) in zip(table.1, perToken.1) {
                for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-4, name) }
            }
            XCTAssertTrue(table.1[0].contains { $0 != 0 }, "the embedding is trained")
            let dropped = run(factored: true, inputDropout: 0.3)
            let plain = run(factored: false, inputDropout: 0.3)
            XCTAssertEqual(dropped.0, plain.0, name)
            XCTAssertEqual(dropped.1, plain.1, name)
            XCTAssertNotEqual(dropped.0, table.0, name)
        }
    }

    func testParameterNamesAreUnique() {
        let network = TaggerNetwork(config: config(crf: true, features: true, characters: true, layers: 2), seed: 1)
        let names = network.parameters.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for name in ["embedding.word", "embedding.feature", "char.embedding", "char.lstm.fw.w", "lstm.0.fw.w",
                     "lstm.1.bw.b", "output.w", "output.b", "crf.transitions", "crf.start", "crf.end"] {
            XCTAssertNotNil(network.parameter(named: name), name)
        }
        XCTAssertEqual(network.parameter(named: "lstm.0.fw.w")?.shape, [12, 3 + 2 + 4])
        let gru = TaggerNetwork(config: config(crf: true, features: true, characters: true, layers: 2, cell: .gru),
                                seed: 1)
        let gruNames = gru.parameters.map(\.name)
        XCTAssertEqual(Set(gruNames).count, gruNames.count)
        XCTAssertFalse(gruNames.contains { $0.contains("lstm") })
        for name in ["char.gru.fw.bh", "gru.0.fw.w", "gru.1.bw.bh", "gru.0.bw.u"] {
            XCTAssertNotNil(gru.parameter(named: name), name)
        }
        XCTAssertEqual(gru.parameter(named: "gru.0.fw.w")?.shape, [9, 3 + 2 + 4])
        XCTAssertEqual(gru.parameter(named: "gru.1.fw.u")?.shape, [9, 3])
        XCTAssertEqual(gru.parameter(named: "gru.1.fw.bh")?.shape, [3])
    }

    /// A batch of different lengths gives each sentence's loss and gradients exactly as alone.
    func testBatchEqualsSentencesAlone() {
        for (crf, cell) in [(false, RecurrentCell.lstm), (true, .lstm), (false, .gru), (true, .gru)] {
            let c = config(crf: crf, features: true, characters: true, layers: 2, cell: cell)
            let network = TaggerNetwork(config: c, seed: 3)
            for p in network.parameters { p.zeroGrad() }
            let batchLoss = network.trainStep(batch, dropoutSeed: 0)
            let batchGrads = network.parameters.map(\.grad)
            var summedLoss: Float = 0
            var summed = network.parameters.map { [Float](repeating: 0, count: $0.count) }
            for b in 0..<3 {
                for p in network.parameters { p.zeroGrad() }
                summedLoss += network.trainStep(sentence(b), dropoutSeed: 0)
                for (k, p) in network.parameters.enumerated() {
                    for i in 0..<p.count { summed[k][i] += p.grad[i] }
                }
            }
            // The batch divides by 3 sentences, each sentence alone by 1.
            XCTAssertEqual(batchLoss * 3, summedLoss, accuracy: 1e-4 * summedLoss)
            for (k, p) in network.parameters.enumerated() {
                for i in 0..<p.count {
                    XCTAssertEqual(batchGrads[k][i] * 3, summed[k][i], accuracy: 1e-4, "\(p.name)[\(i)]")
                }
            }
            let together = network.predict(batch)
            for b in 0..<3 {
                let alone = network.predict(sentence(b))
                XCTAssertEqual(together.labels[b], alone.labels[0])
                for t in together.confidence[b].indices {
                    XCTAssertEqual(together.confidence[b][t], alone.confidence[0][t], accuracy: 1e-5)
                }
            }
        }
    }

    func testDeterministicForSeedAndThreadCount() {
        for cell in RecurrentCell.allCases { checkDeterminism(cell) }
    }

    private func checkDeterminism(_ cell: RecurrentCell) {
        func run(threads: Int, seed: UInt64) -> ([Float], [[Float]]) {
            let network = TaggerNetwork(config: config(crf: true, features: true, characters: true, dropout: 0.3,
                                                       cell: cell), seed: seed)
            network.threads = threads
            let optimizer = Adam(parameters: network.parameters, learningRate: 0.01)
            var losses: [Float] = []
            for step in 0..<3 {
                optimizer.zeroGrad()
                losses.append(network.trainStep(batch, dropoutSeed: UInt64(step)))
                clipGlobalNorm(network.parameters, maxNorm: 5)
                optimizer.step()
            }
            return (losses, network.parameters.map(\.value))
        }
        let a = run(threads: 1, seed: 42), b = run(threads: 1, seed: 42), c = run(threads: 2, seed: 42)
        XCTAssertEqual(a.0, b.0)
        XCTAssertEqual(a.1, b.1)
        XCTAssertEqual(a.0, c.0)
        XCTAssertEqual(a.1, c.1)
        XCTAssertNotEqual(run(threads: 1, seed: 43).0, a.0)
    }

    /// Training steps split a batch into its even and odd sentences (every field alike); the
    /// summed halves give the whole batch's loss and the gradient of a network that never splits
    /// (a batch of one sentence, trained sentence by sentence).
    func testTrainingHalvesAddUpToTheWholeBatch() {
        let (even, odd) = TaggerNetwork.halves(batch)
        XCTAssertEqual(even.tokens, [batch.tokens[0], batch.tokens[2]])
        XCTAssertEqual(odd.tokens, [batch.tokens[1]])
        XCTAssertEqual(even.features ?? [], [batch.features![0], batch.features![2]])
        XCTAssertEqual(odd.characters?.count, 1)
        XCTAssertEqual(odd.labels ?? [], [batch.labels![1]])
        let whole = TaggerNetwork(config: config(crf: true, features: true, layers: 2), seed: 8)
        let parts = TaggerNetwork(config: config(crf: true, features: true, layers: 2), seed: 8)
        for p in whole.parameters + parts.parameters { p.zeroGrad() }
        let loss = whole.trainStep(batch, dropoutSeed: 0)
        var sum: Float = 0
        for b in 0..<3 { sum += parts.trainStep(sentence(b), dropoutSeed: 0) / 3 }
        XCTAssertEqual(loss, sum, accuracy: 1e-4)
        for (a, b) in zip(whole.parameters, parts.parameters) {
            for (x, y) in zip(a.grad, b.grad) { XCTAssertEqual(x, y / 3, accuracy: 1e-5, a.name) }
        }
    }

    /// Adversarial training (`config.adversarial`): each half of a step adds, to its clean
    /// gradient, the gradient at its word-embedding rows moved by `size * g / ||g||` (g: the
    /// half's clean gradient of those rows), and the rows come back exactly. Checked against the
    /// same computation done by hand on a network without it, per-token and table input alike.
    func testAdversarialStepAddsTheGradientAtTheMovedEmbeddings() {
        for factored in [true, false] {
            var moving = config(crf: true, features: true, layers: 2)
            moving.adversarial = 0.5
            let network = TaggerNetwork(config: moving, seed: 8)
            let plain = TaggerNetwork(config: config(crf: true, features: true, layers: 2), seed: 8)
            network.factorsTrainingInput = factored
            plain.factorsTrainingInput = factored
            let before = network.wordEmbedding.table.value
            for p in network.parameters { p.zeroGrad() }
            let loss = network.trainStep(batch, dropoutSeed: 0)
            XCTAssertEqual(network.wordEmbedding.table.value, before)
            XCTAssertEqual(loss, Float(plain.loss(batch)), accuracy: 1e-4)

            var expected = plain.parameters.map { [Float](repeating: 0, count: $0.count) }
            let (even, odd) = TaggerNetwork.halves(batch)
            for half in [even, odd] {
                let share = Float(half.tokens.count) / Float(batch.tokens.count)
                for p in plain.parameters { p.zeroGrad() }
                _ = plain.trainStep(half, dropoutSeed: 0)
                let table = plain.wordEmbedding.table, d = plain.wordEmbedding.dimension
                let rows = Set(half.tokens.joined().map(Int.init))
                let g = table.grad
                let norm = rows.map { r in (0..<d).map { g[r * d + $0] * g[r * d + $0] }.reduce(0, +) }
                    .reduce(0, +).squareRoot()
                XCTAssertGreaterThan(norm, 0)
                for (j, p) in plain.parameters.enumerated() {
                    for i in 0..<p.count { expected[j][i] += share * p.grad[i] }
                }
                for p in plain.parameters { p.zeroGrad() }
                let saved = table.value
                for r in rows { for k in 0..<d { table.value[r * d + k] += 0.5 * g[r * d + k] / norm } }
                _ = plain.trainStep(half, dropoutSeed: 0)
                table.value = saved
                for (j, p) in plain.parameters.enumerated() {
                    for i in 0..<p.count { expected[j][i] += share * p.grad[i] }
                }
            }
            var differs = false
            for (p, e) in zip(network.parameters, expected) {
                for (x, y) in zip(p.grad, e) {
                    XCTAssertEqual(x, y, accuracy: 1e-5 + 1e-4 * abs(y), "\(p.name) factored=\(factored)")
                }
            }
            // The moved rows change the gradient: it is not the clean one.
            for p in plain.parameters { p.zeroGrad() }
            _ = plain.trainStep(batch, dropoutSeed: 0)
            for (a, b) in zip(network.parameters, plain.parameters) where a.grad != b.grad { differs = true }
            XCTAssertTrue(differs)
        }
    }

    func testDropoutChangesTrainingLossOnly() {
        let network = TaggerNetwork(config: config(crf: false, dropout: 0.5), seed: 1)
        let l1 = network.trainStep(batch, dropoutSeed: 1)
        let l2 = network.trainStep(batch, dropoutSeed: 2)
        XCTAssertNotEqual(l1, l2)
        XCTAssertEqual(network.loss(batch), network.loss(batch))
        XCTAssertEqual(network.predict(batch).labels, network.predict(batch).labels)
    }

    func testOverfitsTinyData() {
        for crf in [false, true] {
            let network = TaggerNetwork(config: config(crf: crf, features: true, characters: true), seed: 7)
            let optimizer = Adam(parameters: network.parameters, learningRate: 0.05)
            var first: Float = 0, last: Float = 0
            for step in 0..<150 {
                optimizer.zeroGrad()
                last = network.trainStep(batch, dropoutSeed: UInt64(step))
                if step == 0 { first = last }
                optimizer.step()
            }
            XCTAssertLessThan(last, 0.05 * first, "crf=\(crf): \(first) -> \(last)")
            let predicted = network.predict(batch)
            XCTAssertEqual(predicted.labels, batch.labels!)
            for c in predicted.confidence.joined() { XCTAssertGreaterThan(c, 0.8) }
        }
    }

    func testConstrainedPredictionNeverEmitsForbiddenTransitions() throws {
        // Labels: 0 = O, 1 = B-X, 2 = I-X, 3 = B-Y. Train the network towards O I-X patterns.
        let data = NetworkBatch(tokens: [[2, 3, 4, 5], [6, 3]], labels: [[0, 2, 2, 0], [0, 2]])
        for crf in [false, true] {
            let network = TaggerNetwork(config: config(crf: crf), seed: 2)
            let optimizer = Adam(parameters: network.parameters, learningRate: 0.05)
            for step in 0..<60 {
                optimizer.zeroGrad()
                _ = network.trainStep(data, dropoutSeed: UInt64(step))
                optimizer.step()
            }
            XCTAssertEqual(network.predict(data).labels, data.labels!, "learns the forbidden pattern unconstrained")
            network.transitionMask = TransitionMask(labels: 4) { previous, next in
                next != 2 || previous == 1 || previous == 2
            }
            let predicted = network.predict(data)
            for path in predicted.labels {
                XCTAssertNotEqual(path.first, 2)
                for t in 1..<path.count where path[t] == 2 { XCTAssertTrue(path[t - 1] == 1 || path[t - 1] == 2) }
            }
            for c in predicted.confidence.joined() { XCTAssertTrue(c >= 0 && c <= 1) }
            // Forbid ending on O: every path must now end on B-X, I-X or B-Y, and keep its rules.
            let mask = network.transitionMask
            XCTAssertEqual(mask?.start[2], false, "I-X may not start a sentence")
            var ending = try XCTUnwrap(mask)
            ending.end = [false, true, true, true]
            network.transitionMask = ending
            for path in network.predict(data).labels {
                XCTAssertNotEqual(path.last, 0)
                XCTAssertNotEqual(path.first, 2)
            }
            network.transitionMask = mask
            XCTAssertEqual(network.predict(data).labels, predicted.labels)
        }
    }

    /// Prediction packs the weights once and reuses them; after optimizer steps it must use the
    /// new values: a network that predicted, then trained, predicts exactly like a fresh network
    /// given the trained values (both heads, with and without a mask).
    func testPredictionFollowsWeightUpdates() {
        for crf in [false, true] {
            let network = TaggerNetwork(config: config(crf: crf, layers: 2), seed: 3)
            network.transitionMask = TransitionMask(labels: 4) { p, n in n != 2 || p == 1 || p == 2 }
            _ = network.predict(batch)
            let optimizer = Adam(parameters: network.parameters, learningRate: 0.05)
            for step in 0..<5 {
                optimizer.zeroGrad()
                _ = network.trainStep(batch, dropoutSeed: UInt64(step))
                optimizer.step()
            }
            let after = network.predict(batch)
            let fresh = TaggerNetwork(config: config(crf: crf, layers: 2), seed: 99)
            for (a, b) in zip(fresh.parameters, network.parameters) { a.value = b.value }
            fresh.transitionMask = network.transitionMask
            let expected = fresh.predict(batch)
            XCTAssertEqual(after.labels, expected.labels, "crf=\(crf)")
            XCTAssertEqual(after.confidence, expected.confidence, "crf=\(crf)")
            XCTAssertEqual(network.loss(batch), fresh.loss(batch), "crf=\(crf)")
        }
    }

    /// Prediction looks the first layer's input projection up in tables when the input is made
    /// of embeddings only: same labels and confidences as the dense product up to rounding, for
    /// both heads, with and without features, after training steps too.
    func testTabulatedInputMatchesDenseInput() {
        for (crf, cell) in [(false, RecurrentCell.lstm), (true, .lstm), (true, .gru)] {
            for features in [false, true] {
                let network = TaggerNetwork(config: config(crf: crf, features: features, layers: 2, cell: cell),
                                            seed: 5)
                let optimizer = Adam(parameters: network.parameters, learningRate: 0.05)
                for step in 0..<3 {
                    network.tabulatesInput = true
                    let tabulated = network.predict(batch)
                    network.tabulatesInput = false
                    let dense = network.predict(batch)
                    let name = "crf=\(crf) features=\(features) step=\(step) \(cell)"
                    XCTAssertEqual(tabulated.labels, dense.labels, name)
                    for (a, b) in zip(tabulated.confidence.joined(), dense.confidence.joined()) {
                        XCTAssertEqual(a, b, accuracy: 1e-5, name)
                    }
                    optimizer.zeroGrad()
                    _ = network.trainStep(batch, dropoutSeed: UInt64(step))
                    optimizer.step()
                }
            }
        }
    }

    /// Without confidences (no marginals, no softmax) the labels are the same and every
    /// confidence is 0; with them they are probabilities.
    func testPredictionWithoutConfidencesGivesTheSameLabels() {
        for crf in [false, true] {
            let network = TaggerNetwork(config: config(crf: crf, layers: 2), seed: 4)
            network.transitionMask = TransitionMask(labels: 4) { p, n in n != 2 || p == 1 || p == 2 }
            let full = network.predict(batch)
            let lean = network.predict(batch, confidence: false)
            XCTAssertEqual(lean.labels, full.labels, "crf=\(crf)")
            XCTAssertEqual(lean.confidence.map(\.count), full.confidence.map(\.count))
            XCTAssertTrue(lean.confidence.joined().allSatisfy { $0 == 0 })
            XCTAssertTrue(full.confidence.joined().allSatisfy { $0 > 0 && $0 <= 1 })
        }
    }

    func testInvalidLabelsGiveNaNWithoutTouchingGradients() {
        let network = TaggerNetwork(config: config(crf: true), seed: 1)
        var bad = batch
        bad.labels = [[0, 1, 9], [3], [1, 2, 0, 3]]
        XCTAssertTrue(network.trainStep(bad, dropoutSeed: 0).isNaN)
        bad.labels = [[0, 1], [3], [1, 2, 0, 3]]
        XCTAssertTrue(network.trainStep(bad, dropoutSeed: 0).isNaN)
        bad.labels = nil
        XCTAssertTrue(network.trainStep(bad, dropoutSeed: 0).isNaN)
        XCTAssertTrue(network.parameters.allSatisfy { $0.grad.allSatisfy { $0 == 0 } })
    }

    func testEmptySentencesAndEmptyBatch() {
        let network = TaggerNetwork(config: config(crf: true), seed: 1)
        let out = network.predict(NetworkBatch(tokens: [[], [2, 3], []]))
        XCTAssertEqual(out.labels.map(\.count), [0, 2, 0])
        XCTAssertEqual(network.predict(NetworkBatch(tokens: [])).labels.count, 0)
        XCTAssertEqual(network.trainStep(NetworkBatch(tokens: [[]], labels: [[]]), dropoutSeed: 0), 0)
    }

    func testConfigRoundTripsThroughJSON() throws {
        let c = config(crf: true, features: true, characters: true, layers: 2, dropout: 0.25)
        let decoded = try JSONDecoder().decode(NetworkConfig.self, from: JSONEncoder().encode(c))
        XCTAssertEqual(decoded, c)
        XCTAssertNil(c.problem)
        var bad = c
        bad.layers = 0
        XCTAssertNotNil(bad.problem)
        // The input dropout rate is kept when set, omitted (and read back as nil) otherwise.
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(c), as: UTF8.self).contains("inputDropout"))
        XCTAssertEqual(c.inputDropoutRate, 0.25)
        var own = c
        own.inputDropout = 0
        XCTAssertEqual(try JSONDecoder().decode(NetworkConfig.self, from: JSONEncoder().encode(own)), own)
        XCTAssertEqual(own.inputDropoutRate, 0)
        XCTAssertNil(own.problem)
        own.inputDropout = 1
        XCTAssertEqual(own.problem, "inputDropout must be in 0..<1")
        // The cell is written when set; a configuration without one (older files) is an LSTM.
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(c), as: UTF8.self).contains("cell"))
        XCTAssertEqual(c.recurrentCell, .lstm)
        var gru = c
        gru.cell = .gru
        let text = String(decoding: try JSONEncoder().encode(gru), as: UTF8.self)
        XCTAssertTrue(text.contains("\"cell\":\"gru\""), text)
        XCTAssertEqual(try JSONDecoder().decode(NetworkConfig.self, from: Data(text.utf8)).recurrentCell, .gru)
        let older = text.replacingOccurrences(of: ",\"cell\":\"gru\"", with: "")
            .replacingOccurrences(of: "\"cell\":\"gru\",", with: "")
        XCTAssertFalse(older.contains("cell"))
        XCTAssertEqual(try JSONDecoder().decode(NetworkConfig.self, from: Data(older.utf8)).recurrentCell, .lstm)
    }
}
