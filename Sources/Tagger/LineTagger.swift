import Corpus
import Dispatch

/// Tags raw text line by line and formats each result: the engine of `biotag tag` on text.
/// One output line per input line, in input order; an empty line gives an empty line.
///
/// ```swift
/// let model = try ShippedModels.load("morph")
/// let tagger = LineTagger(model: model, format: .morph, options: .init(threads: 2))
/// try tagger.run(LineReader(path: "-"), line: { print($0) }, flush: {})
/// ```
///
/// - Line by line (`batch` 1, the default): each line is answered as soon as it is read,
///   together with the lines already waiting behind it (at most `readAhead` lines and
///   `readAheadCharacters` characters per group, never waiting for more input), so interactive
///   use sees one line at a time and a file or a fast pipe gets near batch throughput.
/// - Throughput (`batch` > 1): blocks of `max(256, 16 * batch)` lines, `batch` sentences per
///   network call, output (and `flush`) per block.
/// - With 2 threads the model gets a replica (its own weights and work buffers), and the groups
///   or blocks that are ready are tagged and formatted on two cores, each by whichever worker is
///   free, while the calling thread reads and writes; a lone group (nothing else waiting) runs
///   the two LSTM directions side by side when it is long enough to gain from it.
///
/// The output is the same for every batch, read-ahead and thread setting. Not safe to run from
/// several threads at once.
public final class LineTagger {
    /// How lines are grouped and how many cores tag them.
    public struct Options: Sendable, Equatable {
        /// 1: line by line with read-ahead; more: sentences per network call in throughput mode.
        public var batch: Int
        /// Lines tagged together at most when they are already waiting (line by line); 1 tags
        /// each line alone.
        public var readAhead: Int
        /// Characters (Unicode scalars) per read-ahead group at most, once its first line is in:
        /// bounds the network's work buffers.
        public var readAheadCharacters: Int
        /// 1 or 2 (clamped).
        public var threads: Int
        /// Lines per block in throughput mode; nil: `max(256, 16 * batch)` (tests set it small).
        var blockLines: Int?

        /// - Parameters: see the properties; values below 1 are raised to 1.
        public init(batch: Int = 1, readAhead: Int = 32, readAheadCharacters: Int = 512, threads: Int = 1) {
            self.batch = max(1, batch)
            self.readAhead = max(1, readAhead)
            self.readAheadCharacters = max(1, readAheadCharacters)
            self.threads = max(1, min(2, threads))
        }
    }

    /// The grouping and thread settings.
    public let options: Options
    /// The model given; with 2 threads, its replica is made when a second group first waits
    /// (a lone interactive line never pays for it).
    private let first: Worker
    private var second: Worker?
    private let format: OutputFormat
    private let scores: Bool

    /// Line-by-line groups in flight per worker at most with 2 threads.
    static let queuedGroups = 8

    /// A lone group of at least this many characters runs the two LSTM directions on two cores
    /// (shorter ones lose more to the hand-over than they gain).
    static let splitCharacters = 256

    /// A tagger writing `format` for `model`'s output (see `LineFormatter`).
    /// - Parameter scores: add each label's probability (`bio`; `json` always has them).
    /// The model's `computesConfidence` is used as it is set (the replica copies it).
    public init(model: TaggerModel, format: OutputFormat, scores: Bool = false, options: Options = Options()) {
        self.options = options
        self.format = format
        self.scores = scores
        first = Worker(model: model, formatter: LineFormatter(format: format, model: model, scores: scores))
    }

    /// The second worker, on a replica of the model made on first use.
    private func secondWorker() -> Worker {
        if let second { return second }
        let replica = first.model.replica()
        let worker = Worker(model: replica, formatter: LineFormatter(format: format, model: replica, scores: scores))
        second = worker
        return worker
    }

    /// The formatted results of `lines` in order (no final newlines), grouped and tagged as
    /// `run` would with all of them waiting.
    public func format(lines: [String]) -> [String] {
        var results: [String] = []
        let size = options.batch > 1 ? block : options.readAhead
        var start = 0
        pipeline(next: {
            guard start < lines.count else { return nil }
            let end = min(lines.count, start + size)
            defer { start = end }
            return (lines[start..<end], end == lines.count)
        }, write: { results.append($0) }, flush: {})
        return results
    }

    /// Reads `lines` to the end, calling `line` with each formatted result (no newline) in input
    /// order and `flush` after each group (line by line) or block (throughput mode).
    /// - Throws: what reading `lines` throws (`InputError`), and what `flush` throws (e.g. to
    ///   stop on a closed output); lines read before the error are written first.
    public func run(_ lines: LineReader, line write: (String) -> Void, flush: () throws -> Void) throws {
        var failure: Error?
        try pipeline(next: {
            do {
                guard let group = try group(lines) else { return nil }
                // Line by line, a group is the last for now when no more input is waiting; a
                // short block in throughput mode is the last one.
                let last = options.batch > 1 ? group.count < block : !(try lines.hasLineReady())
                return (group, last)
            } catch {
                failure = error
                return nil
            }
        }, write: write, flush: flush)
        if let failure { throw failure }
    }

    /// Lines per block in throughput mode.
    private var block: Int { max(1, options.blockLines ?? max(256, 16 * options.batch)) }

    /// The next group (line by line) or block (throughput mode); nil at the end of input. Only
    /// the first line of a line-by-line group waits for input.
    private func group(_ lines: LineReader) throws -> ArraySlice<String>? {
        guard let line = try lines.nextLine() else { return nil }
        var group = [line]
        if options.batch > 1 {
            while group.count < block, let next = try lines.nextLine() { group.append(next) }
            return group[...]
        }
        var characters = line.unicodeScalars.count
        while group.count < options.readAhead, characters < options.readAheadCharacters,
              try lines.hasLineReady(), let next = try lines.nextLine() {
            group.append(next)
            characters += next.unicodeScalars.count
        }
        return group[...]
    }

    /// Tags the groups `next` gives (with whether no other group follows for now) and writes
    /// their lines in order, calling `flush` after each group. With one worker each group is
    /// done on the calling thread. With two, each worker's loop takes the oldest group not yet
    /// taken from a shared queue (so a worker with shorter groups simply takes more of them)
    /// while this thread reads and writes; a few groups wait in the queue (`queuedGroups` per
    /// worker, or 2 blocks) so that a worker never waits for this thread to hand it one, and
    /// every group in flight is written before a group marked last is followed by waiting for
    /// more input.
    private func pipeline(next: () throws -> (ArraySlice<String>, last: Bool)?, write: (String) -> Void,
                          flush: () throws -> Void) rethrows {
        let batchSize = options.batch > 1 ? options.batch : options.readAhead
        if options.threads == 1 {
            while let (group, _) = try next() {
                for text in first.format(group, batchSize: batchSize) { write(text) }
                try flush()
            }
            return
        }
        let queue = JobQueue()
        let finished = DispatchGroup()
        var loops = 0
        func start(_ worker: Worker) {
            loops += 1
            worker.queue.async(group: finished) {
                while let job = queue.pop() {
                    worker.model.threads = job.threads
                    job.output = worker.format(job.group, batchSize: batchSize)
                    job.done.signal()
                }
            }
        }
        start(first)
        // Stops the loops (after the groups already queued) however this function is left.
        defer {
            for _ in 0..<loops { queue.push(nil) }
            finished.wait()
        }
        var pending: [Job] = []  // in input order
        let depth = 2 * (options.batch > 1 ? 2 : Self.queuedGroups)
        func finishOldest() throws {
            let job = pending.removeFirst()
            job.done.wait()
            for text in job.output { write(text) }
            try flush()
        }
        while let (group, last) = try next() {
            if pending.count == depth { try finishOldest() }
            // A second group in flight: time for the second worker.
            if loops == 1 && !pending.isEmpty { start(secondWorker()) }
            // A group with no other in flight or behind it may use both cores for its two LSTM
            // directions (the workers are idle now), when it is long enough to gain from it.
            let alone = last && pending.isEmpty && characters(group) >= Self.splitCharacters
            let job = Job(group, threads: alone ? 2 : 1)
            pending.append(job)
            queue.push(job)
            if last {
                while !pending.isEmpty { try finishOldest() }
            }
        }
        while !pending.isEmpty { try finishOldest() }
    }

    private func characters(_ group: ArraySlice<String>) -> Int {
        group.reduce(0) { $0 + $1.unicodeScalars.count }
    }

    /// One group handed to a worker: its lines and the threads to tag them with, then its
    /// formatted output.
    private final class Job: @unchecked Sendable {
        let group: ArraySlice<String>
        let threads: Int
        var output: [String] = []
        let done = DispatchSemaphore(value: 0)

        init(_ group: ArraySlice<String>, threads: Int) {
            self.group = group
            self.threads = threads
        }
    }

    /// Jobs passed from the reading thread to the worker loops, first in first out; nil tells
    /// one loop to stop.
    private final class JobQueue: @unchecked Sendable {
        private var jobs: [Job?] = []
        private let lock = DispatchSemaphore(value: 1)
        private let available = DispatchSemaphore(value: 0)

        func push(_ job: Job?) {
            lock.wait()
            jobs.append(job)
            lock.signal()
            available.signal()
        }

        /// The oldest job, waiting for one; nil: stop.
        func pop() -> Job? {
            available.wait()
            lock.wait()
            defer { lock.signal() }
            return jobs.removeFirst()
        }
    }

    /// A model and its formatter, used by one thread at a time (its loop's on `queue`, or the
    /// caller's with one worker).
    private final class Worker: @unchecked Sendable {
        let model: TaggerModel
        var formatter: LineFormatter
        let queue = DispatchQueue(label: "biotagger.line-tagger")

        init(model: TaggerModel, formatter: LineFormatter) {
            self.model = model
            self.formatter = formatter
        }

        func format(_ group: ArraySlice<String>, batchSize: Int) -> [String] {
            let tagged = group.count == 1 ? [model.tag(line: group[group.startIndex])]
                : model.tag(lines: Array(group), batchSize: batchSize)
            return tagged.map { formatter.format($0) }
        }
    }
}
