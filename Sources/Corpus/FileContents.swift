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
        var bytes = [UInt8](repeating: 0, count: max(FileStatus.size(path) ?? 0, 0))
        var count = 0
        // Fills the buffer sized from the file's status, then reads on into a small chunk: a
        // file that grew is appended to, and the end is found without copying the whole buffer
        // into a larger one (what growing it for the final empty read used to cost).
        var chunk: [UInt8] = []
        while true {
            let n: Int
            if count < bytes.count {
                n = bytes.withUnsafeMutableBytes { raw in
                    read(fd, raw.baseAddress.map { $0 + count }, raw.count - count)
                }
            } else {
                if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: 1 << 16) }
                n = chunk.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
                if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.io, file: path, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        if count < bytes.count { bytes.removeLast(bytes.count - count) }
        return bytes
    }
}
