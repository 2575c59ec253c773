/// Work buffers of `LSTM.infer`, which keeps nothing between calls: one scratch can serve every
/// layer of a network in turn (one per thread: each direction of a `BiLSTM` needs its own).
/// Sizes follow the largest call: `[chunk, 4H]` gates, `[chunk, input]` gathered inputs and two
/// `[batch, H]` states.
public final class LSTMScratch {
    let gates = GrowableBuffer()
    let inputs = GrowableBuffer()
    let cells = GrowableBuffer()
    let states = GrowableBuffer()

    /// Empty buffers; they grow on first use.
    public init() {}
}
