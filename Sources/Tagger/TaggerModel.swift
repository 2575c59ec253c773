import Corpus
import FoundationEssentials
import Glibc
import Hangul
import Network

/// A trained tagger: the network with its weights plus everything needed to turn text into
/// its inputs and its outputs into labels. Load one with `TaggerModel.load(path)`.
///
/// Not safe to use from several threads at once (prediction reuses work buffers); give each
/// thread its own `replica()` (or load one model per thread). `LineTagger` and
/// `TokenFileTagger` do this for two threads.
public final class TaggerModel {
    /// Metadata: hyperparameters, vocabularies, labels, scheme, unit, data names, dev scores.
    public let header: ModelHeader
    let network: TaggerNetwork
    let encoder: InputEncoder
    /// The model whose labels this one reads as an input (`header.guide`), run first on the
    /// same tokens; nil without one.
    let guide: TaggerModel?

    /// How raw text is split into tokens (see `tokenize(_:)`).
    public var unit: TokenUnit { header.unit }
    /// The network's labels by id, in the scheme it learnt them in (`header.scheme`).
    public var labels: [String] { header.labels }
    /// The tag scheme name (`bio`, `iob1`, `iobes`, `untyped`) of the labels `tag` returns:
    /// `header.outputScheme` when set (a model that learnt BIO data as IOBES writes BIO), else
    /// `header.scheme`.
    public var scheme: String { header.outputScheme ?? header.scheme }
    /// The label `tag` returns for each network label id: `labels`, or with `header.outputScheme`
    /// `bio` over IOBES labels, `S-X` written `B-X` and `E-X` written `I-X` (a valid IOBES
    /// sequence, which the decoder guarantees, becomes the same chunks in BIO).
    let outputLabels: [String]
    /// `pos`/`seg` for a Korean morpheme model, `entity` otherwise.
    public var task: String { header.task }
    /// The fused-syllable restoration dictionary (morpheme models), nil for entity models.
    public var restoration: RestorationDictionary? { header.restoration }

    /// Whether tagging computes each label's confidence (default true). Set it to false when
    /// no confidence is used (output without scores or chunk probabilities): the CRF head skips
    /// its marginals and the softmax head its softmax, labels are the same and every confidence
    /// is 0.
    public var computesConfidence = true

    /// Whether the end of each line of text, or each sentence of a token file, is read as the
    /// end of a sentence (default false): a sequence tagged through `tag(line:)`, `tag(lines:)` or
    /// `tag(sequences:)` that does not end in sentence-final punctuation (`.` `?` `!` `…` and
    /// their full-width forms; spaces, closing quotes, emoji, emoticons and `ㅋㅋ` looked
    /// through) is tagged as if a period followed its last word; the period gets no label and
    /// is not in the result. For chat-style text: UD Korean GSD marks the ending before no
    /// punctuation as a connective (`EC`), so by default `갔다` at an unpunctuated line end reads
    /// `다/EC`, and with this set `다/EF`. `tag(tokens:)` and `tag(batch:)` never add it.
    public var lineEndsSentence = false

    /// Entries forced onto the decoder when text or token sequences are tagged
    /// (`tag(line:)`, `tag(lines:)`, `tag(sequences:)`; not `tag(tokens:)` and `tag(batch:)`),
    /// and whose fused syllables' restorations come first (`restorationDictionary()`). Nil by
    /// default. It must be built for this model (`UserDictionary(model:)`); one built for
    /// other labels or another unit is ignored.
    public var userDictionary: UserDictionary?

    /// Decoder constraints for a sequence of `count` tokens whose `starts` must start a chunk
    /// (`ForcedLabels.startsChunk` there, free elsewhere); nil when there are none.
    static func startConstraints(_ starts: [Int], count: Int) -> [Int32]? {
        var entries = [Int32](repeating: -1, count: count)
        for t in starts where t >= 0 && t < count { entries[t] = ForcedLabels.startsChunk }
        return entries.contains(ForcedLabels.startsChunk) ? entries : nil
    }

    /// The ids of the labels that continue a chunk (`I-X`, `E-X`), for `ForcedLabels.startsChunk`.
    lazy var continuingLabelIDs: [Int32] = labels.indices.filter {
        let role = TagLabel(labels[$0]).role
        return role == .inside || role == .end
    }.map(Int32.init)

    /// The labels of what `forceWholeMorphemes` keeps whole, by kind of run (`ScriptRun`; web
    /// addresses are `.latin`): the first and the other tokens of its morpheme (`B-SL` and
    /// `I-SL`, `B-SH` and `I-SH`, `B-SW` and `I-SW`, `B-SF` and `I-SF`) in a morpheme model, `B`
    /// and `I` for every kind in a segmentation model. A kind whose labels the model lacks is
    /// absent; nil in other models, or when the `SL` or `SH` labels are missing.
    lazy var wholeMorphemeLabels: [ScriptRun: (first: Int32, rest: Int32)]? = {
        guard isMorphemeModel else { return nil }
        func id(_ label: String) -> Int32? { labels.firstIndex(of: label).map(Int32.init) }
        var found: [ScriptRun: (first: Int32, rest: Int32)] = [:]
        for kind in ScriptRun.allCases {
            if let b = id("B-" + kind.tag), let i = id("I-" + kind.tag) { found[kind] = (b, i) }
        }
        if found[.latin] != nil && found[.hanja] != nil { return found }
        if let b = id("B"), let i = id("I") {
            return Dictionary(uniqueKeysWithValues: ScriptRun.allCases.map { ($0, (first: b, rest: i)) })
        }
        return nil
    }()

    /// The `B-` label id of each symbol tag `UnseenSymbol` gives (`SF`, `SE`, `SS`, `SO`, `SW`)
    /// that the model has, for `forceWholeMorphemes`; empty in other models and in segmentation
    /// models (where a symbol's chunk start is all there is to force, and the network sees it).
    lazy var unseenSymbolLabels: [String: Int32] = {
        guard isMorphemeModel, unit == .char else { return [:] }
        var found: [String: Int32] = [:]
        for tag in ["SF", "SE", "SS", "SO", "SW"] {
            if let id = labels.firstIndex(of: "B-" + tag) { found[tag] = Int32(id) }
        }
        return found
    }()

    /// Worker threads for prediction (1 or 2); results do not depend on it.
    public var threads: Int {
        get { network.threads }
        set { network.threads = max(1, min(2, newValue)) }
    }

    /// The kind tag written into model files.
    static let fileKind = "model"

    /// A model from its parts, as they are (see `init(header:tensors:seed:)` for assembling one).
    init(header: ModelHeader, network: TaggerNetwork, encoder: InputEncoder, guide: TaggerModel?) {
        self.header = header
        self.network = network
        self.encoder = encoder
        self.guide = guide
        self.outputLabels = TaggerModel.outputLabels(header)
    }

    /// `outputLabels` of a model with this header.
    static func outputLabels(_ header: ModelHeader) -> [String] {
        guard header.outputScheme == TagScheme.bio.rawValue, header.scheme == TagScheme.iobes.rawValue else {
            return header.labels
        }
        return header.labels.map { label in
            let parsed = TagLabel(label)
            switch parsed.role {
            case .single: return "B-" + parsed.typeName
            case .end: return "I-" + parsed.typeName
            default: return label
            }
        }
    }

    /// Assembles a model from its header: the network `header.network` describes (weights drawn
    /// from `seed`, then replaced by `tensors` when given), the encoder of the header's
    /// vocabularies and labels, and the decoding constraints of its scheme (none for a scheme
    /// name this build does not know). The one way models
    /// are built, for loading (`load`) and for training (`Trainer`, which gives no tensors for a
    /// new run). A header with a guide takes `guide` when given (a new run), else builds it from
    /// the `guide.`-prefixed tensors.
    /// - Throws: `InputError(.model)` without a file name for a missing tensor or a shape mismatch,
    ///   or a guide that is missing or does not fit the network's guide input.
    init(header: ModelHeader, tensors: [Tensor]?, seed: UInt64 = 0, guide: TaggerModel? = nil,
         prefix: String = "") throws {
        let network = TaggerNetwork(config: header.network, seed: seed, forWeights: tensors != nil)
        if let tensors { try TaggerModel.assign(tensors, to: network.parameters, prefix: prefix) }
        self.header = header
        self.network = network
        self.encoder = InputEncoder(header: header)
        self.outputLabels = TaggerModel.outputLabels(header)
        network.transitionMask = TagScheme(name: header.scheme)?.transitionMask(labels: header.labels)
        if let guideHeader = header.guide?.header {
            let built: TaggerModel
            if let guide {
                built = guide
            } else if let tensors, guideHeader.guide == nil {
                built = try TaggerModel(header: guideHeader, tensors: tensors, prefix: prefix + TaggerModel.guidePrefix)
            } else {
                throw InputError(.model, "the model reads a guide model's labels but none was given")
            }
            guard header.network.usesGuide, built.labels.count + 1 == header.network.guideCount,
                  built.unit == header.unit else {
                throw InputError(.model, "the guide model's labels or unit do not fit the network's guide input")
            }
            built.computesConfidence = false
            self.guide = built
        } else {
            guard !header.network.usesGuide else {
                throw InputError(.model, "the network reads a guide model's labels but the header has no guide")
            }
            self.guide = nil
        }
    }

    /// Name prefix of the guide model's tensors in a model file.
    static let guidePrefix = "guide."

    /// A copy of this model with its own network (the weight arrays shared copy-on-write: a write
    /// to either model's parameters copies them first; work buffers of its own) for tagging on
    /// another thread at the same time; same header, constraints, `computesConfidence`,
    /// `lineEndsSentence` and outputs. One thread.
    public func replica() -> TaggerModel {
        let copy = TaggerNetwork(config: header.network, seed: 0, forWeights: true)
        // Sharing the arrays saves their memory (16 MB for the shipped `morph`); prediction only
        // reads them.
        for (mine, theirs) in zip(network.parameters, copy.parameters) where mine.shape == theirs.shape {
            theirs.value = mine.value
        }
        copy.transitionMask = network.transitionMask
        copy.tabulatesInput = network.tabulatesInput
        copy.threads = 1
        let model = TaggerModel(header: header, network: copy, encoder: encoder, guide: guide?.replica())
        model.computesConfidence = computesConfidence
        model.lineEndsSentence = lineEndsSentence
        model.userDictionary = userDictionary
        return model
    }

    /// This model's network and encoder under another `header` (same shape, vocabularies and
    /// labels; e.g. with dev scores and a creation time for saving).
    func with(header: ModelHeader) -> TaggerModel {
        TaggerModel(header: header, network: network, encoder: encoder, guide: guide)
    }

    /// Loads and checks a model file.
    /// - Throws: `InputError(.model)` naming `path` with a one-line reason (missing, empty,
    ///   not a model, newer version, truncated, checksum mismatch, a checkpoint given instead
    ///   of a model, missing tensor, shape mismatch); `.io` when it cannot be read.
    /// - Parameter restoration: false leaves `restoration` nil without decoding it (faster
    ///   start-up when no morphemes will be restored: output formats `bio` and `inline`).
    public static func load(_ path: String, restoration: Bool = true) throws -> TaggerModel {
        let file = try ModelFile.read(path: path)
        do {
            guard file.kind == fileKind else {
                throw InputError(.model, "this is a training \(file.kind), not a model; "
                                 + "use it with biotag train --resume, or give the --out model")
            }
            return try TaggerModel(file: file, restoration: restoration)
        } catch var error as InputError {
            error.file = error.file ?? path
            throw error
        }
    }

    /// A model from a decoded container (model or checkpoint): parses the header and copies
    /// every network tensor in, checking names and shapes.
    /// - Throws: `InputError(.model)` without a file name.
    convenience init(file: ModelFile, restoration: Bool = true) throws {
        try self.init(header: TaggerModel.decodeHeader(file.header, restoration: restoration),
                      tensors: file.tensors)
    }

    static func decodeHeader(_ data: Data, restoration: Bool = true) throws -> ModelHeader {
        let header: ModelHeader
        do {
            let decoder = JSONDecoder()
            if !restoration { decoder.userInfo[ModelHeader.skipsRestorationKey] = true }
            header = try decoder.decode(ModelHeader.self, from: data)
        } catch {
            throw InputError(.model, "model header is not readable by this biotag (\(shortReason(error)))")
        }
        guard header.format == ModelHeader.formatName else {
            throw InputError(.model, "not a BIOTagger tagger model (header format '\(header.format)')")
        }
        if let problem = header.network.problem {
            throw InputError(.model, "model header describes an impossible network: \(problem)")
        }
        guard header.network.labelCount == header.labels.count,
              header.network.vocabularySize == header.vocabulary.count else {
            throw InputError(.model, "model header is inconsistent: vocabulary or label counts differ "
                             + "from the network's")
        }
        if header.network.usesBigrams && header.bigrams?.count != header.network.bigramVocabularySize {
            throw InputError(.model, "model header is inconsistent: the bigram vocabulary's size differs "
                             + "from the network's")
        }
        if header.network.usesWindowFeatures,
           WindowTemplates(count: header.network.windowTemplates ?? 0) == nil {
            throw InputError(.model, "model uses \(header.network.windowTemplates ?? 0) window features per "
                             + "token, this biotag computes \(ContextFeatures.basicTemplates) or "
                             + "\(ContextFeatures.extendedTemplates); it was written by an incompatible "
                             + "biotag")
        }
        return header
    }

    /// Copies tensors into parameters by name.
    /// - Throws: `InputError(.model)` for a missing tensor or a shape mismatch.
    static func assign(_ tensors: [Tensor], to parameters: [Parameter], prefix: String = "") throws {
        var byName: [String: Tensor] = [:]
        for tensor in tensors { byName[tensor.name] = tensor }
        for parameter in parameters {
            guard let tensor = byName[prefix + parameter.name] else {
                throw InputError(.model, "model has no tensor '\(prefix + parameter.name)'; "
                                 + "it was written by an incompatible biotag")
            }
            guard tensor.shape == parameter.shape, tensor.values.count == parameter.shapeCount else {
                throw InputError(.model, "tensor '\(tensor.name)' has shape \(tensor.shape), "
                                 + "the network needs \(parameter.shape)")
            }
            parameter.value = tensor.values
        }
    }

    /// The network's parameters as tensors.
    static func tensors(of parameters: [Parameter], prefix: String = "") -> [Tensor] {
        parameters.map { Tensor(name: prefix + $0.name, shape: $0.shape, values: $0.value) }
    }

    /// The network's tensors, then the guide's (prefixed `guide.`), as a file stores them.
    var tensors: [Tensor] {
        TaggerModel.tensors(of: network.parameters)
            + (guide.map { TaggerModel.tensors(of: $0.network.parameters, prefix: TaggerModel.guidePrefix) } ?? [])
    }

    /// The model as a file container.
    func file() throws -> ModelFile {
        ModelFile(kind: TaggerModel.fileKind, header: try header.encoded(), tensors: tensors)
    }

    /// Writes the model atomically to `path`.
    /// - Throws: `InputError(.io)` when the file cannot be written.
    public func save(to path: String) throws {
        try file().write(to: path)
    }

    // MARK: Tagging

    /// Splits raw text into this model's tokens (`unit.tokenize`).
    public func tokenize(_ text: String) -> [String] { unit.tokenize(text) }

    /// The best label sequence for `tokens` and each label's confidence in 0...1 (CRF marginal
    /// or softmax probability). Empty input gives empty output. Scheme-forbidden transitions
    /// never occur in the result. The tokens go to the network as they are, however many:
    /// raw text goes through `tag(line:)`.
    public func tag(tokens: [String]) -> TaggedSequence {
        tag(batch: [tokens])[0]
    }

    /// Tags many sequences, grouped into batches of near-equal length (`batchSize` sequences
    /// at most); results come back in input order.
    /// - Parameters:
    ///   - forced: nil, or per sentence nil or a label id per token (-1: free,
    ///     `ForcedLabels.startsChunk`: no `continuing` label) that the decoder must keep (see
    ///     `ForcedLabels`); forced labels get confidence 1.
    ///   - continuing: the ids of the labels that continue a chunk (`I-X`, `E-X`).
    public func tag(batch sentences: [[String]], batchSize: Int = 32,
                    forced: [[Int32]?]? = nil, continuing: [Int32] = []) -> [TaggedSequence] {
        var results = [TaggedSequence](repeating: TaggedSequence(labels: [], confidence: []),
                                       count: sentences.count)
        // Longest batch first: the network's work buffers reach their final size on the first
        // call instead of growing (into freshly faulted pages) at every batch.
        let groups = Batching.sortedBatches(lengths: sentences.map(\.count), batchSize: batchSize)
        for group in groups.reversed() {
            let present = group.filter { !sentences[$0].isEmpty }
            guard !present.isEmpty else { continue }
            var input = encoder.batch(present.map { sentences[$0] })
            if let guide { input.guide = guide.guideIDs(present.map { sentences[$0] }) }
            let constraints = forced.map { forced in present.map { $0 < forced.count ? forced[$0] : nil } }
            let output = network.predict(input, confidence: computesConfidence,
                                         forced: constraints?.contains { $0 != nil } == true ? constraints : nil,
                                         continuing: continuing)
            for (k, index) in present.enumerated() {
                results[index] = TaggedSequence(labels: output.labels[k].map { outputLabels[Int($0)] },
                                                confidence: output.confidence[k])
            }
        }
        return results
    }

    /// `tag(batch:batchSize:)` on two cores when `threads` is 2 and there are two batches or
    /// more: this model and a replica made for the call (`replica()`) each take the next batch,
    /// longest first. The same results in the same order; with 1 thread, or a single batch,
    /// exactly `tag(batch:batchSize:)`. For scoring whole corpora (dev sets, `biotag eval
    /// --model`); line-by-line tagging uses `LineTagger`, which keeps its replica.
    /// - Parameter chunkStarts: as in `tag(sequences:batchSize:chunkStarts:)`.
    public func tagInParallel(batch sentences: [[String]], batchSize: Int = 32,
                              chunkStarts: [[Int]]? = nil) -> [TaggedSequence] {
        // Per sentence nil or its constraints; nil altogether when nothing is constrained.
        let forced = chunkStarts.flatMap { starts -> [[Int32]?]? in
            let each = sentences.indices.map { i in
                i < starts.count ? TaggerModel.startConstraints(starts[i], count: sentences[i].count) : nil
            }
            return each.contains { $0 != nil } ? each : nil
        }
        let continuing = forced == nil ? [] : continuingLabelIDs
        let groups = Batching.sortedBatches(lengths: sentences.map(\.count), batchSize: batchSize)
        guard threads >= 2, groups.count >= 2 else {
            return tag(batch: sentences, batchSize: batchSize, forced: forced, continuing: continuing)
        }
        var results = [TaggedSequence](repeating: TaggedSequence(labels: [], confidence: []),
                                       count: sentences.count)
        let inner = threads
        defer { threads = inner }
        let workers = WorkerPipeline(first: ModelBox(self)) { ModelBox(self.replica()) }
        var next = groups.count  // longest first: the batches at the end
        workers.run(threads: 2, depth: 4, next: { () -> ([Int], last: Bool)? in
            guard next > 0 else { return nil }
            next -= 1
            return (groups[next], next == 0)
        }, work: { (box: ModelBox, group: [Int], alone: Bool) -> ([Int], [TaggedSequence]) in
            box.model.threads = alone ? 2 : 1
            return (group, box.model.tag(batch: group.map { sentences[$0] }, batchSize: group.count,
                                         forced: forced.map { all in group.map { all[$0] } },
                                         continuing: continuing))
        }, write: { (group: [Int], tagged: [TaggedSequence]) in
            for (index, result) in zip(group, tagged) { results[index] = result }
        })
        return results
    }
}

extension TaggerModel {
    /// This model's label ids for `sentences` plus one (0 stays "none"): the guide input of a
    /// model that reads this one's labels. One batch, no confidences.
    func guideIDs(_ sentences: [[String]]) -> [[Int32]] {
        let nonEmpty = sentences.filter { !$0.isEmpty }
        guard !nonEmpty.isEmpty else { return sentences.map { _ in [] } }
        let output = network.predict(encoder.batch(nonEmpty), confidence: false)
        var next = 0
        return sentences.map { sentence in
            if sentence.isEmpty { return [] }
            defer { next += 1 }
            return output.labels[next].map { $0 + 1 }
        }
    }
}

/// The output for one token sequence: a label per token and its confidence in 0...1.
public struct TaggedSequence: Sendable, Equatable {
    /// One label per input token.
    public var labels: [String]
    /// The probability the model gives each label (CRF marginal or softmax).
    public var confidence: [Float]

    public init(labels: [String], confidence: [Float]) {
        self.labels = labels
        self.confidence = confidence
    }
}

func shortReason(_ error: Error) -> String {
    if let decoding = error as? DecodingError {
        switch decoding {
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "malformed JSON" : "bad field '\(path)'"
        @unknown default: return "malformed JSON"
        }
    }
    return "malformed JSON"
}

/// A model handed to a `WorkerPipeline` worker (used by one thread at a time).
final class ModelBox: @unchecked Sendable {
    let model: TaggerModel
    init(_ model: TaggerModel) { self.model = model }
}
