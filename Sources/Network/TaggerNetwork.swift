import Kernels

/// The tagger's network: token embedding (+ feature embedding, + character encoder) → dropout →
/// stacked bidirectional LSTM or GRU layers (dropout after each) → linear → softmax or CRF.
///
/// Tensors are laid out by `SequenceLayout` (no padding), so a sentence gets exactly the same
/// scores and gradients alone or in any batch (without dropout). Results are deterministic for a
/// given seed, dropout seed and thread count; with the current layers they are also identical
/// for 1 and 2 threads.
public final class TaggerNetwork {
    /// The configuration the network was built from.
    public let config: NetworkConfig
    /// All trainable parameters, uniquely named: `embedding.word`, `embedding.feature`,
    /// `embedding.bigram`, `embedding.guide`, `char.embedding`, `char.<cell>.{fw,bw}.{w,u,b}`,
    /// `<cell>.<layer>.{fw,bw}.{w,u,b}`, `output.{w,b}`, `crf.{transitions,start,end}`,
    /// `window.w` (only those the config uses), where `<cell>` is `lstm` or `gru` (a GRU
    /// direction also has `.bh`).
    public private(set) var parameters: [Parameter]
    /// The allowed label sequences for decoding (both heads); nil allows everything.
    public var transitionMask: TransitionMask? {
        didSet { decoder = nil }
    }
    /// What `predict` decodes the softmax head with, built from `transitionMask` on first use.
    private var decoder: SoftmaxDecoder?
    private enum SoftmaxDecoder {
        case argmax
        case masked(TransitionMask, MaskedViterbi)
    }
    /// 1 or 2: with 2 the two recurrent directions run concurrently. Results do not depend on it.
    public var threads: Int {
        didSet {
            for layer in layers { layer.threads = threads }
            characterEncoder?.recurrent.threads = threads
            output.threads = threads
            crf?.threads = threads
        }
    }

    let wordEmbedding: Embedding
    let featureEmbedding: Embedding?
    /// The left-bigram lookup and the right-bigram lookup into the same table (bigram input).
    let bigramEmbeddings: (left: Embedding, right: Embedding)?
    /// The embedding of a guide model's per-token labels (guide input).
    let guideEmbedding: Embedding?
    let characterEncoder: CharacterEncoder?
    /// Sparse window features added to the output layer's label scores.
    let windowScores: SparseLinear?
    /// The window-feature ids of the last forward pass in layout rows (after feature dropout)
    /// and the scale they were added with, for the backward pass.
    private var windowIDs: (ids: [Int32], scale: Float) = ([], 1)
    let layers: [BiRecurrent]
    let output: Linear
    let crf: CRF?
    private let dropouts: [Dropout] // [input, after layer 0, ..., after layer n-1]

    private let activations: [GrowableBuffer]  // [layers + 1] of [count, width]
    private let gradients: [GrowableBuffer]    // same shapes
    private let logits = GrowableBuffer()      // [count, labelCount]
    private let scratch = (RecurrentScratch(), RecurrentScratch())  // inference work of the two directions

    /// Whether `predict` looks the first layer's input projection up in per-symbol tables
    /// (`InputProjection`) instead of multiplying the gathered embeddings by the input weights,
    /// when the input is made of embeddings only (no character encoder). Default true: about a
    /// quarter less arithmetic for a one-layer tagger; labels and confidences equal the dense
    /// computation's up to float rounding. Training is not affected.
    public var tabulatesInput = true

    /// Whether training gives the first layer a table of the batch's distinct input symbols
    /// (`BiRecurrent.forward(table:…)`) instead of one gathered row per token, when the input is made
    /// of embeddings only (no character encoder) and is not dropped out (`inputDropoutRate` 0).
    /// Default true: the input projection and its gradients then cost `[distinct symbols, input]`
    /// products instead of `[tokens, input]` (a third of the tokens in a half-batch of 16 Korean
    /// sentences); gradients equal the per-token computation's up to float rounding.
    public var factorsTrainingInput = true
    /// Per input block (word, feature): the distinct symbols the last training forward pass put
    /// in the first layer's table, in table order; nil after a per-token forward pass.
    private var tableSymbols: [[Int32]]?
    /// Per input block: the table slot of each symbol during `distinctSymbols` (-1 otherwise).
    private var symbolSlots: [[Int32]] = []
    private let table = GrowableBuffer()           // [rows, input] the first layer's table input
    private let tableGradient = GrowableBuffer()   // [rows, input] its gradient

    /// Builds a freshly initialised network. Invalid sizes are clamped to 1 (check
    /// `config.problem` first to report them). With `forWeights` true (a network whose weights
    /// come next, from a file or another network) the window-feature table is left unallocated
    /// (see `Parameter`) instead of zeroed: the largest parameter by far (15 MB of a 16 MB
    /// morpheme model); until it is assigned the window features add nothing.
    public init(config: NetworkConfig, seed: UInt64, forWeights: Bool = false) {
        self.config = config
        var g = SplitMix64(seed: seed)
        let e = max(config.embedding, 1), h = max(config.hidden, 1), l = max(config.labelCount, 1)
        wordEmbedding = Embedding(name: "embedding.word", count: max(config.vocabularySize, 1),
                                  dimension: e, generator: &g)
        var parameters = [wordEmbedding.table]
        var width = e
        if config.usesFeatures {
            let f = Embedding(name: "embedding.feature", count: config.featureCount,
                              dimension: config.featureEmbedding, generator: &g)
            featureEmbedding = f
            parameters.append(f.table)
            width += config.featureEmbedding
        } else {
            featureEmbedding = nil
        }
        if config.usesBigrams, let count = config.bigramVocabularySize, let size = config.bigramEmbedding {
            let left = Embedding(name: "embedding.bigram", count: count, dimension: size, generator: &g)
            bigramEmbeddings = (left, Embedding(sharing: left))
            parameters.append(left.table)
            width += 2 * size
        } else {
            bigramEmbeddings = nil
        }
        if config.usesGuide, let count = config.guideCount, let size = config.guideEmbedding {
            let guide = Embedding(name: "embedding.guide", count: count, dimension: size, generator: &g)
            guideEmbedding = guide
            parameters.append(guide.table)
            width += size
        } else {
            guideEmbedding = nil
        }
        if config.usesCharacters {
            let c = CharacterEncoder(name: "char", characters: config.characterVocabularySize,
                                     embedding: config.characterEmbedding, hidden: config.characterHidden,
                                     cell: config.recurrentCell, generator: &g)
            characterEncoder = c
            parameters += c.parameters
            width += c.output
        } else {
            characterEncoder = nil
        }
        var layers: [BiRecurrent] = []
        let cell = config.recurrentCell
        for i in 0..<max(config.layers, 1) {
            let layer = BiRecurrent(name: "\(cell.rawValue).\(i)", cell: cell, input: i == 0 ? width : 2 * h,
                                    hidden: h, generator: &g)
            layers.append(layer)
            parameters += layer.parameters
        }
        self.layers = layers
        output = Linear(name: "output", input: 2 * h, output: l, generator: &g)
        parameters += [output.weight, output.bias]
        if config.crf {
            let c = CRF(name: "crf", labels: l, generator: &g)
            crf = c
            parameters += c.parameters
        } else {
            crf = nil
        }
        if config.usesWindowFeatures, let buckets = config.windowBuckets,
           let templates = config.windowTemplates {
            let w = SparseLinear(name: "window.w", count: buckets, output: l, perRow: templates,
                                 allocated: !forWeights)
            windowScores = w
            parameters.append(w.weight)
        } else {
            windowScores = nil
        }
        self.parameters = parameters
        let rate = min(max(config.dropout.isFinite ? config.dropout : 0, 0), 0.95)
        let inputRate = min(max(config.inputDropoutRate.isFinite ? config.inputDropoutRate : 0, 0), 0.95)
        dropouts = (0...layers.count).map { Dropout(rate: $0 == 0 ? inputRate : rate) }
        activations = (0...layers.count).map { _ in GrowableBuffer() }
        gradients = (0...layers.count).map { _ in GrowableBuffer() }
        threads = 2
        output.threads = 2
        crf?.threads = 2
    }

    /// The parameter with this name, if any.
    public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

    // MARK: Forward

    private struct Prepared {
        var layout: SequenceLayout
        var sentences: Int
    }

    /// Lays out the batch and runs everything up to the logits (`logits` buffer, layout order).
    /// With `inference` the recurrent layers keep nothing for a backward pass (same results, memory
    /// independent of the batch's token count).
    private func forward(_ batch: NetworkBatch, dropoutSeed: UInt64?, inference: Bool = false) -> Prepared {
        let layout = SequenceLayout(lengths: batch.tokens.map(\.count))
        let n = layout.count
        let width0 = layers[0].input
        let ids = Self.rowIDs(batch.tokens, batch: batch, layout: layout)
        // Prediction with embedding-only inputs looks the first layer's input projection up.
        tableSymbols = nil
        var tabulated: (embeddings: [Embedding], ids: [[Int32]])?
        if inference && tabulatesInput && characterEncoder == nil {
            tabulated = (inputEmbeddings, inputIDs(batch, words: ids, layout: layout))
        }
        if let tabulated, layers[0].infer(embeddings: tabulated.embeddings, ids: tabulated.ids, layout: layout,
                                         y: activations[1].reserve(max(n, 1) * 2 * layers[0].hidden),
                                         ldy: 2 * layers[0].hidden, scratch: scratch) {
            return finish(layout: layout, batch: batch, inference: true, from: 1)
        }
        if !inference && factorsTrainingInput && characterEncoder == nil
            && (dropoutSeed == nil || config.inputDropoutRate == 0) {
            return forwardFromTable(batch, ids: ids, layout: layout, dropoutSeed: dropoutSeed)
        }
        let x0 = activations[0].reserve(max(n, 1) * width0)
        var column = 0
        for (embedding, rows) in zip(inputEmbeddings, inputIDs(batch, words: ids, layout: layout)) {
            embedding.forward(ids: rows, y: x0 + column, ldy: width0)
            column += embedding.dimension
        }
        if let characterEncoder {
            var words = [[Int32]](repeating: [], count: n)
            if let characters = batch.characters {
                for b in 0..<min(characters.count, batch.tokens.count) {
                    for t in 0..<min(characters[b].count, batch.tokens[b].count) {
                        words[layout.row(sequence: b, position: t)] = characters[b][t]
                    }
                }
            }
            characterEncoder.forward(words: words, out: x0 + column, ldo: width0)
        }
        if let dropoutSeed {
            dropouts[0].forward(x0, ldx: width0, rows: n, columns: width0,
                                seed: SplitMix64.derive(dropoutSeed, stream: 0))
        }
        return finish(layout: layout, batch: batch, inference: inference, dropoutSeed: dropoutSeed, from: 0)
    }

    /// The embeddings making up the first layer's input without a character encoder, in column
    /// order: the word embedding, then the feature embedding, the left and right bigram lookups
    /// and the guide embedding when there are.
    private var inputEmbeddings: [Embedding] {
        [wordEmbedding] + (featureEmbedding.map { [$0] } ?? [])
            + (bigramEmbeddings.map { [$0.left, $0.right] } ?? []) + (guideEmbedding.map { [$0] } ?? [])
    }

    /// The ids of `inputEmbeddings` in layout rows: `words`, then the batch's feature ids, left
    /// and right bigram ids and guide ids.
    private func inputIDs(_ batch: NetworkBatch, words: [Int32], layout: SequenceLayout) -> [[Int32]] {
        var ids = [words]
        if featureEmbedding != nil { ids.append(Self.rowIDs(batch.features, batch: batch, layout: layout)) }
        if bigramEmbeddings != nil {
            ids.append(Self.bigramRowIDs(batch, layout: layout, offset: 0))
            ids.append(Self.bigramRowIDs(batch, layout: layout, offset: 1))
        }
        if guideEmbedding != nil { ids.append(Self.rowIDs(batch.guide, batch: batch, layout: layout)) }
        return ids
    }

    /// Training's forward pass for an embedding-only input without input dropout: the first layer
    /// reads a table of the batch's distinct symbols (word rows in columns `0..<embedding`, then
    /// feature rows in the next columns, zeros elsewhere) and one table row per block and token.
    private func forwardFromTable(_ batch: NetworkBatch, ids: [Int32], layout: SequenceLayout,
                                  dropoutSeed: UInt64?) -> Prepared {
        let n = layout.count, width0 = layers[0].input, width1 = 2 * layers[0].hidden
        let embeddings = inputEmbeddings
        if symbolSlots.count != embeddings.count { symbolSlots = embeddings.map { _ in [] } }
        var symbols: [[Int32]] = [], indices: [[Int32]] = [], rows = 0
        let blockIDs = inputIDs(batch, words: ids, layout: layout)
        for (j, (embedding, ids)) in zip(embeddings, blockIDs).enumerated() {
            let (distinct, index) = distinctSymbols(ids, count: embedding.count, block: j,
                                                    firstRow: rows)
            symbols.append(distinct)
            indices.append(index)
            rows += distinct.count
        }
        let t = table.zeroed(max(rows, 1) * width0)
        var row = 0, column = 0
        for (embedding, ids) in zip(embeddings, symbols) {
            embedding.forward(ids: ids, y: t + row * width0 + column, ldy: width0)
            row += ids.count
            column += embedding.dimension
        }
        tableSymbols = symbols
        let y = activations[1].reserve(max(n, 1) * width1)
        layers[0].forward(table: t, ldt: width0, rows: rows, indices: indices, layout: layout,
                          y: y, ldy: width1)
        if let dropoutSeed {
            dropouts[1].forward(y, ldx: width1, rows: n, columns: width1,
                                seed: SplitMix64.derive(dropoutSeed, stream: 1))
        }
        return finish(layout: layout, batch: batch, inference: false, dropoutSeed: dropoutSeed, from: 1)
    }

    /// The distinct valid ids (`0..<count`) of `ids` in order of first use, and for each entry of
    /// `ids` its table row: `firstRow` + its rank among them, or -1 for an id outside the
    /// embedding (a zero vector, as `Embedding.forward` gives).
    private func distinctSymbols(_ ids: [Int32], count: Int, block j: Int, firstRow: Int)
        -> (symbols: [Int32], index: [Int32]) {
        if symbolSlots[j].count != count { symbolSlots[j] = [Int32](repeating: -1, count: count) }
        var symbols: [Int32] = []
        var index = [Int32](repeating: -1, count: ids.count)
        symbolSlots[j].withUnsafeMutableBufferPointer { slot in
            for (r, id) in ids.enumerated() where id >= 0 && Int(id) < count {
                let i = Int(id)
                if slot[i] < 0 {
                    slot[i] = Int32(symbols.count)
                    symbols.append(id)
                }
                index[r] = Int32(firstRow) + slot[i]
            }
            for s in symbols { slot[Int(s)] = -1 }
        }
        return (symbols, index)
    }

    /// Runs layers `first...` (the input of layer `first` is in its activation buffer), then
    /// the output layer into `logits`.
    private func finish(layout: SequenceLayout, batch: NetworkBatch, inference: Bool,
                        dropoutSeed: UInt64? = nil, from first: Int) -> Prepared {
        let n = layout.count
        // Inference keeps no layer's input for a backward pass: two buffers take turns.
        func buffer(_ i: Int) -> GrowableBuffer { inference ? activations[i % 2] : activations[i] }
        for (i, layer) in layers.enumerated() where i >= first {
            let width = 2 * layer.hidden
            let y = buffer(i + 1).reserve(max(n, 1) * width)
            if inference {
                layer.infer(x: buffer(i).pointer, ldx: layer.input, layout: layout, y: y, ldy: width,
                            scratch: scratch)
            } else {
                layer.forward(x: activations[i].pointer, ldx: layer.input, layout: layout, y: y, ldy: width)
            }
            if let dropoutSeed {
                dropouts[i + 1].forward(y, ldx: width, rows: n, columns: width,
                                        seed: SplitMix64.derive(dropoutSeed, stream: UInt64(i + 1)))
            }
        }
        let l = output.output
        let z = logits.reserve(max(n, 1) * l)
        output.forward(x: buffer(layers.count).pointer, ldx: output.input, rows: n, y: z, ldy: l)
        if let windowScores {
            var ids = Self.windowRowIDs(batch, layout: layout, templates: windowScores.perRow)
            var scale: Float = 1
            if let dropoutSeed, let rate = config.windowDropout, rate > 0 && rate < 1 {
                var g = SplitMix64(seed: SplitMix64.derive(dropoutSeed, stream: 1 << 16))
                for i in ids.indices where ids[i] >= 0 && g.nextUnitFloat() < rate { ids[i] = -1 }
                scale = 1 / (1 - rate)
            }
            ids.withUnsafeBufferPointer { b in
                if let p = b.baseAddress { windowScores.forward(ids: p, rows: n, y: z, ldy: l, scale: scale) }
            }
            windowIDs = (ids, scale)
        }
        return Prepared(layout: layout, sentences: batch.tokens.filter { !$0.isEmpty }.count)
    }

    /// Checks that labels (and optional inputs) match the tokens' shape; nil when fine.
    private func goldLabels(_ batch: NetworkBatch, _ layout: SequenceLayout) -> [Int32]? {
        guard let labels = batch.labels, labels.count == batch.tokens.count else { return nil }
        var gold = [Int32](repeating: 0, count: layout.count)
        for (b, sentence) in labels.enumerated() {
            guard sentence.count == batch.tokens[b].count else { return nil }
            for (t, y) in sentence.enumerated() {
                guard y >= 0 && Int(y) < config.labelCount else { return nil }
                gold[layout.row(sequence: b, position: t)] = y
            }
        }
        return gold
    }

    // MARK: Training

    /// One forward and backward pass over a labelled batch, with dropout drawn from `dropoutSeed`.
    ///
    /// The loss is the sum over the batch's tokens of the per-token negative log-likelihood
    /// (softmax head) or the sum over sentences of the CRF negative log-likelihood, **divided by
    /// the number of non-empty sentences**. Its gradient is *added* to every parameter's `grad`
    /// (call the optimiser's `zeroGrad()` between steps).
    /// - Returns: the loss; NaN (with gradients untouched) when `labels` is missing, does not
    ///   match the tokens' shape or holds an id outside `0..<labelCount`; NaN or infinity when the
    ///   arithmetic overflowed (the caller should refuse the step).
    ///
    /// A batch of two or more sentences is always split the same way, into the sentences at even
    /// and at odd positions: the first half runs on this network, the second on an internal twin
    /// given a copy of the weights (its gradients are then added here), each with its own dropout
    /// stream. With `threads >= 2` the halves run concurrently, one per core (each direction's
    /// work stays on one core: data parallelism keeps both cores busier than running the two
    /// LSTM directions side by side); with 1 thread one after the other, with identical results.
    public func trainStep(_ batch: NetworkBatch, dropoutSeed: UInt64) -> Float {
        let seed: UInt64? = config.dropout > 0 || config.inputDropoutRate > 0 || (config.windowDropout ?? 0) > 0
            ? dropoutSeed : nil
        let layout = SequenceLayout(lengths: batch.tokens.map(\.count))
        let sentences = batch.tokens.filter { !$0.isEmpty }.count
        guard sentences >= 2, goldLabels(batch, layout) != nil else {
            return Float(run(batch, dropoutSeed: seed, backward: true))
        }
        let (first, second) = Self.halves(batch)
        let twin = self.twin ?? TaggerNetwork(config: config, seed: 0)
        self.twin = twin
        twin.factorsTrainingInput = factorsTrainingInput
        let inner = threads
        Parameter.copyValues(from: parameters, to: twin.parameters, threads: inner)
        threads = 1
        twin.threads = 1
        defer { threads = inner }
        let secondSeed = seed.map { SplitMix64.derive($0, stream: 1 << 20) }
        let halves = [(self, first, seed), (twin, second, secondSeed)]
        let losses = Halves.map(threads: inner) { k -> Double in
            let (network, half, dropout) = halves[k]
            return network.run(half, dropoutSeed: dropout, backward: true, sentences: sentences)
        }
        Parameter.accumulateGradients(from: twin.parameters, into: parameters, threads: inner)
        return Float(losses.0 + losses.1)
    }

    /// The second half of `trainStep`'s batches (created on first use).
    private var twin: TaggerNetwork?

    /// The sentences of `batch` at even positions and at odd positions (tokens, features,
    /// characters and labels alike).
    static func halves(_ batch: NetworkBatch) -> (NetworkBatch, NetworkBatch) {
        func pick<T>(_ values: [T]?, _ parity: Int) -> [T]? {
            values.map { v in stride(from: parity, to: v.count, by: 2).map { v[$0] } }
        }
        func half(_ parity: Int) -> NetworkBatch {
            NetworkBatch(tokens: pick(batch.tokens, parity) ?? [], features: pick(batch.features, parity),
                         characters: pick(batch.characters, parity), labels: pick(batch.labels, parity),
                         bigrams: pick(batch.bigrams, parity), window: pick(batch.window, parity),
                         guide: pick(batch.guide, parity))
        }
        return (half(0), half(1))
    }

    /// The loss `trainStep` would report, without dropout and without touching gradients
    /// (e.g. a dev-set loss). NaN for a batch without valid labels.
    public func loss(_ batch: NetworkBatch) -> Double {
        run(batch, dropoutSeed: nil, backward: false)
    }

    /// Forward (and backward) over `batch`; the loss and its gradient are divided by `sentences`
    /// (default: the batch's non-empty sentences). With `config.adversarial` the backward pass
    /// is followed by `adversarialPass`; the loss returned is the first pass's.
    private func run(_ batch: NetworkBatch, dropoutSeed: UInt64?, backward: Bool, sentences: Int? = nil) -> Double {
        let loss = pass(batch, dropoutSeed: dropoutSeed, backward: backward, sentences: sentences)
        if backward, let size = config.adversarial, size > 0, loss.isFinite {
            adversarialPass(batch, size: size, dropoutSeed: dropoutSeed, sentences: sentences)
        }
        return loss
    }

    /// The fast gradient method (Miyato et al. 2017, "FGM"): moves the word-embedding rows
    /// `batch` reads by `r = size * g / ||g||`, where `g` is their gradient so far (one backward
    /// pass over `batch` on zeroed gradients: `trainStep` after the optimiser's `zeroGrad()`),
    /// runs forward and backward again with the same dropout (adding to every gradient), and
    /// puts the rows back exactly. `||g||` is the L2 norm over all the rows read; nothing
    /// happens when it is 0.
    private func adversarialPass(_ batch: NetworkBatch, size: Float, dropoutSeed: UInt64?, sentences: Int?) {
        let table = wordEmbedding.table, d = wordEmbedding.dimension, count = wordEmbedding.count
        var seen = [Bool](repeating: false, count: count)
        var rows: [Int] = []
        for sentence in batch.tokens {
            for id in sentence where id >= 0 && Int(id) < count && !seen[Int(id)] {
                seen[Int(id)] = true
                rows.append(Int(id))
            }
        }
        var saved = [Float](repeating: 0, count: rows.count * d)
        let moved: Bool = withValueAndGrad(table) { v, g in
            var squares: Double = 0
            for r in rows {
                for k in 0..<d { squares += Double(g[r * d + k]) * Double(g[r * d + k]) }
            }
            guard squares > 0, squares.isFinite else { return false }
            let scale = size / Float(squares.squareRoot())
            for (j, r) in rows.enumerated() {
                for k in 0..<d {
                    saved[j * d + k] = v[r * d + k]
                    v[r * d + k] += scale * g[r * d + k]
                }
            }
            return true
        }
        guard moved else { return }
        _ = pass(batch, dropoutSeed: dropoutSeed, backward: true, sentences: sentences)
        table.value.withUnsafeMutableBufferPointer { v in
            for (j, r) in rows.enumerated() {
                for k in 0..<d { v[r * d + k] = saved[j * d + k] }
            }
        }
    }

    /// One forward (and backward) pass over `batch` (see `run`).
    private func pass(_ batch: NetworkBatch, dropoutSeed: UInt64?, backward: Bool,
                      sentences: Int? = nil) -> Double {
        let layout = SequenceLayout(lengths: batch.tokens.map(\.count))
        guard let gold = goldLabels(batch, layout) else { return .nan }
        let prepared = forward(batch, dropoutSeed: dropoutSeed, inference: !backward)
        let n = layout.count, l = output.output
        guard prepared.sentences > 0 else { return 0 }
        let divisor = max(sentences ?? prepared.sentences, 1)
        let scale = 1 / Float(divisor)
        let z = logits.pointer
        let total: Double = gold.withUnsafeBufferPointer { gb in
            guard let g = gb.baseAddress else { return 0 }
            if let crf {
                return crf.lossAndGradient(emissions: z, ld: l, layout: layout, gold: g, scale: scale,
                                           gradient: backward ? z : nil, ldg: l)
            }
            return SoftmaxCrossEntropy.lossAndGradient(z, ld: l, rows: n, classes: l, labels: g, scale: scale)
        }
        let loss = total / Double(divisor)
        guard backward else { return loss }
        // z now holds dLoss/dlogits.
        if let windowScores {
            let scale = windowIDs.scale
            windowIDs.ids.withUnsafeBufferPointer { b in
                if let p = b.baseAddress {
                    windowScores.backward(ids: p, rows: n, dy: z, lddy: l, scale: scale)
                }
            }
        }
        let top = layers.count
        let dTop = gradients[top].reserve(n * output.input)
        output.backward(x: activations[top].pointer, ldx: output.input, rows: n, dy: z, lddy: l,
                        dx: dTop, lddx: output.input)
        for i in stride(from: top - 1, through: 0, by: -1) {
            let layer = layers[i]
            if dropoutSeed != nil {
                dropouts[i + 1].backward(gradients[i + 1].pointer, lddx: 2 * layer.hidden)
            }
            if i == 0, let symbols = tableSymbols {
                backwardFromTable(symbols, dy: gradients[1].pointer)
                return loss
            }
            let dx = gradients[i].reserve(n * layer.input)
            layer.backward(x: activations[i].pointer, ldx: layer.input, dy: gradients[i + 1].pointer,
                           lddy: 2 * layer.hidden, dx: dx, lddx: layer.input, accumulate: false)
        }
        let width0 = layers[0].input
        let d0 = gradients[0].pointer
        if dropoutSeed != nil { dropouts[0].backward(d0, lddx: width0) }
        let ids = Self.rowIDs(batch.tokens, batch: batch, layout: layout)
        var column = 0
        for (embedding, rows) in zip(inputEmbeddings, inputIDs(batch, words: ids, layout: layout)) {
            embedding.backward(ids: rows, dy: d0 + column, lddy: width0)
            column += embedding.dimension
        }
        characterEncoder?.backward(dOut: d0 + column, lddo: width0)
        return loss
    }

    /// The first layer's backward pass after `forwardFromTable`: the table rows' gradient, added
    /// to each distinct symbol's embedding row.
    private func backwardFromTable(_ symbols: [[Int32]], dy: UnsafePointer<Float>) {
        let layer = layers[0], width0 = layer.input, rows = symbols.map(\.count).reduce(0, +)
        let dT = tableGradient.reserve(max(rows, 1) * width0)
        layer.backward(tableGradient: dT, ldt: width0, rows: rows, dy: dy, lddy: 2 * layer.hidden,
                       accumulate: false)
        var row = 0, column = 0
        for (embedding, ids) in zip(inputEmbeddings, symbols) {
            embedding.backward(ids: ids, dy: dT + row * width0 + column, lddy: width0)
            row += ids.count
            column += embedding.dimension
        }
    }

    // MARK: Prediction

    /// Best labels per sentence and a confidence per token in `0...1`.
    ///
    /// CRF head: constrained Viterbi path, confidence = the label's marginal probability under
    /// the constrained CRF. Softmax head: constrained Viterbi over the per-token log-probabilities
    /// (plain argmax without constraints), confidence = the label's softmax probability.
    /// Labels and dropout are ignored. Empty sentences give empty results. With `confidence`
    /// false the confidences are not computed (no CRF marginals, no softmax) and come back as
    /// zeros: the same labels, faster.
    ///
    /// `forced` (see `ForcedLabels`): per sentence, nil or a label id per token (-1: free,
    /// `ForcedLabels.startsChunk`: none of the `continuing` labels); the forced tokens get
    /// exactly those labels (unless they break the transition mask) and the others the best
    /// path around them, and a forced label's confidence is 1. Nil, or nothing forced, gives
    /// exactly the unforced result.
    public func predict(_ batch: NetworkBatch, confidence wanted: Bool = true, forced: [[Int32]?]? = nil,
                        continuing: [Int32] = []) -> (labels: [[Int32]], confidence: [[Float]]) {
        let prepared = forward(batch, dropoutSeed: nil, inference: true)
        let layout = prepared.layout
        let n = layout.count, l = output.output
        let z = logits.pointer
        if let forced {
            ForcedLabels.apply(forced, to: z, ld: l, labels: l, layout: layout, continuing: continuing)
        }
        if decoder == nil {
            if let m = transitionMask, m.labels == l, !m.allowsEverything {
                decoder = .masked(m, MaskedViterbi(mask: m))
            } else {
                decoder = .argmax
            }
        }
        var paths: [[Int32]]
        var mask: TransitionMask?
        if case .masked(let m, _) = decoder { mask = m }
        if let crf {
            paths = crf.decode(emissions: z, ld: l, layout: layout, mask: mask)
            if wanted {
                crf.marginals(emissions: z, ld: l, layout: layout, mask: mask, probabilities: z, ldp: l)
            }
        } else {
            // Log-softmax differs from the logits by a per-token constant: same best path.
            let unconstrained = { Viterbi.decode(scores: z, ld: l, labels: l, layout: layout, transitions: nil,
                                                 start: nil, end: nil, mask: nil) }
            if case .masked(_, let viterbi) = decoder {
                let masked = viterbi.decode(scores: z, ld: l, layout: layout, threads: threads)
                // A sequence without any allowed path is decoded without the mask.
                let fallback = masked.contains { $0 == nil } ? unconstrained() : []
                paths = masked.enumerated().map { b, path in path ?? fallback[b] }
            } else {
                paths = unconstrained()
            }
            if wanted { SoftmaxCrossEntropy.softmax(z, ld: l, rows: n, classes: l) }
        }
        guard wanted else { return (paths, paths.map { [Float](repeating: 0, count: $0.count) }) }
        var confidence = [[Float]]()
        confidence.reserveCapacity(paths.count)
        for (b, path) in paths.enumerated() {
            var c = [Float](repeating: 0, count: path.count)
            for (t, y) in path.enumerated() {
                let p = z[layout.row(sequence: b, position: t) * l + Int(y)]
                c[t] = p.isFinite ? min(max(p, 0), 1) : 0
            }
            if let forced, b < forced.count, let positions = forced[b] {
                for t in 0..<min(positions.count, path.count) where positions[t] == path[t] { c[t] = 1 }
            }
            confidence.append(c)
        }
        return (paths, confidence)
    }
}

extension TaggerNetwork {
    /// Per-token ids (`[batch][time]`) rearranged into layout rows (`[count]`), 0 where `values`
    /// is nil or shorter than a sentence; shared by the forward and backward passes.
    static func rowIDs(_ values: [[Int32]]?, batch: NetworkBatch, layout: SequenceLayout) -> [Int32] {
        var ids = [Int32](repeating: 0, count: layout.count)
        guard let values else { return ids }
        for b in 0..<min(values.count, batch.tokens.count) {
            for t in 0..<min(values[b].count, batch.tokens[b].count) {
                ids[layout.row(sequence: b, position: t)] = values[b][t]
            }
        }
        return ids
    }

    /// Each token's bigram id in layout rows (`[count]`): entry `t + offset` of the sentence's
    /// bigrams (offset 0: the left bigram, 1: the right one); -1 (a zero vector) where the
    /// batch has none.
    static func bigramRowIDs(_ batch: NetworkBatch, layout: SequenceLayout, offset: Int) -> [Int32] {
        var ids = [Int32](repeating: -1, count: layout.count)
        guard let bigrams = batch.bigrams else { return ids }
        for b in 0..<min(bigrams.count, batch.tokens.count) {
            let pairs = bigrams[b]
            for t in 0..<batch.tokens[b].count where t + offset < pairs.count {
                ids[layout.row(sequence: b, position: t)] = pairs[t + offset]
            }
        }
        return ids
    }

    /// Window-feature ids in layout rows (`[count, templates]`), -1 (absent) where the batch has
    /// none.
    static func windowRowIDs(_ batch: NetworkBatch, layout: SequenceLayout, templates k: Int) -> [Int32] {
        var ids = [Int32](repeating: -1, count: layout.count * k)
        guard let window = batch.window else { return ids }
        for b in 0..<min(window.count, batch.tokens.count) {
            let features = window[b]
            for t in 0..<batch.tokens[b].count {
                let row = layout.row(sequence: b, position: t)
                for j in 0..<k where t * k + j < features.count { ids[row * k + j] = features[t * k + j] }
            }
        }
        return ids
    }
}
