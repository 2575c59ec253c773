import Corpus
import FoundationEssentials
import Glibc

/// A training checkpoint: the model (header and weights), the optimiser's state as named
/// tensors, and where the run stands (epoch, step, random state, best dev scores). Written
/// atomically after every epoch; `Trainer(resuming:train:dev:)` continues from it.
struct Checkpoint {
    static let fileKind = "checkpoint"

    var header: ModelHeader
    var state: TrainingState
    /// Network parameters under their own names and optimiser state under `optimizer.*` names.
    var tensors: [Tensor]

    private struct Document: Codable {
        var model: ModelHeader
        var state: TrainingState
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(Document(model: header, state: state))
        try ModelFile(kind: Checkpoint.fileKind, header: json, tensors: tensors).write(to: path)
    }

    /// - Throws: `InputError(.model)` naming `path` for a damaged file or a model file given
    ///   instead of a checkpoint.
    static func read(path: String) throws -> Checkpoint {
        let file = try ModelFile.read(path: path)
        guard file.kind == fileKind else {
            throw InputError(.model, file: path, "is a \(file.kind), not a training checkpoint; "
                             + "--resume takes the .checkpoint file written next to the model")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: file.header)
        } catch {
            throw InputError(.model, file: path, "checkpoint header is not readable (\(shortReason(error)))")
        }
        return Checkpoint(header: document.model, state: document.state, tensors: file.tensors)
    }
}
