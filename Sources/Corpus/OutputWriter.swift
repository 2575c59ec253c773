#if canImport(Glibc)
import Glibc
#endif

/// A buffered writer to a file descriptor (standard output by default). Text accumulates in a
/// 64 KiB buffer and goes out when the buffer fills or on `flush()`. Call `flush()` after each
/// line when output must stream (tagging from a pipe).
public final class OutputWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16
    /// Set when a write failed (e.g. closed pipe); further writes are dropped.
    public private(set) var failed = false
    /// Set when the reader of a pipe went away (EPIPE), as `head` does once it has its lines.
    public private(set) var closed = false

    /// What `finish` throws when the reader closed the pipe: not a failure of the program, so
    /// the command line ends quietly (exit 0), as `cat` or `grep` do.
    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the reader closed standard output" }
    }

    /// A writer on descriptor `fd` (1 = standard output).
    public init(fileDescriptor fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    /// Appends `text` to the buffer.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Appends raw bytes (e.g. text that must be passed through even when not valid UTF-8).
    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Appends `text` and a newline.
    public func line(_ text: String) {
        write(text)
        buffer.append(0x0A)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out everything buffered, then reports a failed write.
    /// - Throws: `Closed` when the reader closed the pipe; `InputError(.io)` naming standard
    ///   output (or the descriptor) with `message` for any other failure (disk full).
    public func finish(_ message: String = "cannot write the output (disk full or pipe closed)") throws {
        flush()
        if closed { throw Closed() }
        if failed { throw InputError(.io, file: fd == 1 ? "<stdout>" : "<descriptor \(fd)>", message) }
    }

    /// Writes out everything buffered.
    public func flush() {
        guard !buffer.isEmpty else { return }
        if !failed {
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count, let base = raw.baseAddress {
                    let n = Glibc.write(fd, base + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 {
                        failed = true
                        closed = n < 0 && errno == EPIPE
                        return
                    }
                    offset += n
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
