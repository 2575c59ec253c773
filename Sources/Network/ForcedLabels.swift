/// Labels fixed in advance at some positions of a sequence (a user dictionary's matches): the
/// decoders then give the best path among those that carry exactly these labels there.
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

    /// Applies `forced` to `scores`.
    /// - Parameters:
    ///   - forced: per sequence in batch order, nil (nothing forced) or one entry per position:
    ///     a label id in `0..<labels`, or -1 for a free position. Entries beyond the sequence's
    ///     length, out-of-range ids and sequences beyond the layout are ignored.
    ///   - scores: `[count, ld]` per-token label scores in layout order (columns `0..<labels`),
    ///     changed in place at forced positions only.
    ///   - labels: number of labels `L`.
    ///   - layout: the batch layout.
    public static func apply(_ forced: [[Int32]?], to scores: UnsafeMutablePointer<Float>, ld: Int,
                             labels: Int, layout: SequenceLayout) {
        for (b, positions) in forced.enumerated() where b < layout.lengths.count {
            guard let positions else { continue }
            for t in 0..<min(positions.count, layout.lengths[b]) {
                let y = Int(positions[t])
                guard y >= 0 && y < labels else { continue }
                let row = scores + layout.row(sequence: b, position: t) * ld
                for j in 0..<labels where j != y { row[j] = penalty }
            }
        }
    }
}
