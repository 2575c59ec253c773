import Kernels

/// One direction of a recurrent layer over a `SequenceLayout` (no padding rows): what
/// `BiRecurrent` and `InputProjection` need from an `LSTM` or a `GRU`.
///
/// The input side of every step is `x·Wᵀ + b` (`W` `[gateWidth, input]`, `b` `[gateWidth]`),
/// computed for all tokens at once (or tabulated per symbol by `InputProjection`); the
/// recurrence adds what depends on the previous state. `reversed` runs right to left, each
/// sequence starting at its own last token.
public protocol RecurrentDirection: AnyObject {
    /// Input size per token.
    var input: Int { get }
    /// Hidden (and output) size `H`.
    var hidden: Int { get }
    /// Columns of the input side, `gates · H` (4H for an LSTM, 3H for a GRU).
    var gateWidth: Int { get }
    /// Input weights `[gateWidth, input]`.
    var w: Parameter { get }
    /// Input-side bias `[gateWidth]`.
    var b: Parameter { get }
    /// All parameters, `w` first.
    var parameters: [Parameter] { get }
    /// Number of tokens in the last `forward`.
    var lastCount: Int { get }
    /// Whether the last forward pass was `forward(table:…)` over at least one token.
    var usedTable: Bool { get }
    /// The packed `Wᵀ` (`[input, gateWidth]`), up to date with `w`.
    func packedInput() -> PackedMatrix

    /// Runs the direction over all tokens, keeping what `backward` needs.
    /// - Parameters:
    ///   - x: `[count, ldx]` inputs in layout order, columns `0..<input` read.
    ///   - y: `[count, ldy]`, columns `0..<hidden` receive `h` for each token (its own row).
    func forward(x: UnsafePointer<Float>, ldx: Int, layout: SequenceLayout, reversed: Bool,
                 y: UnsafeMutablePointer<Float>, ldy: Int)
    /// `forward` for inputs that are sums of table rows: token `r`'s input is
    /// `Σ_j table[indices[j][r]]` (a row outside `0..<rows` adds nothing).
    func forward(table: UnsafePointer<Float>, ldt: Int, rows: Int, indices: [[Int32]],
                 layout: SequenceLayout, reversed: Bool, y: UnsafeMutablePointer<Float>, ldy: Int)
    /// `forward`'s outputs bit for bit, keeping nothing for `backward`.
    func infer(x: UnsafePointer<Float>, ldx: Int, layout: SequenceLayout, reversed: Bool,
               y: UnsafeMutablePointer<Float>, ldy: Int, scratch: RecurrentScratch?, chunkRows: Int)
    /// `infer` with the input side looked up in `projection` (built for this direction).
    func infer(projection: InputProjection, ids: [[Int32]], layout: SequenceLayout, reversed: Bool,
               y: UnsafeMutablePointer<Float>, ldy: Int, scratch: RecurrentScratch?, chunkRows: Int)
    /// Back-propagates through the last dense `forward`, accumulating parameter gradients and
    /// writing (or adding, when `accumulate`) the input gradient `dx` `[count, lddx]` when given.
    func backward(x: UnsafePointer<Float>, ldx: Int, dy: UnsafePointer<Float>, lddy: Int,
                  dx: UnsafeMutablePointer<Float>?, lddx: Int, accumulate: Bool)
    /// Back-propagates through the last `forward(table:…)`, writing (or adding) the gradient of
    /// each table row when given.
    func backward(tableGradient: UnsafeMutablePointer<Float>?, ldt: Int, dy: UnsafePointer<Float>,
                  lddy: Int, accumulate: Bool)
}
