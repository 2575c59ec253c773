import Glibc

/// Ctrl-C (SIGINT) as a request to stop training cleanly, as `biotag train` takes it:
/// `install()` makes the first SIGINT only set `isSet` (give `{ flag.isSet }` to
/// `Trainer.shouldStop`: training stops between batches and writes a checkpoint to resume
/// from) and a second one exit at once with status 130.
public final class InterruptFlag: @unchecked Sendable {
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0

    /// True once SIGINT has arrived.
    public var isSet: Bool { InterruptFlag.raised != 0 }

    /// Installs the handler (for the whole process) and returns the flag.
    public static func install() -> InterruptFlag {
        signal(SIGINT) { _ in
            if InterruptFlag.raised != 0 { _exit(130) }
            InterruptFlag.raised = 1
        }
        return InterruptFlag()
    }
}
