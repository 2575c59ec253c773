/// Work buffers of `LSTM.infer` and `GRU.infer`, which keep nothing between calls: one scratch
/// can serve every layer of a network in turn (one per thread: each direction of a
/// `BiRecurrent` needs its own). Sizes follow the largest call: `[chunk, gates·H]` input-side
/// gates, `[chunk, input]` gathered inputs, `[batch, H]` states and, for a GRU, `[batch, 3H]`
/// recurrent-side gates.
public final class RecurrentScratch {
    let gates = GrowableBuffer()
    let inputs = GrowableBuffer()
    let cells = GrowableBuffer()
    let states = GrowableBuffer()
    let recurrent = GrowableBuffer()

    /// Empty buffers; they grow on first use.
    public init() {}
}
