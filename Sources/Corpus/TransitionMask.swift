/// Which label may follow which under a tag scheme, for a fixed label list, as used by a CRF or
/// a constrained decoder. Indexes are positions in `labels`.
public struct TransitionMask: Sendable, Equatable {
    /// The label list the mask is built for.
    public var labels: [String]
    /// `start[j]`: label j may begin a sentence.
    public var start: [Bool]
    /// `allowed[i * labels.count + j]`: label j may follow label i (row-major, previous major).
    public var allowed: [Bool]
    /// `end[i]`: a sentence may end with label i.
    public var end: [Bool]

    /// True when label `next` may follow label `previous` (indexes into `labels`).
    public func allows(_ previous: Int, _ next: Int) -> Bool {
        allowed[previous * labels.count + next]
    }

    /// The mask as `(labels.count + 1) x labels.count` row-major booleans whose row 0 is the
    /// start row and row i + 1 holds the transitions out of label i.
    public var withStartRow: [Bool] { start + allowed }
}
