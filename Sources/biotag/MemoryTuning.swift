import Glibc

/// Process-wide allocator settings for the command line.
enum MemoryTuning {
    /// Makes glibc serve blocks of 128 KiB and more (model file bytes, weight tensors, work
    /// buffers) straight from mmap and return them to the system when freed. By default glibc
    /// raises that threshold after the first such block is freed, after which the buffers of
    /// loading a model (file bytes, tensors, the freshly initialised weights they replace) stay
    /// resident for the whole run: `biotag tag` peaked 1.7 MB higher. `mallopt` is looked up at
    /// run time (Swift's Glibc module does not export `malloc.h`); without it nothing changes.
    static func returnLargeBlocksToTheSystem() {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD in <malloc.h>
        _ = mallopt(mmapThreshold, 128 * 1024)
    }
}
