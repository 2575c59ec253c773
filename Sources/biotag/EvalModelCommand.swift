import Corpus

/// `biotag eval --model MODEL FILE...`: tags the files with a model and evaluates the result.
/// Owned by the tagger team, who replace this body once the tagger exists.
enum EvalModelCommand {
    static func run(_ arguments: [String]) throws {
        throw UsageError("--model needs the tagger; not available yet")
    }
}
