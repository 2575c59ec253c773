import Corpus

/// `biotag train`: not implemented yet (see the open issue that builds it).
enum TrainCommand {
    static func run(_ arguments: [String]) throws {
        throw UsageError("'train' is not available yet")
    }
}
