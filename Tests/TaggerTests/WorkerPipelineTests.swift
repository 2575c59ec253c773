import Foundation
import XCTest
@testable import Tagger

/// `WorkerPipeline`: outputs in input order, bounded items in flight, prompt answers for items
/// marked last, errors that stop it cleanly.
final class WorkerPipelineTests: XCTestCase {
    final class Counter: @unchecked Sendable {
        let id: Int
        init(_ id: Int) { self.id = id }
    }

    struct Probe {
        var given = 0
        var written = 0
        var mostInFlight = 0
        var secondMade = 0
    }

    /// Runs `count` items (item i costs `cost(i)`, item i is last when `last(i)`) on 2 threads.
    func run(count: Int, depth: Int, budget: Int = .max, cost: @escaping (Int) -> Int = { _ in 1 },
             last: @escaping (Int) -> Bool = { _ in false }) -> (outputs: [Int], probe: Probe, workers: Set<Int>) {
        var probe = Probe()
        var outputs: [Int] = []
        var workers = Set<Int>()
        let pipeline = WorkerPipeline(first: Counter(1)) {
            probe.secondMade += 1
            return Counter(2)
        }
        var i = 0
        pipeline.run(threads: 2, depth: depth, cost: cost, budget: budget, next: { () -> (Int, last: Bool)? in
            if i > 0 && last(i - 1) { XCTAssertEqual(probe.written, probe.given, "all written after a last item") }
            guard i < count else { return nil }
            defer { i += 1 }
            probe.given += 1
            probe.mostInFlight = max(probe.mostInFlight, probe.given - probe.written)
            return (i, last(i))
        }, work: { (worker: Counter, item: Int, _: Bool) -> (Int, Int) in
            usleep(UInt32(50 + (item * 37) % 300))   // uneven work: later items may finish first
            return (item * 10, worker.id)
        }, write: { (output: (Int, Int)) in
            outputs.append(output.0)
            workers.insert(output.1)
            probe.written += 1
        })
        return (outputs, probe, workers)
    }

    func testOutputsComeBackInInputOrderFromBothWorkers() {
        let (outputs, probe, workers) = run(count: 200, depth: 8)
        XCTAssertEqual(outputs, (0..<200).map { $0 * 10 })
        XCTAssertEqual(workers, [1, 2])
        XCTAssertEqual(probe.secondMade, 1)
        XCTAssertLessThanOrEqual(probe.mostInFlight, 8 + 1)
    }

    func testCostlyItemsKeepOnlyTwoInFlight() {
        let (outputs, probe, _) = run(count: 40, depth: 16, budget: 100, cost: { _ in 80 })
        XCTAssertEqual(outputs, (0..<40).map { $0 * 10 })
        XCTAssertLessThanOrEqual(probe.mostInFlight, 3, "two in flight, plus the one being handed over")
        let cheap = run(count: 40, depth: 16, budget: 100, cost: { _ in 1 }).probe
        XCTAssertGreaterThan(cheap.mostInFlight, 3, "cheap items fill the queue")
    }

    func testEverythingIsWrittenBeforeWaitingAfterALastItem() {
        // Every fifth item is the last for now: next() asserts all is written when called again.
        let (outputs, _, _) = run(count: 50, depth: 8, last: { $0 % 5 == 4 })
        XCTAssertEqual(outputs.count, 50)
    }

    func testALoneItemMakesNoSecondWorker() {
        let (outputs, probe, workers) = run(count: 1, depth: 8)
        XCTAssertEqual(outputs, [0])
        XCTAssertEqual(probe.secondMade, 0)
        XCTAssertEqual(workers, [1])
    }

    struct Stop: Error {}

    func testAnErrorFromWriteStopsTheRunAndTheWorkers() {
        let pipeline = WorkerPipeline(first: Counter(1)) { Counter(2) }
        var i = 0
        var written = 0
        XCTAssertThrowsError(try pipeline.run(threads: 2, depth: 4, next: { () -> (Int, last: Bool)? in
            defer { i += 1 }
            return i < 100 ? (i, false) : nil
        }, work: { (_: Counter, item: Int, _: Bool) -> Int in item }, write: { (_: Int) in
            written += 1
            if written == 5 { throw Stop() }
        })) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(written, 5)
        XCTAssertLessThan(i, 100, "reading stopped at the error")
        // The same pipeline runs again: the worker loops of the failed run have ended.
        var again: [Int] = []
        var j = 0
        pipeline.run(threads: 2, depth: 4, next: { () -> (Int, last: Bool)? in
            defer { j += 1 }
            return j < 10 ? (j, false) : nil
        }, work: { (_: Counter, item: Int, _: Bool) -> Int in item }, write: { again.append($0) })
        XCTAssertEqual(again, Array(0..<10))
    }

    func testOneThreadWorksOnTheCallingThreadWithTheFirstWorker() {
        let pipeline = WorkerPipeline(first: Counter(1)) { Counter(2) }
        var items = [0, 1, 2][...]
        var seen: [Int] = []
        let caller = Thread.current
        pipeline.run(threads: 1, depth: 4, next: { () -> (Int, last: Bool)? in
            items.popFirst().map { ($0, false) }
        }, work: { (worker: Counter, item: Int, alone: Bool) -> Int in
            XCTAssertTrue(Thread.current == caller)
            XCTAssertFalse(alone)
            return worker.id * 100 + item
        }, write: { seen.append($0) })
        XCTAssertEqual(seen, [100, 101, 102])
    }
}
