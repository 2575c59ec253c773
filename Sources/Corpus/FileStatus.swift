import Glibc

/// What `stat` says about a path (no Foundation `FileManager`, so a program built on these
/// modules loads only FoundationEssentials, a few megabytes less resident memory).
public enum FileStatus {
    /// true for a directory, false for anything else that exists (following symbolic links),
    /// nil when nothing is there (or it cannot be examined).
    public static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The size in bytes of what `path` names (following symbolic links), nil when nothing is there.
    public static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}
