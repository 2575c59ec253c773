/// How a batch of variable-length sequences is laid out as token rows, and the order in which
/// the recurrent layers visit them (the "packed sequence" scheme).
///
/// Sequences are ranked by length, longest first (ties keep batch order). Every per-token tensor
/// in the network has one row per real token, `count` rows in all, in *step order*: all tokens
/// at position 0 (ranked), then all at position 1, and so on, so the token at position `t` of
/// sequence `b` lives at row `offsets[t] + rank[b]`. At step `t` exactly the `batchSizes[t]`
/// longest sequences are active and their rows are contiguous. No padding rows exist, so a batch
/// computes exactly what each sequence would alone.
///
/// A right-to-left LSTM reads each sequence from its own last token: at step `s` the active slot
/// `i` (sequence `order[i]`) reads position `length - 1 - s`, whose row is `reversedRows[offsets[s] + i]`.
public struct SequenceLayout: Sendable {
    /// Length of each sequence, in batch order (zero allowed: such a sequence has no rows).
    public let lengths: [Int]
    /// Total number of tokens (rows).
    public let count: Int
    /// Longest length (number of recurrent steps).
    public let steps: Int
    /// `order[i]` is the batch index of the sequence with rank `i` (longest first).
    public let order: [Int]
    /// `rank[b]`: rank of batch sequence `b`.
    public let rank: [Int]
    /// `[steps]`: number of sequences longer than `t`, non-increasing.
    public let batchSizes: [Int]
    /// `[steps + 1]`: first row of step `t`; `offsets[steps] == count`.
    public let offsets: [Int]
    /// `[count]`: for step-order index `offsets[s] + i`, the row read at step `s` by the
    /// right-to-left direction.
    public let reversedRows: [Int32]

    /// The layout of sequences with the given lengths (each ≥ 0).
    public init(lengths: [Int]) {
        self.lengths = lengths
        let order = lengths.indices.sorted { a, b in
            lengths[a] != lengths[b] ? lengths[a] > lengths[b] : a < b
        }
        self.order = order
        var rank = [Int](repeating: 0, count: lengths.count)
        for (i, b) in order.enumerated() { rank[b] = i }
        self.rank = rank
        let steps = lengths.max() ?? 0
        self.steps = steps
        var sizes = [Int](repeating: 0, count: steps)
        for length in lengths where length > 0 { sizes[length - 1] += 1 }
        // sizes[t] currently counts sequences of length t + 1; suffix sums give "longer than t".
        var running = 0
        for t in stride(from: steps - 1, through: 0, by: -1) {
            running += sizes[t]
            sizes[t] = running
        }
        batchSizes = sizes
        var offsets = [Int](repeating: 0, count: steps + 1)
        for t in 0..<steps { offsets[t + 1] = offsets[t] + sizes[t] }
        self.offsets = offsets
        count = offsets[steps]
        var reversed = [Int32](repeating: 0, count: offsets[steps])
        for s in 0..<steps {
            for i in 0..<sizes[s] {
                let position = lengths[order[i]] - 1 - s
                reversed[offsets[s] + i] = Int32(offsets[position] + i)
            }
        }
        reversedRows = reversed
    }

    /// Row of the token at `position` (`0..<lengths[sequence]`) of batch sequence `sequence`.
    @inline(__always)
    public func row(sequence: Int, position: Int) -> Int { offsets[position] + rank[sequence] }
}
