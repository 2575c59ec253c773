/// Work buffers of `LSTM.infer`, which keeps nothing between calls: one scratch can serve every
/// layer of a network in turn (one per thread: each direction of a `BiLSTM` needs its own).
/// Sizes follow the largest call: `[chunk, 4H]` gates, `[chunk, input]` gathered inputs and two
/// `[batch, H]` states.
public final class LSTMScratch {
    let gates = Workspace()
    let inputs = Workspace()
    let cells = Workspace()
    let states = Workspace()

    /// Empty buffers; they grow on first use.
    public init() {}
}
