/// A place where a label sequence breaks the rules of a `TagScheme`.
public struct SchemeViolation: Sendable, Equatable, CustomStringConvertible {
    /// 0-based index of the offending label (equal to the label count for a sequence that ends
    /// inside an unfinished chunk, e.g. IOBES ending in `B-X`).
    public var position: Int
    /// The label before it, nil at the start of the sequence.
    public var previous: String?
    /// The offending label, nil at the end of the sequence.
    public var label: String?
    /// Why it is invalid, one line.
    public var reason: String

    /// A violation record.
    public init(position: Int, previous: String?, label: String?, reason: String) {
        self.position = position
        self.previous = previous
        self.label = label
        self.reason = reason
    }

    /// `token N: reason`, 1-based for people.
    public var description: String { "token \(position + 1): \(reason)" }
}
