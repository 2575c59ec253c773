/// Which label sequences a decoder may produce: allowed first labels, label-to-label
/// transitions and last labels (e.g. under BIO, `O -> I-X` and a leading `I-X` are forbidden).
///
/// Used by `CRF` decoding and marginals and by `Viterbi` for the softmax head. Training losses
/// ignore it (gold data that breaks the scheme must not give an infinite loss).
public struct TransitionMask: Sendable, Equatable {
    /// Number of labels `L`.
    public let labels: Int
    /// `[L]`: may a sequence start with label `j`.
    public var start: [Bool]
    /// `[L, L]` row-major: may label `i` (row, previous) be followed by label `j` (column).
    public var transitions: [Bool]
    /// `[L]`: may a sequence end with label `j`.
    public var end: [Bool]

    /// Everything allowed.
    public init(labels: Int) {
        self.labels = labels
        start = [Bool](repeating: true, count: labels)
        transitions = [Bool](repeating: true, count: labels * labels)
        end = [Bool](repeating: true, count: labels)
    }

    /// A mask built from a rule: `allows(previous, next)` with `previous == nil` at the start of a
    /// sequence, and `ends(label)` for the last label (default: any label may end a sequence).
    public init(labels: Int, allows: (_ previous: Int?, _ next: Int) -> Bool,
                ends: (_ last: Int) -> Bool = { _ in true }) {
        self.init(labels: labels)
        for j in 0..<labels {
            start[j] = allows(nil, j)
            end[j] = ends(j)
            for i in 0..<labels { transitions[i * labels + j] = allows(i, j) }
        }
    }

    /// True when nothing is forbidden.
    public var allowsEverything: Bool {
        !start.contains(false) && !transitions.contains(false) && !end.contains(false)
    }
}
