import XCTest
@testable import Tagger

/// `TaggerModel` beyond loading (see ModelFileTests, ModelHeaderTests): replicas.
final class TaggerModelTests: XCTestCase {
    func testAReplicaTagsLikeTheModelWithWeightsOfItsOwn() throws {
        let model = try TextTaggingTests.model()
        model.computesConfidence = false
        let replica = model.replica()
        XCTAssertFalse(replica.computesConfidence)
        XCTAssertEqual(replica.labels, model.labels)
        let lines = ["김철수는 서울에 산다.", "", "이영희는 부산으로 갔다."]
        XCTAssertEqual(replica.tag(lines: lines), model.tag(lines: lines))
        model.computesConfidence = true
        replica.computesConfidence = true
        XCTAssertEqual(replica.tag(lines: lines), model.tag(lines: lines))
        XCTAssertNotNil(replica.network.transitionMask)
        XCTAssertEqual(replica.network.transitionMask, model.network.transitionMask)
        // Copied, not shared: changing the replica's weights leaves the model's alone.
        let before = model.tag(lines: lines)
        for parameter in replica.network.parameters { parameter.value = [Float](repeating: 0, count: parameter.value.count) }
        XCTAssertEqual(model.tag(lines: lines), before)
    }
}
