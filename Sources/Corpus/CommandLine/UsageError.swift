/// A usage error: a bad or missing command-line option. Command-line programs exit with 1.
public struct UsageError: Error, CustomStringConvertible {
    /// The one-line message, e.g. `--epochs expects an integer in 1...10000, got 'zero'`.
    public var description: String
    /// An error with the one-line `message`.
    public init(_ message: String) { description = message }
}
