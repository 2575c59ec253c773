import Glibc

/// Whole-file reads straight into one byte array (no intermediate `Data`, so a large file is
/// held in memory once, not twice).
public enum FileContents {
    /// Every byte of the file at `path`.
    /// - Throws: `InputError(.io)` naming `path` when it cannot be opened or read.
    public static func bytes(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // The buffer sized from the file's status is filled by read(2) as it is allocated (not
        // zeroed first); a file that grew, or one without a size (a pipe), is then read on in
        // small chunks, and the end found without copying the whole buffer.
        let size = max(FileStatus.size(path) ?? 0, 0)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < size {
                let n = read(fd, base + initialized, size - initialized)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno }
                if n <= 0 { break }
                initialized += n
            }
        }
        var chunk: [UInt8] = []
        while failure == 0 && bytes.count >= size {
            if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: 1 << 16) }
            let n = chunk.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = errno }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        if failure != 0 {
            throw InputError(.io, file: path, "read failed: \(String(cString: strerror(failure)))")
        }
        return bytes
    }
}
