import Foundation
import XCTest

/// `biotag` itself, before any subcommand: no arguments, help, unknown subcommands.
final class BIOTagTests: XCTestCase {
    /// No arguments: the usage (every subcommand with its summary, then the exit codes) on
    /// standard error, nothing on standard output, exit code 1 (a usage error). `--help` prints
    /// the same text on standard output and exits 0.
    func testNoArgumentsPrintsTheUsageOnStandardErrorAndExitsOne() throws {
        let bare = try BiotagProcess.run([])
        XCTAssertFalse(bare.signaled, bare.stderr)
        XCTAssertEqual(bare.status, 1, bare.stderr)
        XCTAssertEqual(bare.stdout, "")
        let lines = bare.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first,
                       "usage: biotag <subcommand> [options]   (biotag <subcommand> --help for details)")
        let subcommands = lines.filter { $0.hasPrefix("  ") }.map { $0.split(separator: " ").first ?? "" }
        XCTAssertEqual(subcommands, ["train", "tag", "eval", "convert", "models"], bare.stderr)
        let codes = "exit codes: 0 ok, 1 usage, 2 input data, 3 model file, 4 I/O, 130 interrupted"
        XCTAssertTrue(bare.stderr.hasSuffix("\n\n" + codes + "\n"), bare.stderr)
        XCTAssertTrue(bare.stderr.contains("\nalso: biotag help <subcommand>, biotag --help, biotag --version\n"),
                      bare.stderr)

        let help = try BiotagProcess.run(["--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertEqual(help.stderr, "")
        XCTAssertEqual(help.stdout, bare.stderr)
    }

    /// `--version`: the version line, then the CPU the math was compiled for (`BIOTAG_TARGET_CPU`
    /// at build time, default native), so that a binary shipped to other machines says what it needs,
    /// and the GEMM tile chosen for it.
    func testVersionNamesTheTargetCPU() throws {
        let run = try BiotagProcess.run(["--version"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 4, run.stdout)
        XCTAssertEqual(lines.first, "biotag 0.1.0")
        // The test is built like biotag, so the same variable chose the CPU (if it is still set).
        let chosen = ProcessInfo.processInfo.environment["BIOTAG_TARGET_CPU"] ?? ""
        let named = ["", "native", "x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"]
        let expected = chosen.isEmpty || chosen == "native" ? "native (the CPU of the machine that built it)"
            : named.contains(chosen) ? chosen : "other (set by BIOTAG_TARGET_CPU at build time)"
        XCTAssertEqual(lines.dropFirst().first, "target CPU: " + expected)
        // Then the GEMM register tile that build chose for that CPU.
        XCTAssertTrue(["GEMM tile: 12x32 (AVX-512 registers)", "GEMM tile: 6x16 (16 vector registers)"]
            .contains(lines[2]), run.stdout)
    }

    func testAnUnknownSubcommandNamesTheKnownOnes() throws {
        let run = try BiotagProcess.run(["tagg"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(run.stderr, "biotag: unknown subcommand 'tagg'; try: train, tag, eval, convert, models\n")
    }

    /// `biotag help tag` prints what `biotag tag --help` prints; an unknown topic is a usage
    /// error; `--version` (listed in the usage) prints the version.
    func testHelpSubcommandAndVersion() throws {
        let help = try BiotagProcess.run(["help", "tag"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertEqual(help.stdout, try BiotagProcess.run(["tag", "--help"]).stdout)
        XCTAssertTrue(help.stdout.hasPrefix("usage: biotag tag "), help.stdout)
        let unknown = try BiotagProcess.run(["help", "tagg"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("unknown subcommand 'tagg'"), unknown.stderr)
        let version = try BiotagProcess.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("biotag "), version.stdout)
    }
}
