import Glibc

/// What `stat` says about a path (no Foundation `FileManager`, so a program built on these
/// modules loads only FoundationEssentials, a few megabytes less resident memory).
public enum FileStatus {
    /// true for a directory, false for anything else that exists (following symbolic links),
    /// nil when nothing is there (or it cannot be examined).
    public static func isDirectory(_ path: String) -> Bool? {
        info(path).map { ($0.st_mode & S_IFMT) == S_IFDIR }
    }

    /// true for a regular file (following symbolic links), false for anything else that exists
    /// (a pipe, a device, a directory), nil when nothing is there.
    public static func isRegularFile(_ path: String) -> Bool? {
        info(path).map { ($0.st_mode & S_IFMT) == S_IFREG }
    }

    /// The size in bytes of what `path` names (following symbolic links), nil when nothing is there.
    public static func size(_ path: String) -> Int? {
        info(path).map { Int($0.st_size) }
    }

    private static func info(_ path: String) -> stat? {
        var result = stat()
        return stat(path, &result) == 0 ? result : nil
    }
}
