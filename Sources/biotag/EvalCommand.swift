import Corpus

/// `biotag eval`: not implemented yet (see the open issue that builds it).
enum EvalCommand {
    static func run(_ arguments: [String]) throws {
        throw UsageError("'eval' is not available yet")
    }
}
