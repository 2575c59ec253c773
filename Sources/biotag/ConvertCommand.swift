import Corpus

/// `biotag convert`: not implemented yet (see the open issue that builds it).
enum ConvertCommand {
    static func run(_ arguments: [String]) throws {
        throw UsageError("'convert' is not available yet")
    }
}
