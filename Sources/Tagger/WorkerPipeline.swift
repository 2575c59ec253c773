import Dispatch

/// Runs work items in input order on one worker, or on two at once, and hands their outputs
/// back in input order: the two-core engine behind `LineTagger` and `TokenFileTagger`.
///
/// A worker is whatever one thread needs to do an item (a model with its work buffers, a
/// formatter); the second is made by `makeSecond` when a second item first waits, so input
/// that never has two items in flight never pays for it. With two workers, each worker's loop
/// takes the oldest item not yet taken from a shared queue (a worker given shorter items simply
/// takes more of them) while the calling thread reads and writes; up to `depth` items wait in
/// flight so that a worker never waits for the calling thread to hand it the next one.
final class WorkerPipeline<Worker: AnyObject & Sendable> {
    /// The worker used alone (one thread) and first.
    let first: Worker
    private let makeSecond: () -> Worker
    private var second: Worker?

    init(first: Worker, makeSecond: @escaping () -> Worker) {
        self.first = first
        self.makeSecond = makeSecond
    }

    /// Calls `next` until it gives nil, does each item with `work` and calls `write` with the
    /// outputs in input order.
    /// - Parameters:
    ///   - threads: 1 does everything on the calling thread; 2 uses two workers.
    ///   - depth: items in flight at most with 2 threads (at least 2).
    ///   - cost, budget: fewer items are kept in flight when their costs (e.g. characters) would
    ///     add up to more than `budget`, but never fewer than 2, so that memory stays bounded by
    ///     about two items' worth however large single items are.
    ///   - next: the next item, and whether it is the last for now (nothing else is waiting):
    ///     every item in flight is then written before `next` is called again (it may block on
    ///     input).
    ///   - work: does an item on a worker; `alone` is true when no other item is in flight or
    ///     waiting, so the work may use both cores itself.
    /// - Throws: what `next` or `write` throws; the worker loops are stopped (after the items
    ///   already handed to them) before it returns or throws.
    func run<Item, Output>(threads: Int, depth: Int, cost: (Item) -> Int = { _ in 0 }, budget: Int = .max,
                           next: () throws -> (Item, last: Bool)?,
                           work: @escaping (Worker, Item, _ alone: Bool) -> Output,
                           write: (Output) throws -> Void) rethrows {
        if threads < 2 {
            while let (item, _) = try next() { try write(work(first, item, false)) }
            return
        }
        let queue = JobQueue<Item, Output>()
        let finished = DispatchGroup()
        var loops = 0
        func start(_ worker: Worker) {
            loops += 1
            DispatchQueue(label: "biotagger.worker-\(loops)").async(group: finished) {
                while let job = queue.pop() {
                    job.output = work(worker, job.item, job.alone)
                    job.done.signal()
                }
            }
        }
        start(first)
        defer {
            for _ in 0..<loops { queue.push(nil) }
            finished.wait()
        }
        var pending: [Job<Item, Output>] = []  // in input order
        var pendingCost = 0
        func finishOldest() throws {
            let job = pending.removeFirst()
            pendingCost -= job.cost
            job.done.wait()
            if let output = job.output { try write(output) }
        }
        while let (item, last) = try next() {
            let itemCost = cost(item)
            while pending.count >= max(2, depth)
                    || (pending.count >= 2 && pendingCost > budget - min(itemCost, budget)) {
                try finishOldest()
            }
            if loops == 1 && !pending.isEmpty {
                let worker = second ?? makeSecond()
                second = worker
                start(worker)
            }
            let job = Job<Item, Output>(item, cost: itemCost, alone: last && pending.isEmpty)
            pending.append(job)
            pendingCost += itemCost
            queue.push(job)
            if last {
                while !pending.isEmpty { try finishOldest() }
            }
        }
        while !pending.isEmpty { try finishOldest() }
    }

    /// One item handed to a worker, then its output.
    private final class Job<Item, Output>: @unchecked Sendable {
        let item: Item
        let cost: Int
        let alone: Bool
        var output: Output?
        let done = DispatchSemaphore(value: 0)

        init(_ item: Item, cost: Int, alone: Bool) {
            self.item = item
            self.cost = cost
            self.alone = alone
        }
    }

    /// Jobs passed from the calling thread to the worker loops, first in first out; nil tells
    /// one loop to stop.
    private final class JobQueue<Item, Output>: @unchecked Sendable {
        private var jobs: [Job<Item, Output>?] = []
        private let lock = DispatchSemaphore(value: 1)
        private let available = DispatchSemaphore(value: 0)

        func push(_ job: Job<Item, Output>?) {
            lock.wait()
            jobs.append(job)
            lock.signal()
            available.signal()
        }

        /// The oldest job, waiting for one; nil: stop.
        func pop() -> Job<Item, Output>? {
            available.wait()
            lock.wait()
            defer { lock.signal() }
            return jobs.removeFirst()
        }
    }
}
