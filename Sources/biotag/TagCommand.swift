import Corpus

/// `biotag tag`: not implemented yet (see the open issue that builds it).
enum TagCommand {
    static func run(_ arguments: [String]) throws {
        throw UsageError("'tag' is not available yet")
    }
}
