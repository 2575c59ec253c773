/// Labels fixed in advance at some positions of a sequence (a user dictionary's matches), and
/// positions that must start a new chunk (the token after a match, so that the model cannot
/// extend it): the decoders then give the best path among those that keep these constraints.
///
/// The constraint is put into the per-token scores: at a forced position every other label's
/// score becomes `penalty`, so any path through one of them scores below every path that keeps
/// the forced labels, while the scores of those paths are unchanged. The same Viterbi (CRF or
/// masked softmax) then decodes the rest of the sequence jointly around the forced positions,
/// and CRF marginals become the marginals given the forced labels. A finite penalty (not -inf)
/// keeps a path, and finite marginals, even when the forced labels contradict the transition
/// mask (a path breaking a constraint is then chosen; callers check the result).
public enum ForcedLabels {
    /// The score given to every label but the forced one at a forced position: far below any
    /// path score a network gives, far above -inf (`-1e30`; sums of a few stay finite).
    public static let penalty: Float = -1e30

    /// The entry of a position that must not continue the chunk before it (the token after a
    /// forced span): the `continuing` labels get `penalty` there, the others keep their scores.
    public static let startsChunk: Int32 = -2

    /// Applies `forced` to `scores`.
    /// - Parameters:
    ///   - forced: per sequence in batch order, nil (nothing forced) or one entry per position:
    ///     a label id in `0..<labels`, -1 for a free position, or `startsChunk`. Entries beyond
    ///     the sequence's length, other ids and sequences beyond the layout are ignored.
    ///   - scores: `[count, ld]` per-token label scores in layout order (columns `0..<labels`),
    ///     changed in place at forced positions only.
    ///   - labels: number of labels `L`.
    ///   - layout: the batch layout.
    ///   - continuing: the labels that continue a chunk (`I-X`, `E-X`), banned at `startsChunk`.
    public static func apply(_ forced: [[Int32]?], to scores: UnsafeMutablePointer<Float>, ld: Int,
                             labels: Int, layout: SequenceLayout, continuing: [Int32] = []) {
        for (b, positions) in forced.enumerated() where b < layout.lengths.count {
            guard let positions else { continue }
            for t in 0..<min(positions.count, layout.lengths[b]) {
                let y = Int(positions[t])
                let row = scores + layout.row(sequence: b, position: t) * ld
                if positions[t] == startsChunk {
                    for j in continuing where j >= 0 && Int(j) < labels { row[Int(j)] = penalty }
                }
                guard y >= 0 && y < labels else { continue }
                for j in 0..<labels where j != y { row[j] = penalty }
            }
        }
    }
}
