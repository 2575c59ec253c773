import Foundation
import XCTest
@testable import Tagger

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
}
