import Dispatch

/// Work cut in two parts that runs on two cores or on one: the one way every layer, decoder
/// and optimiser of the network spreads itself over the two cores it is given.
///
/// Callers cut their work the same way whatever the thread count (rows, sequences, directions,
/// or batch halves), so that results do not depend on it; only whether the parts overlap in
/// time does.
public enum Halves {
    /// Runs `body(0)` and `body(1)`: concurrently, one per core, when `threads >= 2`; otherwise
    /// one after the other, in that order. Returns when both are done.
    public static func run(threads: Int, _ body: (_ part: Int) -> Void) {
        if threads >= 2 {
            DispatchQueue.concurrentPerform(iterations: 2, execute: body)
        } else {
            body(0)
            body(1)
        }
    }

    /// The results of `body(0)` and `body(1)`, run as `run(threads:_:)` runs them.
    public static func map<Result>(threads: Int, _ body: (_ part: Int) -> Result) -> (Result, Result) {
        // Each part fills its own slot, so the two threads never touch the same memory.
        let slots = UnsafeMutablePointer<Result>.allocate(capacity: 2)
        defer { slots.deallocate() }
        run(threads: threads) { part in (slots + part).initialize(to: body(part)) }
        return (slots.move(), (slots + 1).move())
    }
}
