// What every libFuzzer harness in tools/fuzz shares; tools/fuzz/run compiles it into each one.
import Corpus
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The fuzz input as a file on a RAM disk (the readers stream from paths and descriptors),
/// one per process.
let scratch = "/dev/shm/biotag-fuzz-\(getpid())"

/// Writes `bytes` to `scratch` and runs `body` with its path, removing the file afterwards;
/// does nothing when the file cannot be written.
func withScratchFile(_ bytes: Data, _ body: (String) -> Void) {
    guard FileManager.default.createFile(atPath: scratch, contents: bytes) else { return }
    defer { unlink(scratch) }
    body(scratch)
}

/// `withScratchFile` on the input libFuzzer hands a harness.
func withScratchFile(_ data: UnsafePointer<UInt8>, _ size: Int, _ body: (String) -> Void) {
    withScratchFile(Data(bytes: data, count: size), body)
}

/// Bad input must be reported as an `InputError` with a one-line message; anything else is a
/// finding.
func check(_ error: Error) {
    guard let error = error as? InputError else { fatalError("not an InputError: \(error)") }
    precondition(!error.description.contains("\n"), "multi-line message: \(error.description)")
}
