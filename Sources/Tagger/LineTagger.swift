import Corpus
import Dispatch

/// Tags raw text line by line and formats each result: the engine of `biotag tag` on text.
/// One output line per input line, in input order, ended as the input line was (`\n`, `\r\n`,
/// or nothing for a last line without a newline); an empty line gives an empty line.
///
/// ```swift
/// let model = try ShippedModels.load("morph")
/// let tagger = LineTagger(model: model, format: .morph, options: .init(threads: 2))
/// try tagger.run(LineReader(path: "-"), line: { text, end in print(text, terminator: end) }, flush: {})
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
///   the two LSTM directions side by side when it is long enough to gain from it (so the
///   tagger sets the model's `threads` for each group). A few groups wait in flight, fewer when
///   lines are very long (about two groups' worth of characters at least).
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
        /// bounds the network's work buffers (2048 by default: 512 tagged the GSD dev text 5-9 %
        /// slower with 2 threads for 2-4 MB less peak memory).
        public var readAheadCharacters: Int
        /// 1 or 2 (clamped).
        public var threads: Int
        /// Lines per block in throughput mode; nil: `max(256, 16 * batch)` (tests set it small).
        var blockLines: Int?

        /// - Parameters: see the properties; values below 1 are raised to 1.
        public init(batch: Int = 1, readAhead: Int = 32, readAheadCharacters: Int = 2048, threads: Int = 1) {
            self.batch = max(1, batch)
            self.readAhead = max(1, readAhead)
            self.readAheadCharacters = max(1, readAheadCharacters)
            self.threads = max(1, min(2, threads))
        }
    }

    /// The grouping and thread settings.
    public let options: Options
    /// The model given and, with 2 threads, its replica (made when a second group first waits,
    /// so a lone interactive line never pays for it).
    private let workers: WorkerPipeline<Worker>

    /// Line-by-line groups in flight per worker at most with 2 threads.
    static let queuedGroups = 8

    /// Characters per line the budget of blocks in flight allows for (throughput mode).
    static let typicalLineCharacters = 64

    /// A lone group of at least this many characters runs the two LSTM directions on two cores
    /// (shorter ones lose more to the hand-over than they gain).
    static let splitCharacters = 256

    /// A tagger writing `format` for `model`'s output (see `LineFormatter`).
    /// - Parameter scores: add each label's probability (`bio`; `json` always has them).
    /// The model's `computesConfidence` is used as it is set (the replica copies it).
    public init(model: TaggerModel, format: OutputFormat, scores: Bool = false, options: Options = Options()) {
        self.options = options
        workers = WorkerPipeline(first: Worker(model: model, format: format, scores: scores)) {
            Worker(model: model.replica(), format: format, scores: scores)
        }
    }

    /// The formatted results of `lines` in order (no final newlines), grouped and tagged as
    /// `run` would with all of them waiting.
    public func format(lines: [String]) -> [String] {
        var results: [String] = []
        var rest = lines[...]
        pipeline(next: {
            guard let group = self.group(next: { rest.popFirst().map { ($0, "\n") } }, ready: { true },
                                         failed: { _ in }) else {
                return nil
            }
            return (group, rest.isEmpty)
        }, write: { text, _ in results.append(text) }, flush: {})
        return results
    }

    /// Reads `lines` to the end, calling `line` with each formatted result (no final newline) and
    /// the input line's own ending (`LineReader.lastLineEnding`: `"\n"`, `"\r\n"`, `"\r"` or
    /// `""`) in input order, and `flush` after each group (line by line) or block (throughput
    /// mode). After a CRLF line, a result of several lines (`bio`) breaks them with CRLF too.
    /// - Throws: what reading `lines` throws (`InputError`), and what `flush` throws (e.g. to
    ///   stop on a closed output); lines read before the error are written first.
    public func run(_ lines: LineReader, line write: (_ text: String, _ ending: String) -> Void,
                    flush: () throws -> Void) throws {
        var failure: Error?
        try pipeline(next: {
            guard failure == nil else { return nil }
            // A read error ends the group (thrown once the lines read before it are written).
            let group = self.group(next: { try lines.nextLine().map { ($0, lines.lastLineEnding) } },
                                   ready: lines.hasLineReady) { failure = $0 }
            guard let group else { return nil }
            // Line by line, a group is the last for now when no more input is waiting; a
            // short block in throughput mode is the last one.
            let waiting = options.batch > 1 ? group.lines.count == block : (try? lines.hasLineReady()) ?? false
            return (group, failure != nil || !waiting)
        }, write: write, flush: flush)
        if let failure { throw failure }
    }

    /// Lines per block in throughput mode.
    private var block: Int { max(1, options.blockLines ?? max(256, 16 * options.batch)) }

    /// Lines tagged together with how each ended, and their characters (Unicode scalars)
    /// counted once.
    private struct Group {
        var lines: ArraySlice<String>
        var endings: [String]
        var characters: Int
    }

    /// The next group (line by line) or block (throughput mode) from `next`; nil at the end of
    /// input. Only the first line of a line-by-line group may wait for input: more are taken
    /// while `ready` says a line is waiting. An error is passed to `failed` and ends the group
    /// (nil when no line was read).
    private func group(next: () throws -> (String, String)?, ready: () throws -> Bool,
                       failed: (Error) -> Void) -> Group? {
        var lines: [String] = []
        var endings: [String] = []
        var characters = 0
        func take(_ line: (text: String, ending: String)) {
            lines.append(line.text)
            endings.append(line.ending)
            characters += line.text.unicodeScalars.count
        }
        do {
            guard let line = try next() else { return nil }
            take(line)
            if options.batch > 1 {
                while lines.count < block, let line = try next() { take(line) }
            } else {
                while lines.count < options.readAhead, characters < options.readAheadCharacters,
                      try ready(), let line = try next() {
                    take(line)
                }
            }
        } catch {
            failed(error)
        }
        return lines.isEmpty ? nil : Group(lines: lines[...], endings: endings, characters: characters)
    }

    /// Tags the groups `next` gives (with whether no other group follows for now) and writes
    /// their lines (with their endings) in order, calling `flush` after each group (see
    /// `WorkerPipeline`).
    private func pipeline(next: () throws -> (Group, last: Bool)?, write: (String, String) -> Void,
                          flush: () throws -> Void) rethrows {
        let batchSize = options.batch > 1 ? options.batch : options.readAhead
        let threads = options.threads
        let split = Self.splitCharacters
        let depth = 2 * (options.batch > 1 ? 2 : Self.queuedGroups)
        // Characters in flight: what `depth` groups or blocks of ordinary lines hold; fewer
        // (down to 2) when lines are very long.
        let budget = options.batch > 1 ? depth * block * Self.typicalLineCharacters
            : depth * options.readAheadCharacters
        try workers.run(threads: threads, depth: depth, cost: \.characters, budget: budget, next: next,
                        work: { worker, group, alone in
            // Alone and long, a group may use both cores for its two LSTM directions.
            if threads > 1 { worker.model.threads = alone && group.characters >= split ? 2 : 1 }
            return Array(zip(worker.format(group.lines, batchSize: batchSize), group.endings))
        }, write: { lines in
            for (text, ending) in lines {
                // A result of several lines (bio) breaks its lines as the input line ended.
                write(ending == "\r\n" && text.contains("\n") ? text.replacing("\n", with: "\r\n") : text,
                      ending)
            }
            try flush()
        })
    }

    /// A model and its formatter, used by one thread at a time.
    private final class Worker: @unchecked Sendable {
        let model: TaggerModel
        var formatter: LineFormatter

        init(model: TaggerModel, format: OutputFormat, scores: Bool) {
            self.model = model
            formatter = LineFormatter(format: format, model: model, scores: scores)
        }

        func format(_ group: ArraySlice<String>, batchSize: Int) -> [String] {
            let tagged = group.count == 1 ? [model.tag(line: group[group.startIndex])]
                : model.tag(lines: Array(group), batchSize: batchSize)
            return tagged.map { formatter.format($0) }
        }
    }
}
