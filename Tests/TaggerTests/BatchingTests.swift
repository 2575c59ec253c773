import Network
import XCTest
@testable import Tagger

final class BatchingTests: XCTestCase {
    func testEveryIndexOnceWithNearEqualLengths() {
        let lengths = (0..<103).map { ($0 * 37) % 50 + 1 }
        var random = SplitMix64(seed: 3)
        let batches = Batching.batches(lengths: lengths, batchSize: 10, random: &random)
        XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<103))
        XCTAssertEqual(batches.count, 11)
        // Bucketed: within a batch lengths span a small range of the sorted order.
        for batch in batches {
            let spread = (batch.map { lengths[$0] }.max() ?? 0) - (batch.map { lengths[$0] }.min() ?? 0)
            XCTAssertLessThanOrEqual(spread, 6)
        }
    }

    func testDeterministicForASeedAndDifferentAcrossEpochs() {
        let lengths = Array(repeating: 5, count: 40) + Array(repeating: 9, count: 40)
        var a = SplitMix64(seed: 11)
        var b = SplitMix64(seed: 11)
        let first = Batching.batches(lengths: lengths, batchSize: 8, random: &a)
        XCTAssertEqual(first, Batching.batches(lengths: lengths, batchSize: 8, random: &b))
        let second = Batching.batches(lengths: lengths, batchSize: 8, random: &a)
        XCTAssertNotEqual(first, second)
    }

    func testSortedBatchesKeepAllIndices() {
        let batches = Batching.sortedBatches(lengths: [3, 1, 2, 0], batchSize: 3)
        XCTAssertEqual(batches, [[3, 1, 2], [0]])
        XCTAssertEqual(Batching.batches(lengths: [], batchSize: 4, random: &SplitMixHolder.shared).count, 0)
    }
}

private enum SplitMixHolder { nonisolated(unsafe) static var shared = SplitMix64(seed: 1) }
