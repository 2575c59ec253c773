/// A labelled stretch of tokens: `start..<end` (end exclusive, 0-based token indexes) of `type`.
public struct Span: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// First token (0-based).
    public var start: Int
    /// One past the last token.
    public var end: Int
    /// The chunk type, e.g. `PER` or `NP-SBJ` (may be empty for untyped labels like bare `B`).
    public var type: String

    /// A span of tokens `start..<end`.
    public init(start: Int, end: Int, type: String) {
        self.start = start
        self.end = end
        self.type = type
    }

    /// Number of tokens covered.
    public var count: Int { end - start }

    /// Order by start, then end, then type.
    public static func < (a: Span, b: Span) -> Bool {
        (a.start, a.end, a.type) < (b.start, b.end, b.type)
    }

    /// `TYPE[start,end)`.
    public var description: String { "\(type)[\(start),\(end))" }
}
