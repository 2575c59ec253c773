import Corpus
import Foundation
import XCTest
@testable import Tagger

final class ShippedModelsTests: XCTestCase {
    func testNamesAndAliasesResolveToEntries() {
        XCTAssertEqual(ShippedModels.defaultName, "morph")
        XCTAssertEqual(ShippedModels.entry(named: "ko-ner")?.file, "ko-ner.model")
        XCTAssertEqual(ShippedModels.entry(named: "ner")?.name, "ner")
        XCTAssertEqual(ShippedModels.entry(named: "ko-morph-fast")?.file, "ko-morph-fast.model")
        XCTAssertNil(ShippedModels.entry(named: "klingon"))
    }

    func testAnExistingFileIsTakenAsGiven() throws {
        let path = NSTemporaryDirectory() + "/shipped-\(UUID().uuidString).model"
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try ShippedModels.resolve(path), path)
        // Not a model: refused by the loader with a model error naming the file.
        XCTAssertThrowsError(try ShippedModels.load(path)) { error in
            XCTAssertEqual((error as? InputError)?.kind, .model)
            XCTAssertEqual((error as? InputError)?.file, path)
        }
    }

    /// A missing path is a model error; a word that is no shipped name is a usage error that
    /// lists the names and suggests the nearest.
    func testAnUnknownNameIsAUsageErrorAndAMissingPathAModelError() {
        XCTAssertThrowsError(try ShippedModels.resolve("no/such-model-or-file")) { error in
            XCTAssertEqual((error as? InputError)?.kind, .model)
            XCTAssertTrue("\(error)".contains("not a shipped model name"), "\(error)")
        }
        XCTAssertThrowsError(try ShippedModels.resolve("morhp")) { error in
            XCTAssertTrue(error is UsageError, "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("(morph, morph-fast, ner); did you mean 'morph'?"), "\(error)")
        }
        XCTAssertEqual(ShippedModels.nearestName(to: "ko-nerr"), "ner")
        XCTAssertNil(ShippedModels.nearestName(to: "xyz"))
    }

    func testTheEnvironmentVariableComesFirst() {
        setenv(ShippedModels.environmentVariable, "/somewhere/models", 1)
        defer { unsetenv(ShippedModels.environmentVariable) }
        XCTAssertEqual(ShippedModels.searchFolders().first, "/somewhere/models")
    }

    /// The shipped models are resources of this package: they load and describe themselves.
    func testTheShippedModelsAreInstalledAndLoad() throws {
        for entry in ShippedModels.all {
            let path = try XCTUnwrap(ShippedModels.path(of: entry), "\(entry.name) is not installed")
            let model = try TaggerModel.load(path)
            XCTAssertEqual(model.isMorphemeModel, entry.name.hasPrefix("morph"))
            XCTAssertNotNil(model.header.dev)
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            // The window-feature tables (morph: 32768 × 235 floats, morph-fast: 16384 × 235,
            // ner: 131072 × 25) make the files about 31, 16 and 15 MB.
            XCTAssertLessThan(size, 40 << 20, "\(entry.file) should stay under 40 MB")
        }
        // The recipe of tools/train-shipped-models (chosen by tools/select-morph-architecture).
        for (name, layers) in [("morph", 2), ("morph-fast", 1)] {
            let network = try ShippedModels.load(name).header.network
            XCTAssertEqual([network.layers, network.hidden, network.embedding], [layers, 64, 64], name)
            XCTAssertTrue(network.crf, name)
        }
        // The smaller morpheme model analyses like the default one on plain sentences.
        let fast = try ShippedModels.load("morph-fast")
        var formatter = LineFormatter(format: .morph, model: fast)
        XCTAssertEqual(formatter.format(fast.tag(line: "서울에서 회사를 다녔다.")),
                       "서울/NNP 에서/JKB  회사/NNG 를/JKO  다니/VV 었/EP 다/EF ./SF")
        let ner = try ShippedModels.load("ner")
        let tagged = ner.tag(line: "김철수는 서울에 산다.")
        XCTAssertTrue(tagged.spans().contains { $0.text == "서울" && $0.label == "LC" }, "\(tagged.spans())")
    }

    /// The README's library example, line for line.
    func testTheReadmeLibraryExample() throws {
        let model = try ShippedModels.load("morph")
        var formatter = LineFormatter(format: .morph, model: model)
        let tagged = model.tag(line: "서울에서 회사를 다녔다.")
        XCTAssertTrue(formatter.format(tagged).hasPrefix("서울/NNP 에서/JKB  회사/NNG "), formatter.format(tagged))
        XCTAssertEqual(formatter.words(tagged).map(\.form), ["서울에서", "회사를", "다녔다."])
        let ner = try ShippedModels.load("ner")
        let spans = ner.tag(line: "김철수는 서울에 산다.").spans()
        XCTAssertEqual(spans.first.map { [$0.text, $0.label] }, ["김철수", "PS"])
        XCTAssertEqual(spans.first.map { [$0.start, $0.end] }, [0, 3])
        let many = ner.tag(lines: ["첫 줄", "둘째 줄"], batchSize: 32)
        XCTAssertEqual(many.map(\.text), ["첫 줄", "둘째 줄"])
        let tagger = LineTagger(model: model, format: .morph, options: .init(readAhead: 32, threads: 2))
        let lines = tagger.format(lines: ["첫 줄", "둘째 줄"])
        XCTAssertEqual(lines, ["첫 줄", "둘째 줄"].map { formatter.format(model.tag(line: $0)) })
    }
}
