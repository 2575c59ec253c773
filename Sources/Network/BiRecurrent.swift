import Kernels

/// A bidirectional recurrent layer: a left-to-right and a right-to-left direction of the same
/// cell (`LSTM` or `GRU`) over the same inputs, outputs concatenated per token as
/// `[h_forward, h_backward]`.
///
/// With `threads >= 2` the two directions run concurrently on two threads (they are independent
/// until their outputs are used); each direction's arithmetic is the same either way, so results
/// are identical for 1 and 2 threads.
public final class BiRecurrent {
    /// The left-to-right direction (output columns `0..<hidden`).
    public let forwardDirection: any RecurrentDirection
    /// The right-to-left direction (output columns `hidden..<2 * hidden`).
    public let backwardDirection: any RecurrentDirection
    /// The recurrent unit of both directions.
    public let cell: RecurrentCell
    /// Input size per token.
    public let input: Int
    /// Hidden size per direction; the output has `2 * hidden` columns.
    public let hidden: Int
    /// 1 runs the directions one after the other; 2 or more runs them concurrently.
    public var threads: Int

    private let backwardInputGradient = GrowableBuffer()

    /// Parameters named `name + ".fw.{w,u,b}"` and `name + ".bw.{w,u,b}"` (a GRU adds `.bh`).
    public init(name: String, cell: RecurrentCell = .lstm, input: Int, hidden: Int, threads: Int = 2,
                generator: inout SplitMix64) {
        self.cell = cell
        self.input = input
        self.hidden = hidden
        self.threads = threads
        func direction(_ suffix: String) -> any RecurrentDirection {
            switch cell {
            case .lstm: LSTM(name: name + suffix, input: input, hidden: hidden, generator: &generator)
            case .gru: GRU(name: name + suffix, input: input, hidden: hidden, generator: &generator)
            }
        }
        forwardDirection = direction(".fw")
        backwardDirection = direction(".bw")
    }

    /// All parameters, forward direction first.
    public var parameters: [Parameter] { forwardDirection.parameters + backwardDirection.parameters }

    /// - Parameters:
    ///   - x: `[count, ldx]` inputs in layout order (columns `0..<input`).
    ///   - y: `[count, ldy]`, columns `0..<2H` written (`ldy >= 2 * hidden`).
    public func forward(x: UnsafePointer<Float>, ldx: Int, layout: SequenceLayout,
                        y: UnsafeMutablePointer<Float>, ldy: Int) {
        Halves.run(threads: threads) { d in
            if d == 0 {
                self.forwardDirection.forward(x: x, ldx: ldx, layout: layout, reversed: false, y: y, ldy: ldy)
            } else {
                self.backwardDirection.forward(x: x, ldx: ldx, layout: layout, reversed: true,
                                               y: y + self.hidden, ldy: ldy)
            }
        }
    }

    /// `forward` for inputs that are sums of table rows (see `LSTM.forward(table:…)`, `GRU`'s likewise): both
    /// directions share the table, each projects its rows once.
    /// - Parameters:
    ///   - table: `[rows, ldt]`, columns `0..<input` read.
    ///   - indices: per block, `[count]` table rows in layout order (outside `0..<rows`: none).
    ///   - y: `[count, ldy]`, columns `0..<2H` written (`ldy >= 2 * hidden`).
    public func forward(table: UnsafePointer<Float>, ldt: Int, rows: Int, indices: [[Int32]],
                        layout: SequenceLayout, y: UnsafeMutablePointer<Float>, ldy: Int) {
        Halves.run(threads: threads) { d in
            let direction = d == 0 ? self.forwardDirection : self.backwardDirection
            direction.forward(table: table, ldt: ldt, rows: rows, indices: indices, layout: layout,
                              reversed: d == 1, y: y + d * self.hidden, ldy: ldy)
        }
    }

    /// Back-propagates through the last `forward(table:…)`, accumulating parameter gradients.
    /// - Parameters:
    ///   - tableGradient: `[rows, ldt]`, columns `0..<input`: the gradient of each table row
    ///     (both directions' contributions) written, or added to when `accumulate`; nil when not
    ///     needed.
    ///   - dy: `[count, lddy]` gradient of the `2H` output columns.
    public func backward(tableGradient: UnsafeMutablePointer<Float>?, ldt: Int, rows: Int,
                         dy: UnsafePointer<Float>, lddy: Int, accumulate: Bool) {
        let used = backwardDirection.usedTable
        let private_ = tableGradient == nil || !used
            ? nil : backwardInputGradient.reserve(max(rows, 1) * input)
        Halves.run(threads: threads) { d in
            if d == 0 {
                self.forwardDirection.backward(tableGradient: tableGradient, ldt: ldt, dy: dy, lddy: lddy,
                                               accumulate: accumulate)
            } else {
                self.backwardDirection.backward(tableGradient: private_, ldt: self.input,
                                                dy: dy + self.hidden, lddy: lddy, accumulate: false)
            }
        }
        if let tableGradient, let private_ {
            for r in 0..<rows { Vector.add(private_ + r * input, to: tableGradient + r * ldt, count: input) }
        }
    }

    /// The same outputs as `forward`, bit for bit, without keeping what `backward` needs (see
    /// `LSTM.infer`, `GRU.infer`): for prediction, in memory independent of the number of tokens.
    /// - Parameters:
    ///   - x: `[count, ldx]` inputs in layout order (columns `0..<input`).
    ///   - y: `[count, ldy]`, columns `0..<2H` written (`ldy >= 2 * hidden`).
    ///   - scratch: work buffers for the two directions (e.g. shared by all layers); nil uses
    ///     each direction's own.
    public func infer(x: UnsafePointer<Float>, ldx: Int, layout: SequenceLayout,
                      y: UnsafeMutablePointer<Float>, ldy: Int, scratch: (RecurrentScratch, RecurrentScratch)? = nil) {
        Halves.run(threads: threads) { d in
            if d == 0 {
                self.forwardDirection.infer(x: x, ldx: ldx, layout: layout, reversed: false, y: y, ldy: ldy,
                                            scratch: scratch?.0, chunkRows: LSTM.inferenceChunkRows)
            } else {
                self.backwardDirection.infer(x: x, ldx: ldx, layout: layout, reversed: true,
                                             y: y + self.hidden, ldy: ldy, scratch: scratch?.1,
                                             chunkRows: LSTM.inferenceChunkRows)
            }
        }
    }

    /// `infer` for a first layer whose input is a concatenation of embedding rows, given as ids:
    /// each direction looks its input projection up in an `InputProjection` table (built on
    /// first use, kept while the weights and tables do not change) instead of multiplying
    /// `[count, input]·[input, gateWidth]`. The same outputs as `infer` on the gathered rows up to
    /// float rounding.
    /// - Parameters:
    ///   - embeddings: the input blocks in column order (dimensions adding up to `input`).
    ///   - ids: one `[count]` array of symbol ids in layout order per embedding.
    ///   - y: `[count, ldy]`, columns `0..<2H` written (`ldy >= 2 * hidden`).
    /// - Returns: false (nothing written) when the embeddings do not add up to `input` or the
    ///   ids do not match them; the caller then uses `infer(x:…)`.
    @discardableResult
    public func infer(embeddings: [Embedding], ids: [[Int32]], layout: SequenceLayout,
                      y: UnsafeMutablePointer<Float>, ldy: Int, scratch: (RecurrentScratch, RecurrentScratch)? = nil) -> Bool {
        guard ids.count == embeddings.count, ids.allSatisfy({ $0.count >= layout.count }) else { return false }
        if projections?.0.embeddings.elementsEqual(embeddings, by: ===) != true {
            guard let f = InputProjection(layer: forwardDirection, embeddings: embeddings,
                                          capacity: projectionCapacity),
                  let b = InputProjection(layer: backwardDirection, embeddings: embeddings,
                                          capacity: projectionCapacity) else { return false }
            projections = (f, b)
        }
        guard let (f, b) = projections else { return false }
        Halves.run(threads: threads) { d in
            if d == 0 {
                self.forwardDirection.infer(projection: f, ids: ids, layout: layout, reversed: false,
                                            y: y, ldy: ldy, scratch: scratch?.0, chunkRows: LSTM.inferenceChunkRows)
            } else {
                self.backwardDirection.infer(projection: b, ids: ids, layout: layout, reversed: true,
                                             y: y + self.hidden, ldy: ldy, scratch: scratch?.1,
                                             chunkRows: LSTM.inferenceChunkRows)
            }
        }
        return true
    }

    private var projections: (InputProjection, InputProjection)?

    /// Symbols per embedding kept in each direction's `InputProjection` table (set before the
    /// first `infer(embeddings:…)`); default `InputProjection.defaultCapacity`.
    public var projectionCapacity = InputProjection.defaultCapacity {
        didSet { projections = nil }
    }

    /// Back-propagates through the last `forward`, accumulating parameter gradients.
    /// - Parameters:
    ///   - x: the forward input `[count, ldx]`.
    ///   - dy: `[count, lddy]` gradient of the `2H` output columns.
    ///   - dx: `[count, lddx]` input gradient (columns `0..<input`) written, or added to when
    ///     `accumulate`; nil when not needed.
    public func backward(x: UnsafePointer<Float>, ldx: Int, dy: UnsafePointer<Float>, lddy: Int,
                         dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulate: Bool) {
        let n = forwardDirectionCount
        let private_ = dx == nil ? nil : backwardInputGradient.reserve(n * input)
        Halves.run(threads: threads) { d in
            if d == 0 {
                self.forwardDirection.backward(x: x, ldx: ldx, dy: dy, lddy: lddy,
                                               dx: dx, lddx: lddx, accumulate: accumulate)
            } else {
                self.backwardDirection.backward(x: x, ldx: ldx, dy: dy + self.hidden, lddy: lddy,
                                                dx: private_, lddx: self.input, accumulate: false)
            }
        }
        if let dx, let private_ {
            for r in 0..<n {
                let dst = dx + r * lddx, src = private_ + r * input
                for k in 0..<input { dst[k] += src[k] }
            }
        }
    }

    private var forwardDirectionCount: Int { forwardDirection.lastCount }
}
