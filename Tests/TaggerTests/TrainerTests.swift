import Corpus
import Foundation
import Network
import XCTest
import Hangul
@testable import Tagger

final class TrainerTests: XCTestCase {
    static let samples = LabeledCorpusTests.samples

    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "/trainer-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Tiny shapes so debug builds train in about a second.
    static func tinyNetwork(unit: TokenUnit, crf: Bool = false, dropout: Float = 0) -> NetworkConfig {
        var network = NetworkConfig.defaults(for: unit)
        network.embedding = 8
        network.hidden = 8
        network.layers = 1
        network.dropout = dropout
        network.crf = crf
        network.characterEmbedding = 4
        network.characterHidden = 4
        network.featureEmbedding = 2
        return network
    }

    /// Quick training settings for the tiny shapes.
    static func tinyOptions(unit: TokenUnit, epochs: Int) -> TrainingOptions {
        var options = TrainingOptions.defaults(for: unit)
        options.epochs = epochs
        options.batchSize = 2
        options.learningRate = 0.05
        options.learningRateDecay = 0
        options.patience = 0
        options.unknownDropout = 0
        options.threads = 1
        options.seed = 5
        return options
    }

    func testTinyWordModelLearnsItsTrainingDataAndReloads() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        for crf in [false, true] {
            let trainer = try Trainer(train: corpus, dev: corpus, unit: nil,
                                      network: Self.tinyNetwork(unit: .word, crf: crf),
                                      options: Self.tinyOptions(unit: .word, epochs: 25))
            let path = folder + "/ner-\(crf).model"
            let best = try trainer.train(modelPath: path)
            XCTAssertGreaterThan(best.f1, 90, "crf \(crf)")
            XCTAssertGreaterThan(best.accuracy, 95, "crf \(crf)")

            let model = try TaggerModel.load(path)
            XCTAssertEqual(model.unit, .word)
            XCTAssertEqual(model.header.dev?.f1, best.f1)
            XCTAssertEqual(model.header.network.crf, crf)
            let tagged = model.tag(batch: corpus.sentences.map(\.tokens))
            var right = 0, total = 0
            for (sentence, result) in zip(corpus.sentences, tagged) {
                XCTAssertEqual(result.labels.count, sentence.tokens.count)
                XCTAssertTrue(result.confidence.allSatisfy { $0 >= 0 && $0 <= 1.0001 })
                for (a, b) in zip(sentence.labels, result.labels) { total += 1; right += a == b ? 1 : 0 }
            }
            XCTAssertEqual(100 * Double(right) / Double(total), best.accuracy, accuracy: 1e-9)
            // Raw text goes through the same tokenizer; empty input gives empty output.
            XCTAssertEqual(model.tag(line: "Peter Blackburn visited London .").tokens.count, 5)
            XCTAssertEqual(model.tag(tokens: []).labels, [])
            // Scheme-forbidden transitions never appear (BIO: no O -> I-X).
            for result in tagged {
                for (previous, next) in zip(["O"] + result.labels, result.labels) where next.hasPrefix("I-") {
                    XCTAssertTrue(previous.hasSuffix(String(next.dropFirst(2))), "\(previous) -> \(next)")
                }
            }
        }
    }

    /// `labelScheme` iobes: the network learns S-/E- labels, the model writes BIO (the training
    /// labels again once learnt), and the file keeps both schemes.
    func testBIODataLearntAsIOBESIsWrittenAsBIO() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        XCTAssertEqual(corpus.scheme, .bio)
        var options = Self.tinyOptions(unit: .word, epochs: 25)
        options.labelScheme = "iobes"
        let trainer = try Trainer(train: corpus, dev: corpus, unit: nil,
                                  network: Self.tinyNetwork(unit: .word, crf: true), options: options)
        XCTAssertEqual(trainer.header.scheme, "iobes")
        XCTAssertEqual(trainer.header.outputScheme, "bio")
        XCTAssertTrue(trainer.header.labels.contains("S-LOC"), "\(trainer.header.labels)")
        XCTAssertTrue(trainer.header.labels.contains("E-PER"), "\(trainer.header.labels)")
        let path = folder + "/iobes.model"
        let best = try trainer.train(modelPath: path)
        XCTAssertGreaterThan(best.f1, 90)
        let model = try TaggerModel.load(path)
        XCTAssertEqual([model.header.scheme, model.scheme], ["iobes", "bio"])
        XCTAssertEqual(model.header.options.labelScheme, "iobes")
        let tagged = model.tag(batch: corpus.sentences.map(\.tokens))
        var right = 0, total = 0
        for (sentence, result) in zip(corpus.sentences, tagged) {
            let learntOnly = result.labels.contains { $0.hasPrefix("S-") || $0.hasPrefix("E-") }
            XCTAssertFalse(learntOnly, "\(result.labels)")
            for (a, b) in zip(sentence.labels, result.labels) { total += 1; right += a == b ? 1 : 0 }
        }
        XCTAssertEqual(100 * Double(right) / Double(total), best.accuracy, accuracy: 1e-9)
        XCTAssertGreaterThan(best.accuracy, 95)
        // A one-token chunk (S-LOC inside) comes out as B-LOC.
        let london = model.tag(tokens: ["Peter", "Blackburn", "visited", "London", "."]).labels
        XCTAssertEqual(london, ["B-PER", "I-PER", "O", "B-LOC", "O"])
        // A user-dictionary entry is forced in the learnt labels (S-MISC) and written as BIO.
        var dictionary = UserDictionary(model: model)
        try dictionary.add(line: "visited\tMISC")
        model.userDictionary = dictionary
        XCTAssertEqual(model.tag(line: "Peter Blackburn visited London .").labels,
                       ["B-PER", "I-PER", "B-MISC", "B-LOC", "O"])
    }

    func testOnlyBIOEntityLabelsAreLearntAsIOBES() throws {
        let entities = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        let same = try Trainer.relabeled(entities, scheme: "bio")
        XCTAssertNil(same.outputScheme)
        XCTAssertEqual(same.corpus.sentences, entities.sentences)
        XCTAssertNil(try Trainer.relabeled(entities, scheme: nil).outputScheme)
        let iobes = try Trainer.relabeled(entities, scheme: "iobes")
        XCTAssertEqual(iobes.outputScheme, "bio")
        XCTAssertEqual(iobes.corpus.sentences[0].labels, ["B-PER", "E-PER", "O", "S-LOC", "O"])
        XCTAssertEqual(iobes.corpus.sentences[1].labels, ["S-ORG", "O", "S-MISC", "O", "O"])
        XCTAssertThrowsError(try Trainer.relabeled(entities, scheme: "iob1")) { error in
            XCTAssertEqual((error as? InputError)?.file, entities.file)
        }
        let morphemes = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        XCTAssertThrowsError(try Trainer.relabeled(morphemes, scheme: "iobes")) { error in
            XCTAssertTrue("\(error)".contains("morpheme labels"), "\(error)")
        }
    }

    func testStoppingMidEpochAndResumingGivesTheSameResult() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        var options = Self.tinyOptions(unit: .word, epochs: 3)
        options.batchSize = 2
        options.unknownDropout = 0.3
        let network = Self.tinyNetwork(unit: .word, dropout: 0.2)

        let straight = try Trainer(train: corpus, dev: corpus, unit: .word, network: network,
                                   options: options)
        try straight.train(modelPath: folder + "/c.model")

        let interrupted = try Trainer(train: corpus, dev: corpus, unit: .word, network: network,
                                      options: options)
        var stop = false
        interrupted.onEvent = { event in
            if case .batch(let progress) = event, progress.epoch == 2, progress.batch == 2 { stop = true }
        }
        interrupted.shouldStop = { stop }
        try interrupted.train(modelPath: folder + "/d.model")
        XCTAssertEqual(interrupted.state.epoch, 1)
        XCTAssertEqual(interrupted.state.nextBatch, 2)

        let resumed = try Trainer(resuming: folder + "/d.model.checkpoint", train: corpus, dev: corpus)
        XCTAssertEqual(resumed.state.nextBatch, 2)
        try resumed.train(modelPath: folder + "/d.model")
        XCTAssertEqual(resumed.state, straight.state)
        let a = try ModelFile.read(path: folder + "/c.model.checkpoint")
        let b = try ModelFile.read(path: folder + "/d.model.checkpoint")
        XCTAssertEqual(a.tensors, b.tensors)
    }

    func testResumeGivesTheSameResultAsAnUninterruptedRun() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        var options = Self.tinyOptions(unit: .word, epochs: 4)
        options.unknownDropout = 0.3
        let network = Self.tinyNetwork(unit: .word, dropout: 0.2)

        let straight = try Trainer(train: corpus, dev: corpus, unit: .word, network: network,
                                   options: options)
        try straight.train(modelPath: folder + "/a.model")

        let interrupted = try Trainer(train: corpus, dev: corpus, unit: .word, network: network,
                                      options: options)
        var stop = false
        interrupted.onEvent = { event in
            if case .epoch(let report) = event, report.epoch == 2 { stop = true }
        }
        interrupted.shouldStop = { stop }
        try interrupted.train(modelPath: folder + "/b.model")
        XCTAssertEqual(interrupted.state.epoch, 2)

        let resumed = try Trainer(resuming: folder + "/b.model.checkpoint", train: corpus, dev: corpus)
        try resumed.train(modelPath: folder + "/b.model")
        XCTAssertEqual(resumed.state, straight.state)
        let a = try ModelFile.read(path: folder + "/a.model.checkpoint")
        let b = try ModelFile.read(path: folder + "/b.model.checkpoint")
        XCTAssertEqual(a.tensors, b.tensors)
        XCTAssertEqual(try ModelFile.read(path: folder + "/a.model").tensors,
                       try ModelFile.read(path: folder + "/b.model").tensors)
    }

    func testNaNStopsTrainingWithoutWritingAModel() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        let trainer = try Trainer(train: corpus, dev: corpus, unit: .word,
                                  network: Self.tinyNetwork(unit: .word),
                                  options: Self.tinyOptions(unit: .word, epochs: 2))
        let embedding = try XCTUnwrap(trainer.network.parameters.first { $0.name == "embedding.word" })
        for i in embedding.value.indices { embedding.value[i] = .nan }
        let path = folder + "/nan.model"
        XCTAssertThrowsError(try trainer.train(modelPath: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("epoch 1, batch 1"), text)
            XCTAssertTrue(text.contains("step 1"), text)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".checkpoint"))
    }

    func testModelLoadingRefusesCheckpointsAndDamagedTensors() throws {
        let corpus = try LabeledCorpus.read(path: Self.samples + "ner-en.conll")
        let trainer = try Trainer(train: corpus, dev: corpus, unit: .word,
                                  network: Self.tinyNetwork(unit: .word),
                                  options: Self.tinyOptions(unit: .word, epochs: 1))
        let path = folder + "/one.model"
        try trainer.train(modelPath: path)
        XCTAssertThrowsError(try TaggerModel.load(path + ".checkpoint")) { error in
            XCTAssertTrue("\(error)".contains("not a model"), "\(error)")
        }
        var file = try ModelFile.read(path: path)
        file.tensors.removeLast()
        try file.write(to: path)
        XCTAssertThrowsError(try TaggerModel.load(path)) { error in
            XCTAssertEqual((error as? InputError)?.kind, .model)
            XCTAssertTrue("\(error)".contains("has no tensor"), "\(error)")
        }
        try trainer.model(dev: nil).save(to: path)
        file = try ModelFile.read(path: path)
        file.tensors[0].shape = [file.tensors[0].values.count, 1]
        try file.write(to: path)
        XCTAssertThrowsError(try TaggerModel.load(path)) { error in
            XCTAssertTrue("\(error)".contains("has shape"), "\(error)")
        }
    }
}

final class KoreanTrainingTests: XCTestCase {
    func testTinyCharModelOnMorphemesLearnsAndRestoresWords() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.conllu")
        XCTAssertEqual(corpus.format, .conllu)
        XCTAssertEqual(corpus.task, "pos")
        XCTAssertEqual(Trainer.detectUnit(corpus), .char)
        XCTAssertEqual(corpus.sentences[0].tokens.prefix(5), ["아", "버", "지", "가", "▁"])
        XCTAssertEqual(corpus.sentences[0].labels.prefix(5), ["B-NNG", "I-NNG", "I-NNG", "B-JKS", "O"])
        XCTAssertFalse(corpus.restoration?.isEmpty ?? true, "신 (시+ㄴ), 갔 (가+았) are fused")

        var network = TrainerTests.tinyNetwork(unit: .char)
        network.hidden = 16
        let trainer = try Trainer(train: corpus, dev: corpus, network: network,
                                  options: TrainerTests.tinyOptions(unit: .char, epochs: 40))
        let path = NSTemporaryDirectory() + "/morph-\(getpid()).model"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".checkpoint")
        }
        let best = try trainer.train(modelPath: path)
        XCTAssertGreaterThan(best.accuracy, 95)

        let model = try TaggerModel.load(path)
        XCTAssertEqual(model.unit, .char)
        XCTAssertEqual(model.task, "pos")
        XCTAssertEqual(model.restoration, corpus.restoration)
        let evaluation = ModelEvaluation(model: model, corpus: corpus)
        let scores = try XCTUnwrap(evaluation.morphemes)
        XCTAssertEqual(scores.words, 12)
        XCTAssertGreaterThan(scores.xposAccuracy, 90)
        XCTAssertGreaterThan(scores.lemmaAccuracy, 90)
        XCTAssertGreaterThan(scores.f1, 90)
    }

    func testSejongSample() throws {
        XCTAssertEqual(try InputFormat.detect(path: LabeledCorpusTests.samples + "morph-ko.sejong"), .sejong)
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "morph-ko.sejong", labels: .seg)
        XCTAssertEqual(corpus.format, .sejong)
        XCTAssertEqual(corpus.task, "seg")
        XCTAssertEqual(corpus.sentences.count, 2)
        XCTAssertEqual(corpus.sentences[1].tokens, ["나", "는", "▁", "갔", "다"])
        XCTAssertEqual(corpus.analyses?[1].words.count, 2)
        XCTAssertFalse(corpus.sentences[1].labels.contains { $0.contains("NP") }, "seg labels carry no tags")
    }

    func testKlueSample() throws {
        let corpus = try LabeledCorpus.read(path: LabeledCorpusTests.samples + "ner-ko.klue.tsv")
        XCTAssertEqual(corpus.format, .klue)
        XCTAssertEqual(corpus.sentences.count, 2)
        XCTAssertEqual(corpus.sentences[0].tokens, ["경", "찰", "은", "▁", "박", "씨", "를"])
        XCTAssertEqual(corpus.sentences[0].labels, ["B-OG", "I-OG", "O", "O", "B-PS", "O", "O"])
        XCTAssertNil(corpus.analyses)
    }
}

final class MorphemeScoresTests: XCTestCase {
    func testCountsPerWord() {
        // Gold: 아버지/NNG+가/JKS 갔다/... ; prediction gets the second word's tags wrong.
        let gold = AnalyzedSentence(words: [
            AnalyzedWord(form: "아버지가", morphemes: [Morpheme("아버지", "NNG"), Morpheme("가", "JKS")]),
            AnalyzedWord(form: "왔다", morphemes: [Morpheme("오", "VV"), Morpheme("았", "EP"), Morpheme("다", "EF")]),
        ])
        var dictionary = MorphemeLabeling(kind: .pos)
        let labelled = dictionary.label(gold)
        var decoder = MorphemeDecoder(dictionary: dictionary.dictionary, kind: .pos)
        var scores = MorphemeScores()
        var predicted = labelled.labels(in: .bio)
        scores.add(tokens: labelled.tokens, predicted: predicted, glued: labelled.glued, gold: gold, decoder: &decoder)
        XCTAssertEqual(scores.words, 2)
        XCTAssertEqual(scores.xposCorrect, 2)
        XCTAssertEqual(scores.lemmaCorrect, 2)
        XCTAssertEqual(scores.correctMorphemes, 5)
        XCTAssertEqual(scores.f1, 100)

        predicted[3] = "I-NNG"  // 가 glued onto 아버지: one wrong word, 3 of 4 gold morphemes there lost.
        var second = MorphemeScores()
        second.add(tokens: labelled.tokens, predicted: predicted, glued: labelled.glued, gold: gold, decoder: &decoder)
        XCTAssertEqual(second.xposCorrect, 1)
        XCTAssertEqual(second.lemmaCorrect, 1)
        XCTAssertEqual(second.goldMorphemes, 5)
        XCTAssertEqual(second.predictedMorphemes, 4)
        XCTAssertEqual(second.correctMorphemes, 3)
        XCTAssertEqual(second.reportLines, [
            "morphemes (word level, after restoring fused syllables): 2 words",
            "  XPOS accuracy  50.00%  (1/2)",
            "  LEMMA accuracy 50.00%  (1/2)",
            "  words exact    50.00%",
            "  morphemes P 75.00%  R 60.00%  F1 66.67%  (gold 5, predicted 4, correct 3)",
            "  fused syllables restored by rule (unseen in training): 0",
        ])
        XCTAssertEqual(second.json, "{\"words\": 2, \"xpos_accuracy\": 50.00, \"lemma_accuracy\": 50.00, "
            + "\"word_accuracy\": 50.00, \"precision\": 75.00, \"recall\": 60.00, \"f1\": 66.67, "
            + "\"gold_morphemes\": 5, \"predicted_morphemes\": 4, \"correct_morphemes\": 3, \"unseen_fused\": 0}")
    }
}
