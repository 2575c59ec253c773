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
        while true {
            if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 1 << 16)) }
            let n = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + count }, raw.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.io, file: path, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
