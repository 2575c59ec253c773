import XCTest
@testable import Tagger

/// `TaggerModel` beyond loading (see ModelFileTests, ModelHeaderTests): replicas.
final class TaggerModelTests: XCTestCase {
    func testAReplicaTagsLikeTheModelAndItsWeightsStayItsOwn() throws {
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
        // Shared copy-on-write: writing either model's weights in place leaves the other's alone.
        let before = model.tag(lines: lines)
        for parameter in replica.network.parameters {
            parameter.value.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        XCTAssertEqual(model.tag(lines: lines), before)
        XCTAssertNotEqual(replica.tag(lines: lines), before)
        // The other way round, on models of this test's own (the model above is shared by other
        // tests and must stay as trained): the owner's writes leave its replica alone.
        let owner = model.replica(), second = owner.replica()
        for parameter in owner.network.parameters {
            parameter.value.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        XCTAssertEqual(second.tag(lines: lines), before)
        for parameter in owner.network.parameters {
            parameter.value = [Float](repeating: 1, count: parameter.value.count)
        }
        XCTAssertEqual(second.tag(lines: lines), before)
        XCTAssertEqual(model.tag(lines: lines), before)
    }

    func testTaggingInParallelGivesTheSameResultsInOrder() throws {
        let model = try TextTaggingTests.model()
        let lines = (0..<50).map { ["김철수는 서울에 산다.", "", "이영희는 \($0)시에 부산으로 갔다.", "a 😀"][$0 % 4] }
        let sentences = lines.map { model.tokenize($0) }
        model.threads = 1
        let reference = model.tag(batch: sentences, batchSize: 4)
        XCTAssertEqual(model.tagInParallel(batch: sentences, batchSize: 4), reference)
        model.threads = 2
        XCTAssertEqual(model.tagInParallel(batch: sentences, batchSize: 4), reference)
        XCTAssertEqual(model.tagInParallel(batch: sentences, batchSize: 64), reference, "a single batch")
        XCTAssertEqual(model.threads, 2, "the caller's setting is kept")
        XCTAssertEqual(model.tagInParallel(batch: [], batchSize: 4), [])
    }
}
