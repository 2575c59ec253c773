import Corpus
import Foundation
import XCTest
import Network
@testable import Tagger

/// Training, saving, reloading and resuming with the bigram input, the window features and the
/// weight average.
final class ContextTrainingTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/context-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func options(epochs: Int) -> TrainingOptions {
        var options = TrainerTests.tinyOptions(unit: .char, epochs: epochs)
        options.bigramMinCount = 1
        options.averageEpochs = 2
        return options
    }

    /// The model's tags for the corpus and their token accuracy in percent.
    private static func tokenAccuracy(of model: TaggerModel, on corpus: LabeledCorpus)
        -> (tagged: [TaggedSequence], percent: Double) {
        let tagged = model.tag(batch: corpus.sentences.map(\.tokens))
        var right = 0, total = 0
        for (sentence, result) in zip(corpus.sentences, tagged) {
            for (a, b) in zip(sentence.labels, result.labels) { total += 1; right += a == b ? 1 : 0 }
        }
        return (tagged, 100 * Double(right) / Double(total))
    }

    private func network(dropout: Float = 0) -> NetworkConfig {
        var network = TrainerTests.tinyNetwork(unit: .char, dropout: dropout)
        network.hidden = 16
        network.bigramEmbedding = 4
        network.windowBuckets = 4096
        return network
    }

    func testTinyCharModelLearnsReloadsAndTagsTheSame() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        let trainer = try Trainer(train: corpus, dev: corpus, network: network(), options: options(epochs: 40))
        let path = folder + "/m.model"
        let best = try trainer.train(modelPath: path)
        XCTAssertGreaterThan(best.accuracy, 95)

        let model = try TaggerModel.load(path)
        XCTAssertTrue(model.header.network.usesBigrams)
        XCTAssertTrue(model.header.network.usesWindowFeatures)
        XCTAssertEqual(model.header.network.windowTemplates, ContextFeatures.basicTemplates)
        XCTAssertEqual(model.header.bigrams?.count, model.header.network.bigramVocabularySize)
        XCTAssertTrue(model.header.bigrams?.contains("<s> 아") ?? false)
        XCTAssertEqual(model.header.options.averageEpochs, 2)
        // The saved (averaged) weights score what training reported.
        let (tagged, percent) = Self.tokenAccuracy(of: model, on: corpus)
        XCTAssertEqual(percent, best.accuracy, accuracy: 1e-9)
        // Raw text gets the same inputs as the tokens of a file.
        let text = corpus.sentences[0].tokens.map { $0 == "▁" ? " " : $0 }.joined()
        XCTAssertEqual(model.tag(line: text).labels, tagged[0].labels)
        // The window table, left unallocated while the network was built, holds the file's
        // weights; a replica shares them and tags alike.
        let table = try XCTUnwrap(model.network.parameter(named: "window.w"))
        XCTAssertEqual(table.count, table.shapeCount)
        XCTAssertEqual(table.value, try ModelFile.read(path: path).tensor("window.w")?.values)
        XCTAssertEqual(model.replica().tag(line: text), model.tag(line: text))
        // The averaged weights differ from the last trained ones.
        let last = TaggerModel.tensors(of: trainer.network.parameters)
        XCTAssertNotEqual(try ModelFile.read(path: path).tensors.map(\.values), last.map(\.values))
    }

    /// `--window-templates extended`: the count is saved, the reloaded model computes the same
    /// twenty features (it tags as training scored), and an unknown count is refused on loading.
    func testExtendedTemplatesTrainReloadAndUnknownCountsAreRefused() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        var network = network()
        network.windowTemplates = WindowTemplates.extended.count
        let trainer = try Trainer(train: corpus, dev: corpus, network: network, options: options(epochs: 6))
        let path = folder + "/x.model"
        let best = try trainer.train(modelPath: path)
        let model = try TaggerModel.load(path)
        XCTAssertEqual(model.header.network.windowTemplates, 20)
        XCTAssertEqual(Self.tokenAccuracy(of: model, on: corpus).percent, best.accuracy, accuracy: 1e-9)

        network.windowTemplates = 13
        XCTAssertThrowsError(try Trainer(train: corpus, dev: corpus, network: network,
                                         options: options(epochs: 1)))
        var file = try ModelFile.read(path: path)
        var header = model.header
        header.network.windowTemplates = 13
        file.header = try header.encoded()
        try file.write(to: folder + "/y.model")
        XCTAssertThrowsError(try TaggerModel.load(folder + "/y.model")) { error in
            XCTAssertTrue("\(error)".contains("13 window features"), "\(error)")
        }
    }

    func testResumeWithAveragingGivesTheSameResult() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        let options = options(epochs: 4), network = network(dropout: 0.2)
        let straight = try Trainer(train: corpus, dev: corpus, network: network, options: options)
        try straight.train(modelPath: folder + "/a.model")

        let interrupted = try Trainer(train: corpus, dev: corpus, network: network, options: options)
        var stop = false
        interrupted.onEvent = { event in
            if case .epoch(let report) = event, report.epoch == 2 { stop = true }
        }
        interrupted.shouldStop = { stop }
        try interrupted.train(modelPath: folder + "/b.model")
        let checkpoint = try ModelFile.read(path: folder + "/b.model.checkpoint")
        XCTAssertNotNil(checkpoint.tensor(WeightAverage.prefix + "window.w"))

        let resumed = try Trainer(resuming: folder + "/b.model.checkpoint", train: corpus, dev: corpus)
        try resumed.train(modelPath: folder + "/b.model")
        XCTAssertEqual(resumed.state, straight.state)
        XCTAssertEqual(try ModelFile.read(path: folder + "/a.model.checkpoint").tensors,
                       try ModelFile.read(path: folder + "/b.model.checkpoint").tensors)
        XCTAssertEqual(try ModelFile.read(path: folder + "/a.model").tensors,
                       try ModelFile.read(path: folder + "/b.model").tensors)
    }

    /// Without the new options nothing of them reaches the model file.
    func testPlainModelHeaderHasNoNewFields() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        let trainer = try Trainer(train: corpus, dev: corpus, network: TrainerTests.tinyNetwork(unit: .char),
                                  options: TrainerTests.tinyOptions(unit: .char, epochs: 1))
        let path = folder + "/p.model"
        try trainer.train(modelPath: path)
        let header = String(decoding: try ModelFile.read(path: path).header, as: UTF8.self)
        for key in ["bigram", "window", "average"] { XCTAssertFalse(header.contains(key), key) }
        XCTAssertNil(try TaggerModel.load(path).header.bigrams)
    }

    func testWeightAverage() throws {
        let p = Parameter(name: "p", shape: [2])
        p.value = [1, 2]
        let average = WeightAverage(parameters: [p], decay: 0.9)
        p.value = [3, 6]
        average.update([p])      // d = min(0.9, 2/4): a = [1, 2] + (1/2)·([3, 6] - [1, 2])
        let a0: Float = 2, a1: Float = 4
        average.withAveraged([p]) {
            XCTAssertEqual(p.value[0], a0, accuracy: 1e-6)
            XCTAssertEqual(p.value[1], a1, accuracy: 1e-6)
        }
        XCTAssertEqual(p.value, [3, 6], "the trained weights come back")
        for _ in 0..<60 { average.update([p]) }   // d reaches 0.9 at step 17
        average.withAveraged([p]) { XCTAssertEqual(p.value[0], 3, accuracy: 1e-3) }
        let copy = WeightAverage(parameters: [p], decay: 0.9)
        try copy.restore(average.tensors())
        XCTAssertEqual(copy.steps, 61)
        XCTAssertThrowsError(try copy.restore([]))
        XCTAssertEqual(WeightAverage.decay(epochs: 2, stepsPerEpoch: 50), 0.99, accuracy: 1e-7)
    }
}
