import Corpus
import Foundation
import XCTest
import Network
@testable import Tagger

/// A model that reads another model's labels (`Trainer(guide:)`, `biotag train
/// --morph-features`): training, the file holding both, tagging, replicas and resuming.
final class GuideModelTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/guide-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A tiny morpheme model (the guide), saved and loaded back.
    private func guide() throws -> TaggerModel {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        let trainer = try Trainer(train: corpus, dev: corpus, network: TrainerTests.tinyNetwork(unit: .char),
                                  options: TrainerTests.tinyOptions(unit: .char, epochs: 3))
        try trainer.train(modelPath: folder + "/guide.model")
        return try TaggerModel.load(folder + "/guide.model")
    }

    private var entities: LabeledCorpus {
        get throws { try LabeledCorpus.read(path: LabeledCorpusTests.samples + "ner-ko.klue.tsv") }
    }

    private func network() -> NetworkConfig {
        var network = TrainerTests.tinyNetwork(unit: .char, dropout: 0.2)
        network.guideEmbedding = 3
        return network
    }

    func testTrainsSavesAndTagsWithTheGuide() throws {
        let guide = try guide(), corpus = try entities
        let trainer = try Trainer(train: corpus, dev: corpus, network: network(),
                                  options: TrainerTests.tinyOptions(unit: .char, epochs: 3), guide: guide)
        XCTAssertEqual(trainer.header.network.guideCount, guide.labels.count + 1)
        let path = folder + "/ner.model"
        try trainer.train(modelPath: path)

        let file = try ModelFile.read(path: path)
        XCTAssertNotNil(file.tensor("embedding.guide"))
        XCTAssertEqual(file.tensor("guide.embedding.word")?.values, guide.network.parameter(named: "embedding.word")?.value)
        let model = try TaggerModel.load(path)
        XCTAssertEqual(model.header.guide?.header.labels, guide.labels)
        XCTAssertNil(model.header.guide?.header.restoration, "the guide's dictionary is not stored")
        XCTAssertEqual(model.guide?.tensors.map(\.values), guide.tensors.map(\.values))

        // Tagging feeds the guide's labels (plus one) next to the tokens.
        let sentences = corpus.sentences.map(\.tokens)
        var input = model.encoder.batch(sentences)
        let guided = guide.tag(batch: sentences).map { $0.labels.map { Int32(guide.labels.firstIndex(of: $0)! + 1) } }
        input.guide = guided
        let direct = model.network.predict(input).labels.map { $0.map { model.labels[Int($0)] } }
        XCTAssertEqual(model.tag(batch: sentences).map(\.labels), direct)
        XCTAssertEqual(model.replica().tag(batch: sentences), model.tag(batch: sentences))
        let text = sentences[0].map { $0 == "▁" ? " " : $0 }.joined()
        XCTAssertEqual(model.tag(line: text).labels, direct[0])
        // Other guide labels give other scores: the input is read.
        input.guide = guided.map { $0.map { _ in 1 } }
        XCTAssertNotEqual(model.network.loss(input), model.network.loss(model.encoder.batch(sentences)))
    }

    func testResumeGivesTheSameModel() throws {
        let guide = try guide(), corpus = try entities
        let options = TrainerTests.tinyOptions(unit: .char, epochs: 4)
        let straight = try Trainer(train: corpus, dev: corpus, network: network(), options: options, guide: guide)
        try straight.train(modelPath: folder + "/a.model")

        let interrupted = try Trainer(train: corpus, dev: corpus, network: network(), options: options,
                                      guide: guide)
        var stop = false
        interrupted.onEvent = { event in
            if case .epoch(let report) = event, report.epoch == 2 { stop = true }
        }
        interrupted.shouldStop = { stop }
        try interrupted.train(modelPath: folder + "/b.model")
        let resumed = try Trainer(resuming: folder + "/b.model.checkpoint", train: corpus, dev: corpus)
        XCTAssertNotNil(resumed.model.guide)
        try resumed.train(modelPath: folder + "/b.model")
        XCTAssertEqual(resumed.state, straight.state)
        XCTAssertEqual(try ModelFile.read(path: folder + "/a.model").tensors,
                       try ModelFile.read(path: folder + "/b.model").tensors)
    }

    func testRefusesAGuideOfAnotherUnitAndAFileWithoutItsTensors() throws {
        let guide = try guide()
        let english = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "ner-en.conll")
        XCTAssertThrowsError(try Trainer(train: english, dev: english, unit: .word,
                                         network: TrainerTests.tinyNetwork(unit: .word),
                                         options: TrainerTests.tinyOptions(unit: .word, epochs: 1), guide: guide)) {
            XCTAssertTrue(($0 as? InputError)?.message.contains("guide model") ?? false, "\($0)")
        }

        let corpus = try entities
        let trainer = try Trainer(train: corpus, dev: corpus, network: network(),
                                  options: TrainerTests.tinyOptions(unit: .char, epochs: 1), guide: guide)
        let path = folder + "/ner.model"
        try trainer.train(modelPath: path)
        var file = try ModelFile.read(path: path)
        file.tensors.removeAll { $0.name.hasPrefix("guide.") }
        try file.write(to: folder + "/broken.model")
        XCTAssertThrowsError(try TaggerModel.load(folder + "/broken.model")) {
            let message = "\($0)"
            XCTAssertTrue(message.contains("broken.model") && message.contains("guide.embedding.word"), message)
        }
    }
}
