import Corpus
import Network
import XCTest
@testable import Tagger

final class SchemeTransitionsTests: XCTestCase {
    /// The network's mask built from a scheme holds what the scheme allows, pair by pair.
    func testMaskMatchesTheScheme() {
        let labels = TagScheme.iobes.labelSet(types: ["A", "B"])
        let mask = TagScheme.iobes.transitionMask(labels: labels)
        XCTAssertEqual(mask.labels, labels.count)
        XCTAssertFalse(mask.allowsEverything)
        for (j, next) in labels.enumerated() {
            XCTAssertEqual(mask.start[j], TagScheme.iobes.allows(previous: nil, next: next), next)
            XCTAssertEqual(mask.end[j], TagScheme.iobes.allowsEnd(after: next), next)
            for (i, previous) in labels.enumerated() {
                XCTAssertEqual(mask.transitions[i * labels.count + j],
                               TagScheme.iobes.allows(previous: previous, next: next),
                               "\(previous) -> \(next)")
            }
        }
    }

    /// A loaded model decodes under the mask of the scheme it learnt its labels in (the shipped
    /// entity model learns IOBES and writes BIO).
    func testModelsAreConstrainedByTheirScheme() throws {
        let model = try ShippedModels.load("ner", restoration: false)
        XCTAssertEqual([model.header.scheme, model.scheme], ["iobes", "bio"])
        let scheme = try XCTUnwrap(TagScheme(name: model.header.scheme))
        XCTAssertEqual(model.network.transitionMask, scheme.transitionMask(labels: model.labels))
    }
}
