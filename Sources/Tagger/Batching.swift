/// Length-bucketed, shuffled mini-batches, deterministic for a given random state.
///
/// Sentences are shuffled, stably sorted by length (so equal lengths stay in random order),
/// cut into batches of at most `batchSize` sentences of near-equal length (little padding), and
/// the batches are shuffled. Every index appears in exactly one batch.
import Network

public enum Batching {
    /// Batches of indices into `lengths`.
    /// - Parameters:
    ///   - lengths: one length per sentence (any order, zeros allowed).
    ///   - batchSize: sentences per batch, at least 1 (smaller values are treated as 1).
    ///   - random: the generator, advanced by the call.
    public static func batches(lengths: [Int], batchSize: Int, random: inout SplitMix64) -> [[Int]] {
        var order = Array(lengths.indices)
        random.shuffle(&order)
        var position = [Int](repeating: 0, count: lengths.count)
        for (rank, index) in order.enumerated() { position[index] = rank }
        order.sort { lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : position[$0] < position[$1] }
        let size = max(1, batchSize)
        var batches = stride(from: 0, to: order.count, by: size).map { Array(order[$0..<min($0 + size, order.count)]) }
        random.shuffle(&batches)
        return batches
    }

    /// Batches of indices in length order without shuffling (for prediction): each batch holds
    /// sentences of near-equal length; callers put results back by index.
    public static func sortedBatches(lengths: [Int], batchSize: Int) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : $0 < $1 }
        let size = max(1, batchSize)
        return stride(from: 0, to: order.count, by: size).map { Array(order[$0..<min($0 + size, order.count)]) }
    }
}

extension SplitMix64 {
    /// Fisher-Yates shuffle driven by this generator only (the standard library's algorithm
    /// may change between releases; this one does not).
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            array.swapAt(i, j)
        }
    }
}
