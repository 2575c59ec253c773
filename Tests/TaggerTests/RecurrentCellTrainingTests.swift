import Corpus
import Foundation
import Network
import XCTest
@testable import Tagger

/// Training, saving, reloading and resuming GRU taggers, and model files without a cell.
final class RecurrentCellTrainingTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/cell-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func gru(unit: TokenUnit, crf: Bool, dropout: Float = 0) -> NetworkConfig {
        var network = TrainerTests.tinyNetwork(unit: unit, crf: crf, dropout: dropout)
        network.cell = .gru
        return network
    }

    /// A word-unit GRU tagger (with its GRU character encoder) learns its training data with
    /// each head; the model file records the cell and holds GRU tensors only; the reloaded
    /// model tags as scored.
    func testTinyGRUWordModelLearnsAndReloads() throws {
        let corpus = try LabeledCorpus.read(path: TrainerTests.samples + "ner-en.conll")
        for crf in [false, true] {
            let trainer = try Trainer(train: corpus, dev: corpus, unit: .word,
                                      network: Self.gru(unit: .word, crf: crf),
                                      options: TrainerTests.tinyOptions(unit: .word, epochs: 25))
            let path = folder + "/gru-\(crf).model"
            let best = try trainer.train(modelPath: path)
            XCTAssertGreaterThan(best.f1, 90, "crf \(crf)")
            let file = try ModelFile.read(path: path)
            XCTAssertTrue(String(decoding: file.header, as: UTF8.self).contains("\"cell\":\"gru\""))
            XCTAssertTrue(file.tensors.contains { $0.name == "gru.0.fw.bh" })
            XCTAssertTrue(file.tensors.contains { $0.name == "char.gru.bw.u" })
            XCTAssertFalse(file.tensors.contains { $0.name.contains("lstm") })
            let model = try TaggerModel.load(path)
            XCTAssertEqual(model.header.network.recurrentCell, .gru)
            XCTAssertEqual(model.header.network.crf, crf)
            let tagged = model.tag(batch: corpus.sentences.map(\.tokens))
            var right = 0, total = 0
            for (sentence, result) in zip(corpus.sentences, tagged) {
                for (a, b) in zip(sentence.labels, result.labels) { total += 1; right += a == b ? 1 : 0 }
            }
            XCTAssertEqual(100 * Double(right) / Double(total), best.accuracy, accuracy: 1e-9)
        }
    }

    /// A character-unit GRU tagger on Korean morphemes learns its training data.
    func testTinyGRUCharModelLearns() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        var network = Self.gru(unit: .char, crf: true)
        network.hidden = 16
        let trainer = try Trainer(train: corpus, dev: corpus, network: network,
                                  options: TrainerTests.tinyOptions(unit: .char, epochs: 40))
        let path = folder + "/morph.model"
        let best = try trainer.train(modelPath: path)
        XCTAssertGreaterThan(best.accuracy, 95)
        XCTAssertEqual(try TaggerModel.load(path).header.network.recurrentCell, .gru)
    }

    /// Stopping a GRU run after an epoch and resuming it from its checkpoint ends with the
    /// uninterrupted run's state, checkpoint and model.
    func testGRUResumeGivesTheSameResultAsAnUninterruptedRun() throws {
        let corpus = try LabeledCorpus.read(path: TrainerTests.samples + "ner-en.conll")
        var options = TrainerTests.tinyOptions(unit: .word, epochs: 3)
        options.unknownDropout = 0.3
        let network = Self.gru(unit: .word, crf: true, dropout: 0.2)
        let straight = try Trainer(train: corpus, dev: corpus, unit: .word, network: network, options: options)
        try straight.train(modelPath: folder + "/a.model")
        let interrupted = try Trainer(train: corpus, dev: corpus, unit: .word, network: network,
                                      options: options)
        var stop = false
        interrupted.onEvent = { event in
            if case .epoch(let report) = event, report.epoch == 1 { stop = true }
        }
        interrupted.shouldStop = { stop }
        try interrupted.train(modelPath: folder + "/b.model")
        XCTAssertEqual(interrupted.state.epoch, 1)
        let resumed = try Trainer(resuming: folder + "/b.model.checkpoint", train: corpus, dev: corpus)
        XCTAssertEqual(resumed.header.network.recurrentCell, .gru)
        try resumed.train(modelPath: folder + "/b.model")
        XCTAssertEqual(resumed.state, straight.state)
        XCTAssertEqual(try ModelFile.read(path: folder + "/a.model.checkpoint").tensors,
                       try ModelFile.read(path: folder + "/b.model.checkpoint").tensors)
        XCTAssertEqual(try ModelFile.read(path: folder + "/a.model").tensors,
                       try ModelFile.read(path: folder + "/b.model").tensors)
    }

    /// A model file whose header has no cell (as written before the choice existed) loads as an
    /// LSTM and tags exactly as with `"cell":"lstm"`; a GRU file stripped of its cell is refused
    /// with a one-line model error, not a crash.
    func testFilesWithoutACellLoadAsLSTM() throws {
        let corpus = try LabeledCorpus.read(path: TrainerTests.samples + "ner-en.conll")
        for cell in RecurrentCell.allCases {
            var network = TrainerTests.tinyNetwork(unit: .word, crf: true)
            network.cell = cell
            let trainer = try Trainer(train: corpus, dev: corpus, unit: .word, network: network,
                                      options: TrainerTests.tinyOptions(unit: .word, epochs: 2))
            let path = folder + "/\(cell).model", older = folder + "/\(cell)-older.model"
            try trainer.train(modelPath: path)
            let file = try ModelFile.read(path: path)
            var header = try XCTUnwrap(JSONSerialization.jsonObject(with: file.header) as? [String: Any])
            var shape = try XCTUnwrap(header["network"] as? [String: Any])
            XCTAssertEqual(shape.removeValue(forKey: "cell") as? String, cell.rawValue)
            header["network"] = shape
            let stripped = try JSONSerialization.data(withJSONObject: header)
            XCTAssertFalse(String(decoding: stripped, as: UTF8.self).contains("cell"))
            try ModelFile(kind: file.kind, header: stripped, tensors: file.tensors).write(to: older)
            switch cell {
            case .lstm:
                let model = try TaggerModel.load(path), old = try TaggerModel.load(older)
                XCTAssertNil(old.header.network.cell)
                XCTAssertEqual(old.header.network.recurrentCell, .lstm)
                let tokens = corpus.sentences.map(\.tokens)
                let a = model.tag(batch: tokens), b = old.tag(batch: tokens)
                XCTAssertEqual(a.map(\.labels), b.map(\.labels))
                XCTAssertEqual(a.map(\.confidence), b.map(\.confidence))
            case .gru:
                XCTAssertThrowsError(try TaggerModel.load(older)) { error in
                    let text = "\(error)"
                    XCTAssertTrue(text.contains(older) && !text.contains("\n"), text)
                }
            }
        }
    }
}
