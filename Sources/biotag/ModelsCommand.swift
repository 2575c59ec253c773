import Corpus

/// `biotag models`: not implemented yet (see the open issue that builds it).
enum ModelsCommand {
    static func run(_ arguments: [String]) throws {
        throw UsageError("'models' is not available yet")
    }
}
