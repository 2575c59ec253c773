import Corpus
import Network

extension TagScheme {
    /// The label sequences a decoder may produce among `labels` under this scheme (allowed first
    /// labels, label-to-label transitions and last labels: IOBES ends only on `O`, `E-*`,
    /// `S-*`), as the network's `TransitionMask`, indexed like `labels`.
    public func transitionMask(labels: [String]) -> TransitionMask {
        let rule = transitionRule(labels: labels)
        return TransitionMask(labels: labels.count, allows: rule.allows, ends: rule.ends)
    }
}
