import Foundation
import XCTest
@testable import Tagger
import Hangul

final class ModelHeaderTests: XCTestCase {
    /// The hand-written decoder reads back every field the encoder writes, and with
    /// `skipsRestorationKey` everything but the restoration dictionary.
    func testDecodingRoundTripsAndCanSkipTheRestorationDictionary() throws {
        let model = try ShippedModels.load("morph")
        let header = model.header
        XCTAssertGreaterThan(try XCTUnwrap(header.restoration).restorationCount, 0)
        let data = try header.encoded()
        let again = try JSONDecoder().decode(ModelHeader.self, from: data)
        XCTAssertEqual(try again.encoded(), data, "every field decoded")
        let decoder = JSONDecoder()
        decoder.userInfo[ModelHeader.skipsRestorationKey] = true
        var skipped = try decoder.decode(ModelHeader.self, from: data)
        XCTAssertNil(skipped.restoration)
        skipped.restoration = header.restoration
        XCTAssertEqual(try skipped.encoded(), data, "everything else decoded")
    }

    /// A model loaded without its dictionary tags exactly like the full one.
    func testLoadingWithoutRestorationTagsTheSame() throws {
        let full = try ShippedModels.load("morph")
        let lean = try ShippedModels.load("morph", restoration: false)
        XCTAssertNil(lean.restoration)
        XCTAssertNotNil(full.restoration)
        let lines = ["서울에서 회사를 다녔다.", "", "아버지가 방에 들어가신다."]
        for format in [OutputFormat.bio, .inline] {
            var a = LineFormatter(format: format, model: full), b = LineFormatter(format: format, model: lean)
            for line in lines {
                XCTAssertEqual(a.format(full.tag(line: line)), b.format(lean.tag(line: line)), "\(format)")
            }
        }
    }

    /// A file as older versions wrote it (format 1, the restoration dictionary as a JSON array
    /// of entry objects) loads into the same dictionary and tags the same.
    func testModelFilesOfTheOlderFormatStillLoad() throws {
        let model = try ShippedModels.load("morph")
        let dictionary = try XCTUnwrap(model.restoration)
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: model.header.encoded()) as? [String: Any])
        XCTAssertTrue(json["restoration"] is String, "this build writes the text form")
        json["restoration"] = dictionary.entries.map { entry -> [String: Any] in
            ["syllable": entry.key.syllable, "type": entry.key.type, "previous": entry.previous,
             "joins": entry.restoration.joinsPrevious, "count": entry.count,
             "analysis": AnalysisNotation.sejong(entry.restoration.morphemes)]
        }
        let header = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        let file = ModelFile(kind: "model", header: header,
                             tensors: TaggerModel.tensors(of: model.network.parameters))
        let bytes = try file.encoded(version: 1)
        XCTAssertEqual(bytes[8], 1)
        let old = try TaggerModel(file: try ModelFile.decode(bytes))
        XCTAssertEqual(old.restoration, dictionary)
        var a = LineFormatter(format: .morph, model: model), b = LineFormatter(format: .morph, model: old)
        for line in ["서울에서 회사를 다녔다.", "아버지가 방에 들어가신다.", "가까운 곳에 했다"] {
            XCTAssertEqual(a.format(model.tag(line: line)), b.format(old.tag(line: line)))
        }
    }
}
