import FoundationEssentials
import Glibc

/// Writes files atomically: the bytes go to a temporary file in the same folder, are flushed
/// to disk with `fsync`, and the temporary file is renamed over the destination. A crash at any
/// point leaves either the old file or the new one, never a mix.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: `InputError` of kind `.io` naming `path` when the folder is missing, not
    ///   writable, or the disk is full.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        if FileStatus.isDirectory(path) == true {
            throw InputError(.io, file: path, "is a directory; give a file name to write")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd < 0 {
            throw InputError(.io, file: path, "cannot write here: \(String(cString: strerror(errno)))")
        }
        var ok = true
        var failure = ""
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false; failure = String(cString: strerror(errno)) }
        close(fd)
        if !ok {
            unlink(temporary)
            throw InputError(.io, file: path, "write failed: \(failure)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw InputError(.io, file: path, "cannot replace file: \(reason)")
        }
    }

    /// Checks that `write(_:to:)` could write `path` now, before any work whose result goes
    /// there: `path` is not a folder and a file can be created in its folder (one is created
    /// and removed again).
    /// - Throws: `InputError(.io)` naming `path`, with the same messages as `write(_:to:)`.
    public static func checkWritable(_ path: String) throws {
        if FileStatus.isDirectory(path) == true {
            throw InputError(.io, file: path, "is a directory; give a file name to write")
        }
        let url = URL(fileURLWithPath: path)
        let probe = url.deletingLastPathComponent().path + "/." + url.lastPathComponent
            + ".probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd < 0 {
            throw InputError(.io, file: path, "cannot write here: \(String(cString: strerror(errno)))")
        }
        close(fd)
        unlink(probe)
    }

    /// Writes `text` as UTF-8 to `path` atomically. See `write(_:to:)`.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
