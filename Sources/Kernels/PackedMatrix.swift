/// The right-hand operand of a matrix product, packed once into the GEMM's panel layout and
/// reused for many products (e.g. a weight matrix for every time step of a pass).
///
/// Represents `op(B)` of shape `[k, n]`: either `B` stored `[k, n]` (`transB: false`, as in
/// `dX = dY·W` with `W` `[out, in]`) or `B` stored `[n, k]` used transposed (`transB: true`, as
/// in the forward `Y = X·Wᵀ`). Storage is `k·⌈n/32⌉·32` floats, 64-byte aligned. A packed
/// matrix is a snapshot: re-`pack` it after the source changes (e.g. after an optimizer step).
/// Reading it from several threads at once is safe; `pack` while another thread multiplies is not.
public final class PackedMatrix: @unchecked Sendable {
    /// Rows of `op(B)` (the inner dimension of the product).
    public let k: Int
    /// Columns of `op(B)` (the output columns of the product).
    public let n: Int
    /// The packed panels: k-block after k-block, each holding `⌈n/32⌉` panels of `kc x 32`.
    let storage: UnsafeMutablePointer<Float>
    let count: Int

    /// An all-zero packed matrix of shape `[k, n]` (fill it with `pack`). `k, n ≥ 0`.
    public init(k: Int, n: Int) {
        self.k = max(k, 0)
        self.n = max(n, 0)
        count = self.k * Packing.paddedColumns(self.n)
        storage = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(count, 1))
        storage.initialize(repeating: 0, count: max(count, 1))
    }

    /// Packs `op(B)` of shape `[k, n]`.
    /// - Parameters:
    ///   - transB: `b` is stored `[n, k]` (row length `k`) and used transposed.
    ///   - b: the matrix, row-major with leading dimension `ldb` (≥ its stored row length).
    public convenience init(transB: Bool = false, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int) {
        self.init(k: k, n: n)
        pack(transB: transB, b: b, ldb: ldb)
    }

    deinit { storage.deallocate() }

    /// Re-packs from `b` (same shape `[k, n]` as at creation; see `init(transB:k:n:b:ldb:)`).
    /// No allocation.
    public func pack(transB: Bool = false, b: UnsafePointer<Float>, ldb: Int) {
        let blocks = Packing.kBlocks(k)
        let padded = Packing.paddedColumns(n)
        for block in 0..<blocks.count {
            let p0 = block * blocks.size
            Packing.packB(transB: transB, b: b, ldb: ldb, p0: p0, kc: min(blocks.size, k - p0),
                          j0: 0, nc: n, dst: storage + p0 * padded)
        }
    }

    /// The panels of k-block `block` (which starts at row `block * kBlocks(k).size`).
    func panels(block: Int, size: Int) -> UnsafeMutablePointer<Float> {
        storage + block * size * Packing.paddedColumns(n)
    }
}
