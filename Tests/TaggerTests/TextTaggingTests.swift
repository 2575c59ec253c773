import Corpus
import Foundation
import Network
import XCTest
@testable import Tagger

/// Tagging raw lines with a tiny model trained here on annotations/tag/ner-ko.bio.
final class TextTaggingTests: XCTestCase {
    static let sample = LineFormatterTests.folder + "/ner-ko.bio"
    nonisolated(unsafe) static var trained: TaggerModel?

    static func model() throws -> TaggerModel {
        if let trained { return trained }
        let corpus = try LabeledCorpus.read(path: sample)
        var network = NetworkConfig.defaults(for: .char)
        (network.embedding, network.hidden, network.layers, network.dropout) = (8, 8, 1, 0)
        network.featureEmbedding = 2
        var options = TrainingOptions.defaults(for: .char)
        (options.epochs, options.batchSize) = (30, 2)
        (options.learningRate, options.learningRateDecay, options.patience) = (0.05, 0, 0)
        (options.unknownDropout, options.threads, options.seed) = (0, 1, 3)
        let trainer = try Trainer(train: corpus, dev: corpus, unit: .char, network: network, options: options)
        let path = NSTemporaryDirectory() + "/text-tagging-\(getpid())-\(UUID().uuidString).model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try trainer.train(modelPath: path)
        let model = try TaggerModel.load(path)
        trained = model
        return model
    }

    func testTheTinyModelFindsItsTrainingEntities() throws {
        let model = try Self.model()
        let tagged = model.tag(line: "김철수는 서울에 산다.")
        XCTAssertEqual(tagged.spans().map(\.text), ["김철수", "서울"])
        XCTAssertEqual(tagged.spans().map(\.label), ["PS", "LC"])
        XCTAssertEqual(tagged.labels.count, tagged.tokens.count)
        XCTAssertTrue(tagged.confidence.allSatisfy { $0 >= 0 && $0 <= 1.0001 })
    }

    func testChunkStartsBreakAChunkWhereTheyAreGiven() throws {
        let model = try Self.model()
        let tokens = model.tokenize("김철수는 서울에 산다.")
        let free = model.tag(sequences: [tokens])[0]
        XCTAssertEqual(Array(free.labels.prefix(3)), ["B-PS", "I-PS", "I-PS"])
        XCTAssertEqual(model.tag(sequences: [tokens], chunkStarts: [[]])[0], free)
        XCTAssertEqual(model.tag(sequences: [tokens], chunkStarts: nil)[0], free)
        let split = model.tag(sequences: [tokens, tokens], chunkStarts: [[1, 5], []])
        XCTAssertFalse(split[0].labels[1].hasPrefix("I-"), split[0].labels[1])
        XCTAssertEqual(split[0].labels.count, tokens.count)
        // Where the best path already starts a chunk (서 at 5), the constraint changes nothing there;
        // the second sequence has none.
        XCTAssertEqual(split[0].labels[5], free.labels[5])
        XCTAssertEqual(split[1], free)
    }

    func testChunkStartsGiveTheSameLabelsWhenTaggedInParallel() throws {
        let model = try Self.model()
        let lines = ["김철수는 서울에 산다.", "삼성전자가 어제 발표했다.", "서울에 산다.", "김철수는 서울에 산다."]
        let sequences = lines.map { model.tokenize($0) }
        let starts = [[1, 5], [], [1], [2]]
        let expected = model.tag(sequences: sequences, chunkStarts: starts)
        XCTAssertFalse(expected[0].labels[1].hasPrefix("I-"))
        let threads = model.threads
        defer { model.threads = threads }
        for count in [1, 2] {
            model.threads = count
            XCTAssertEqual(model.tagInParallel(batch: sequences, batchSize: 1, chunkStarts: starts), expected)
        }
        XCTAssertEqual(model.tagInParallel(batch: sequences, batchSize: 2), model.tag(sequences: sequences))
    }

    func testTheVirtualPeriodGoesAfterTheLastWordOfAnUnpunctuatedSequence() {
        let space = TokenUnit.space
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["갔", "다"]), 2)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["갔", "다", space, space]), 2)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["갔", "다", "\""]), 2)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["요", space, "ㅋ", "ㅋ"]), 1)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["요", "😍", "👍🏽"]), 1)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["요", space, ":", ")"]), 1)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["went", "home", ":)"]), 2)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["1", "5", "층"]), 3)
        XCTAssertEqual(TaggerModel.virtualPeriodPosition(["1", "5"]), 2)
        for punctuated in [["갔", "다", "."], ["왜", "?", space], ["\"", "다", ".", "\"", ")"], ["다", "…"],
                           ["home."], ["다", "！"], ["요", ".", space, "ㅋ", "ㅋ"], ["요", "!", "😍"],
                           ["ㅋ", "ㅋ"], ["😍"], [], [space], [space, " "]] {
            XCTAssertNil(TaggerModel.virtualPeriodPosition(punctuated), "\(punctuated)")
        }
    }

    /// GSD marks an ending before no punctuation as a connective (EC); read as a sentence end,
    /// the line's last ending is final (EF), and nothing else of the output changes shape.
    func testLineEndsSentenceReadsTheLastEndingAsFinal() throws {
        let model = try ShippedModels.load("morph-fast")
        defer { model.lineEndsSentence = false }
        let lines = ["나는 학교에 갔다", "밥 먹었어요  ", "학교에 갔습니까", "나는 학교에 갔다.", "", "  "]
        model.lineEndsSentence = false
        let plain = model.tag(lines: lines)
        model.lineEndsSentence = true
        let final = model.tag(lines: lines)
        XCTAssertEqual(lines.map { model.tag(line: $0) }, final)
        XCTAssertEqual(model.replica().tag(lines: lines), final)
        for (tagged, line) in zip(final, lines) {
            XCTAssertEqual(tagged.text, line)
            XCTAssertEqual(tagged.labels.count, tagged.tokens.count)
            XCTAssertEqual(tagged.confidence.count, tagged.tokens.count)
        }
        XCTAssertEqual(final[0].labels.last, "B-EF")
        XCTAssertEqual(final[1].labels.suffix(4), ["B-EF", "I-EF", "O", "O"])
        XCTAssertEqual(final[2].spans().last?.label, "EF")
        XCTAssertEqual(final[2].spans().last?.text, "습니까")
        XCTAssertEqual(final[3], plain[3], "a punctuated line is tagged as before")
        XCTAssertTrue(final[4].isEmpty && final[5].isEmpty)
        // Word starts (CoNLL-U words written together) still hold; the period starts its own chunk.
        let tokens = model.tokenize("나는학교에갔다")
        let started = model.tag(sequences: [tokens], chunkStarts: [[0, 2, 5]])[0]
        XCTAssertEqual(started.labels.count, tokens.count)
        XCTAssertEqual(started.labels.last, "B-EF")
        XCTAssertTrue([0, 2, 5].allSatisfy { started.labels[$0].hasPrefix("B-") }, "\(started.labels)")
    }

    /// A morpheme model keeps an address whole as one SL morpheme, a Hanja run as one SH
    /// morpheme and a Latin word inside one SL morpheme; other text is tagged as the network
    /// reads it, and an entity model is not touched.
    func testMorphemeModelsKeepAddressesHanjaAndLatinWordsWhole() throws {
        let model = try ShippedModels.load("morph-fast")
        let line = "링크:https://news.naver.com/article/123?id=5 에서 확인"
        let tagged = model.tag(line: line)
        XCTAssertEqual(tagged.labels.count, tagged.tokens.count)
        let address = "https://news.naver.com/article/123?id=5"
        XCTAssertTrue(tagged.spans().contains { $0.text == address && $0.label == "SL" }, "\(tagged.spans())")
        XCTAssertEqual(model.tag(lines: [line]), [tagged])
        XCTAssertEqual(model.replica().tag(line: line), tagged)
        // The Hangul after the address starts a morpheme of its own.
        let after = model.tag(line: "https://a.kr에서 봤다")
        XCTAssertEqual(after.spans().first?.text, "https://a.kr")
        XCTAssertEqual(after.labels[12].prefix(2), "B-")
        let words = model.tag(line: "ChatGPT와 漢字를 배운다")
        XCTAssertEqual(words.spans().prefix(3).map { "\($0.text)/\($0.label)" }, ["ChatGPT/SL", "와/JKB", "漢字/SH"])
        // A user-dictionary entry inside a Latin word wins over it.
        var dictionary = UserDictionary(model: model)
        try dictionary.add(surface: "GPT", "GPT/NNP")
        model.userDictionary = dictionary
        defer { model.userDictionary = nil }
        XCTAssertTrue(model.tag(line: "ChatGPT와").spans().contains { $0.text == "GPT" && $0.label == "NNP" })
        model.userDictionary = nil
        // A line without an address, Hanja or Latin is tagged as the network reads it.
        let plain = "나는 학교에 갔다."
        XCTAssertEqual(model.tag(line: plain).labels, model.tag(tokens: model.tokenize(plain)).labels)
        let ner = try ShippedModels.load("ner")
        XCTAssertNil(ner.wholeMorphemeLabels)
    }

    /// Compatibility jamo runs and one symbol repeated are one `SW` morpheme, repeated question
    /// or exclamation marks one `SF`, the syllable after any of them starting a morpheme; a lone
    /// jamo or mark is the network's.
    func testMorphemeModelsKeepJamoAndMarkRunsWhole() throws {
        let model = try ShippedModels.load("morph-fast")
        let tagged = model.tag(line: "피곤하다ㅠㅠ 진짜요?! 맛있다ㅋㅋㅋ네!!! 감사해요^^ 헐;;")
        let spans = tagged.spans().map { "\($0.text)/\($0.label)" }
        for expected in ["ㅠㅠ/SW", "?!/SF", "ㅋㅋㅋ/SW", "!!!/SF", "^^/SW", ";;/SW"] {
            XCTAssertTrue(spans.contains(expected), "\(expected) in \(spans)")
        }
        XCTAssertEqual(tagged.labels[tagged.tokens.firstIndex(of: "네") ?? 0].prefix(2), "B-")
        let single = "진짜?"
        XCTAssertEqual(model.tag(line: single).labels, model.tag(tokens: model.tokenize(single)).labels)
        // A user-dictionary entry wins inside a run and may follow one.
        var dictionary = UserDictionary(model: model)
        try dictionary.add(surface: "ㅋㅋ", "ㅋㅋ/IC")
        model.userDictionary = dictionary
        defer { model.userDictionary = nil }
        let ruled = model.tag(line: "진짜?!ㅋㅋ").spans().map { "\($0.text)/\($0.label)" }
        XCTAssertEqual(ruled.suffix(2), ["?!/SF", "ㅋㅋ/IC"])
    }

    /// A forced run longer than a piece (512 tokens) is cut with the piece, the second part
    /// starting its own morpheme, and the text after it is still decoded (it came out `O`, the
    /// piece having no valid path, when the cut left a continuing label first).
    func testARunLongerThanAPieceIsCutWithIt() throws {
        let model = try ShippedModels.load("morph-fast")
        for letter in ["a", "漢", "^"] {
            let line = String(repeating: letter, count: 700) + "테스트"
            let labels = model.tag(line: line).labels
            XCTAssertEqual(labels.count, 703)
            XCTAssertEqual(labels[TaggerModel.maximumPieceLength].prefix(2), "B-", letter)
            XCTAssertFalse(labels.suffix(3).contains("O"), "\(letter): \(labels.suffix(3))")
            XCTAssertEqual(Set(labels.prefix(700).map { $0.dropFirst(2) }).count, 1, letter)
        }
        let piece = model.pieceConstraints([Int32(model.labels.firstIndex(of: "I-SL") ?? 0), -1][...])
        XCTAssertEqual(piece, [Int32(model.labels.firstIndex(of: "B-SL") ?? -9), -1])
    }

    /// A symbol outside the model's vocabulary is one morpheme of its Sejong symbol tag (the
    /// network read `#` before a word as a number); symbols it knows stay the network's.
    func testMorphemeModelsTagUnseenSymbolsByTheirCategory() throws {
        let model = try ShippedModels.load("morph-fast")
        XCTAssertFalse(model.header.vocabulary.contains("#"))
        XCTAssertTrue(model.header.vocabulary.contains("@"))
        let spans = model.tag(line: "#맛집 추천 ※ 주의").spans().map { "\($0.text)/\($0.label)" }
        XCTAssertEqual(spans.first, "#/SW")
        XCTAssertTrue(spans.contains("맛집/NNG"), "\(spans)")
        XCTAssertTrue(spans.contains("※/SW"), "\(spans)")
        let known = "가격은 $100 정도"
        XCTAssertEqual(model.tag(line: known).labels, model.tag(tokens: model.tokenize(known)).labels)
    }

    func testBatchesGiveWhatEachLineGivesAlone() throws {
        let model = try Self.model()
        let lines = ["김철수는 서울에 산다.", "", "   ", "이영희는 부산으로 갔다.", "a", "박민수 😀 오늘"]
        let alone = lines.map { model.tag(line: $0) }
        XCTAssertEqual(model.tag(lines: lines, batchSize: 4), alone)
        XCTAssertEqual(model.tag(lines: lines, batchSize: 32), alone)
        XCTAssertTrue(alone[1].isEmpty && alone[2].isEmpty)
    }

    func testDecomposedJamoTagLikeSyllables() throws {
        let model = try Self.model()
        let composed = "김철수는 서울에 산다."
        let decomposed = composed.decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(composed.unicodeScalars), Array(decomposed.unicodeScalars))
        let (fromJamo, fromSyllables) = (model.tag(line: decomposed), model.tag(line: composed))
        XCTAssertEqual(fromJamo.tokens, fromSyllables.tokens)
        XCTAssertEqual(fromJamo.labels, fromSyllables.labels)
        XCTAssertEqual(fromJamo.confidence, fromSyllables.confidence)
        // The text is the line as given and the offsets index it: 김 is three jamo there.
        XCTAssertEqual(Array(fromJamo.text.unicodeScalars), Array(decomposed.unicodeScalars))
        XCTAssertEqual(fromJamo.offsets.prefix(2), [0..<3, 3..<6])
        XCTAssertEqual(fromJamo.offsets.last?.upperBound, decomposed.unicodeScalars.count)
    }

    func testAVeryLongLineIsTaggedInPiecesWithOneLabelPerToken() throws {
        let model = try Self.model()
        let sentence = "김철수는 서울에 산다."
        let line = Array(repeating: sentence, count: 100).joined(separator: " ")
        let tagged = model.tag(line: line)
        XCTAssertEqual(tagged.labels.count, tagged.tokens.count)
        XCTAssertEqual(tagged.offsets.last?.upperBound, line.unicodeScalars.count)
        XCTAssertGreaterThan(tagged.tokens.count, 2 * TaggerModel.maximumPieceLength)
        // Every chunk found lies inside one copy of the sentence.
        XCTAssertFalse(tagged.spans().isEmpty)
        for span in tagged.spans() { XCTAssertTrue(sentence.contains(span.text), span.text) }
    }
}
