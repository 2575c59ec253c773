/// Encodes each word from its characters (Lample et al. 2016): a character embedding, a
/// bidirectional recurrent layer (LSTM or GRU) over the word's characters, and the concatenation of the left-to-right
/// state after the last character and the right-to-left state after the first one.
///
/// Output per word: `[2 * hidden]`; a word with no characters gets zeros.
public final class CharacterEncoder {
    /// Character vectors `[characters, embedding]`.
    public let embedding: Embedding
    /// The bidirectional layer over each word's characters.
    public let recurrent: BiRecurrent
    /// Output size per word: `2 * hidden`.
    public var output: Int { 2 * recurrent.hidden }

    private var layout = SequenceLayout(lengths: [])
    private var ids: [Int32] = []
    private let x = GrowableBuffer()   // [chars, characterEmbedding]
    private let y = GrowableBuffer()   // [chars, 2H]
    private let dy = GrowableBuffer()  // [chars, 2H]

    /// Parameters `name + ".embedding"` and `name + ".<cell>.{fw,bw}.{w,u,b}"` (`<cell>` `lstm`
    /// or `gru`; a GRU adds `.bh`).
    public init(name: String, characters: Int, embedding dimension: Int, hidden: Int,
                cell: RecurrentCell = .lstm, threads: Int = 2, generator: inout SplitMix64) {
        embedding = Embedding(name: name + ".embedding", count: characters, dimension: dimension,
                              generator: &generator)
        recurrent = BiRecurrent(name: name + "." + cell.rawValue, cell: cell, input: dimension, hidden: hidden,
                                threads: threads, generator: &generator)
    }

    /// All parameters.
    public var parameters: [Parameter] { [embedding.table] + recurrent.parameters }

    /// - Parameters:
    ///   - words: `[rows][characters]` character ids of each word, in the caller's row order.
    ///   - out: `[rows, ldo]`, columns `0..<output` written.
    public func forward(words: [[Int32]], out: UnsafeMutablePointer<Float>, ldo: Int) {
        layout = SequenceLayout(lengths: words.map(\.count))
        let n = layout.count, e = embedding.dimension, h = recurrent.hidden
        ids = [Int32](repeating: 0, count: n)
        for (w, chars) in words.enumerated() {
            for (p, c) in chars.enumerated() { ids[layout.row(sequence: w, position: p)] = c }
        }
        let x = self.x.reserve(max(n, 1) * e), y = self.y.reserve(max(n, 1) * 2 * h)
        embedding.forward(ids: ids, y: x, ldy: e)
        recurrent.forward(x: x, ldx: e, layout: layout, y: y, ldy: 2 * h)
        for (w, chars) in words.enumerated() {
            let o = out + w * ldo
            guard !chars.isEmpty else {
                o.update(repeating: 0, count: 2 * h)
                continue
            }
            o.update(from: y + layout.row(sequence: w, position: chars.count - 1) * 2 * h, count: h)
            (o + h).update(from: y + layout.row(sequence: w, position: 0) * 2 * h + h, count: h)
        }
    }

    /// Back-propagates the gradient of the last `forward`'s output, `dOut` `[rows, lddo]`,
    /// accumulating into the embedding and recurrent parameters.
    public func backward(dOut: UnsafePointer<Float>, lddo: Int) {
        let n = layout.count, e = embedding.dimension, h = recurrent.hidden
        guard n > 0 else { return }
        let dy = self.dy.zeroed(n * 2 * h)
        let dx = self.y.reserve(n * e) // the forward output is no longer needed
        for w in 0..<layout.lengths.count where layout.lengths[w] > 0 {
            let d = dOut + w * lddo
            let last = dy + layout.row(sequence: w, position: layout.lengths[w] - 1) * 2 * h
            let first = dy + layout.row(sequence: w, position: 0) * 2 * h + h
            for k in 0..<h {
                last[k] += d[k]
                first[k] += d[h + k]
            }
        }
        recurrent.backward(x: x.pointer, ldx: e, dy: dy, lddy: 2 * h, dx: dx, lddx: e, accumulate: false)
        embedding.backward(ids: ids, dy: dx, lddy: e)
    }
}
