import Corpus

/// A training checkpoint opened to continue its run: the run's header (network shape, options,
/// labels, training file names) and how far it got, readable before the data is, so that
/// options that disagree with the run can be refused first. `Trainer(resuming:train:dev:)`
/// continues from it.
public struct ResumePoint {
    /// The checkpoint as read.
    var checkpoint: Checkpoint
    /// The file it was read from.
    public let path: String

    /// The run's header. Its `options.epochs`, `options.patience` and `options.threads` may be
    /// changed before resuming (the other fields describe the run and are kept).
    public var header: ModelHeader {
        get { checkpoint.header }
        set { checkpoint.header = newValue }
    }

    /// Completed epochs.
    public var epoch: Int { checkpoint.state.epoch }
    /// True when the run stopped inside an epoch (Ctrl-C), which resuming finishes first.
    public var isInsideEpoch: Bool { checkpoint.state.nextBatch != nil }

    /// Reads the checkpoint at `path`.
    /// - Throws: `InputError(.model)` naming `path` for a damaged file or a model file given
    ///   instead of a checkpoint; `.io` when it cannot be read.
    public init(path: String) throws {
        checkpoint = try Checkpoint.read(path: path)
        self.path = path
    }
}
