import Corpus
import FoundationEssentials
import Kernels
import Glibc

/// Exit codes, documented in the README: 0 success, 1 usage, 2 input data, 3 model file, 4 I/O,
/// 130 interrupted (Ctrl-C during `train`, after writing a checkpoint).
enum ExitCode: Int32 {
    case success = 0, usage = 1, data = 2, model = 3, io = 4, interrupted = 130

    /// The code a command that threw `error` exits with (any error not ours is bad input data).
    init(_ error: Error) {
        switch (error as? InputError)?.kind {
        case .model: self = .model
        case .io: self = .io
        case .data, nil: self = error is UsageError ? .usage : .data
        }
    }
}

/// A subcommand: its name, one-line summary, help text (`--help`, `-h`) and entry point. Logic
/// lives in the libraries.
struct Subcommand {
    var name: String
    var summary: String
    var help: String
    var run: ([String]) throws -> Void
}

@main
struct BIOTag {
    static let subcommands: [Subcommand] = [
        Subcommand(name: "train", summary: "train a BiLSTM(-CRF) tagger from annotated files",
                   help: TrainCommand.help, run: TrainCommand.run),
        Subcommand(name: "tag", summary: "tag raw text or token files line by line",
                   help: TagCommand.help, run: TagCommand.run),
        Subcommand(name: "eval", summary: "span precision/recall/F1 report, exactly as conlleval",
                   help: EvalCommand.help, run: EvalCommand.run),
        Subcommand(name: "convert", summary: "Korean analyses/entities <-> syllable BIO",
                   help: ConvertCommand.help, run: ConvertCommand.run),
        Subcommand(name: "models", summary: "list the shipped models",
                   help: ModelsCommand.help, run: ModelsCommand.run),
    ]

    static var usage: String {
        var lines = ["usage: biotag <subcommand> [options]   (biotag <subcommand> --help for details)", ""]
        for command in subcommands {
            lines.append("  " + command.name + String(repeating: " ", count: max(0, 10 - command.name.count)) + command.summary)
        }
        lines.append("also: biotag help <subcommand>, biotag --help, biotag --version")
        lines.append("")
        lines.append("exit codes: 0 ok, 1 usage, 2 input data, 3 model file, 4 I/O, 130 interrupted")
        return lines.joined(separator: "\n")
    }

    /// The CPU the math was compiled for (`BIOTAG_TARGET_CPU` at build time, default `native`:
    /// the building machine's). The x86-64 levels and `native` are named; any other CPU is
    /// `other`, since a compile-time condition carries no text.
    static var targetCPU: String {
        #if BIOTAG_TARGET_CPU_native
        return "native (the CPU of the machine that built it)"
        #elseif BIOTAG_TARGET_CPU_x86_64
        return "x86-64"
        #elseif BIOTAG_TARGET_CPU_x86_64_v2
        return "x86-64-v2"
        #elseif BIOTAG_TARGET_CPU_x86_64_v3
        return "x86-64-v3"
        #elseif BIOTAG_TARGET_CPU_x86_64_v4
        return "x86-64-v4"
        #else
        return "other (set by BIOTAG_TARGET_CPU at build time)"
        #endif
    }

    static func main() {
        signal(SIGPIPE, SIG_IGN)
        MemoryTuning.returnLargeBlocksToTheSystem()
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first else {
            StandardError.line(usage)
            exit(ExitCode.usage.rawValue)
        }
        arguments.removeFirst()
        if name == "help", let topic = arguments.first {
            // `biotag help tag` is `biotag tag --help`.
            guard let command = subcommands.first(where: { $0.name == topic }) else {
                StandardError.line("biotag: unknown subcommand '\(topic)'; try: "
                                   + subcommands.map(\.name).joined(separator: ", "))
                exit(ExitCode.usage.rawValue)
            }
            print(command.help)
            exit(0)
        }
        if name == "--help" || name == "-h" || name == "help" {
            print(usage)
            exit(0)
        }
        if name == "--version" {
            print("biotag 0.1.0")
            print("target CPU: " + targetCPU)
            print("GEMM tile: \(Gemm.tile)")
            exit(0)
        }
        guard let command = subcommands.first(where: { $0.name == name }) else {
            StandardError.line("biotag: unknown subcommand '\(name)'; try: " +
                               subcommands.map(\.name).joined(separator: ", "))
            exit(ExitCode.usage.rawValue)
        }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(command.help)
            exit(0)
        }
        do {
            try command.run(arguments)
            exit(ExitCode.success.rawValue)
        } catch is OutputWriter.Closed {
            // The reader of a pipe has what it wanted (`biotag tag | head -1`): end quietly.
            exit(ExitCode.success.rawValue)
        } catch {
            StandardError.line("biotag \(name): \(error)")
            exit(ExitCode(error).rawValue)
        }
    }
}
