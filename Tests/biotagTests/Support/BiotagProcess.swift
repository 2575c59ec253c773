import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// The `biotag` executable under test, run as a subprocess: the one way the command-line tests
/// find and start it.
///
/// The executable is the one `swift test` builds for this test target (which depends on it)
/// into the same build folder as the test bundle, `.build/<triple>/<configuration>/biotag`, so
/// it always matches the configuration and sources being tested. When it is missing, every
/// test that runs it fails (the error names the path); nothing falls back to another build.
///
/// Standard output and standard error go to files in a private folder, so a chatty child never
/// blocks on a full pipe; standard input is a file of given bytes, or a pipe kept open for
/// tests that talk to the child line by line (`Input.pipe`).
///
/// ```swift
/// let result = try BiotagProcess.run(["eval", "gold.txt"])           // runs to the end
/// let tagger = try BiotagProcess(["tag", "--model", path], stdin: .pipe)
/// tagger.send("김철수는 서울에 산다.\n")
/// ```
final class BiotagProcess {
    /// How a finished run ended and what it wrote.
    struct Result {
        /// The exit code (or the signal number when `signaled`).
        var status: Int32
        /// True when the process died of a signal (a trap, abort or segfault).
        var signaled: Bool
        /// Standard output, as bytes.
        var stdoutData: Data
        /// Standard error, decoded as UTF-8 (invalid bytes replaced).
        var stderr: String
        /// Standard output, decoded as UTF-8 (invalid bytes replaced).
        var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    }

    /// What the child reads on standard input.
    enum Input {
        /// These bytes, then end of file.
        case bytes(Data)
        /// A pipe the test writes to with `send(_:)` and closes with `closeInput()`.
        case pipe
    }

    /// Why a test could not run biotag at all (the test fails with this description).
    struct Failure: Error, CustomStringConvertible {
        /// One line saying what is missing or what went wrong.
        var description: String
    }

    // MARK: The executable

    /// The build folder holding this test bundle: `.build/<triple>/<configuration>`. On Linux
    /// the bundle is an executable (`BIOTaggerPackageTests.xctest`) run directly; on Darwin it
    /// is a bundle loaded by `xctest`.
    static var buildFolder: URL {
        #if os(Linux)
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        #else
        let bundle = Bundle(for: BiotagProcess.self).bundleURL
        #endif
        return bundle.resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The `biotag` executable built next to the test bundle.
    /// - Throws: `Failure` naming the expected path when it is not there or not executable.
    static func executable() throws -> URL {
        let url = buildFolder.appendingPathComponent("biotag")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Failure(description: "the biotag executable under test is missing: \(url.path) "
                          + "(`swift test` builds it into the test bundle's build folder)")
        }
        return url
    }

    /// The folder of this checkout (`Package.swift`, `annotations/`, ...).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    // MARK: Running

    /// Runs biotag to the end.
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - folder: the working folder (nil: the test process's own).
    ///   - stdin: the bytes on standard input (empty by default).
    ///   - stdout: a path standard output goes to instead of being captured (e.g. `/dev/full`).
    ///   - environment: the child's environment (nil: this process's).
    ///   - executable: another copy of the located executable (nil: the one under test).
    ///   - timeout: seconds after which the child is killed and the test fails.
    /// - Throws: `Failure` when the executable is missing; errors of creating the capture files
    ///   or starting the process.
    static func run(_ arguments: [String], in folder: URL? = nil, stdin: Data = Data(), stdout: String? = nil,
                    environment: [String: String]? = nil, executable: URL? = nil, timeout: TimeInterval = 300,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let process = try BiotagProcess(arguments, in: folder, stdin: .bytes(stdin), stdout: stdout,
                                        environment: environment, executable: executable)
        return process.finish(timeout: timeout, file: file, line: line)
    }

    /// Runs biotag to the end with `text` (UTF-8) on standard input.
    static func run(_ arguments: [String], text: String, in folder: URL? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        try run(arguments, in: folder, stdin: Data(text.utf8), file: file, line: line)
    }

    let arguments: [String]
    private let process = Process()
    private let captures: URL
    private let outURL: URL
    private let errURL: URL
    private var inputPipe: Pipe?
    private var handles: [FileHandle] = []

    /// Starts biotag; see `run` for the parameters. The child runs until it exits; `finish`
    /// waits for it (and `deinit` kills it if the test ends first).
    init(_ arguments: [String], in folder: URL? = nil, stdin: Input = .bytes(Data()), stdout: String? = nil,
         environment: [String: String]? = nil, executable: URL? = nil) throws {
        // A child that exits before reading its input must not kill the test process (SIGPIPE).
        signal(SIGPIPE, SIG_IGN)
        self.arguments = arguments
        captures = FileManager.default.temporaryDirectory
            .appendingPathComponent("biotag-run-\(UUID().uuidString)")
        outURL = captures.appendingPathComponent("stdout")
        errURL = captures.appendingPathComponent("stderr")
        try FileManager.default.createDirectory(at: captures, withIntermediateDirectories: true)
        process.executableURL = try executable ?? Self.executable()
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: stdout.map { URL(fileURLWithPath: $0) } ?? outURL)
        let errors = try FileHandle(forWritingTo: errURL)
        handles = [output, errors]
        process.standardOutput = output
        process.standardError = errors
        switch stdin {
        case .bytes(let data):
            let inURL = captures.appendingPathComponent("stdin")
            try data.write(to: inURL)
            let input = try FileHandle(forReadingFrom: inURL)
            handles.append(input)
            process.standardInput = input
        case .pipe:
            let pipe = Pipe()
            inputPipe = pipe
            process.standardInput = pipe
        }
        try process.run()
        // The child has its own copies now.
        for handle in handles { try? handle.close() }
        handles = []
        try? inputPipe?.fileHandleForReading.close()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? inputPipe?.fileHandleForWriting.close()
        try? FileManager.default.removeItem(at: captures)
    }

    /// The process id (for signals).
    var pid: Int32 { process.processIdentifier }

    /// True until the child exits.
    var isRunning: Bool { process.isRunning }

    /// Writes `text` (UTF-8) to the child's standard input (`Input.pipe` only; errors such as
    /// a child that already exited are ignored: the assertions on its output catch them).
    func send(_ text: String) {
        try? inputPipe?.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Closes the child's standard input (`Input.pipe` only): the child sees end of file.
    func closeInput() {
        try? inputPipe?.fileHandleForWriting.close()
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// Standard output written so far.
    var outputSoFar: String { String(decoding: Self.contents(outURL), as: UTF8.self) }

    /// Standard error written so far.
    var errorsSoFar: String { String(decoding: Self.contents(errURL), as: UTF8.self) }

    /// Polls every 2 ms until `condition` holds; false when it still does not after `timeout`
    /// seconds or the child has exited without it holding.
    func wait(timeout: TimeInterval, until condition: (BiotagProcess) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            if !process.isRunning { return condition(self) }
            usleep(2_000)
        }
        return condition(self)
    }

    /// Waits for the child to exit (killing it and failing the test after `timeout` seconds)
    /// and returns what it wrote.
    func finish(timeout: TimeInterval = 300, file: StaticString = #filePath, line: UInt = #line) -> Result {
        closeInput()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                XCTFail("biotag \(arguments.joined(separator: " ")) ran for more than \(Int(timeout)) s",
                        file: file, line: line)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                      stdoutData: Self.contents(outURL),
                      stderr: String(decoding: Self.contents(errURL), as: UTF8.self))
    }

    /// A file's bytes (empty when unreadable). Empty files are not read: Foundation's
    /// `Data(contentsOf:)` leaks its buffer on them, which LeakSanitizer reports.
    static func contents(_ url: URL) -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        guard let size, size > 0 else { return Data() }
        return (try? Data(contentsOf: url)) ?? Data()
    }
}
