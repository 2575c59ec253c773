// swift-tools-version:6.0
// BIOTagger: a BiLSTM(-CRF) sequence labeller with a conlleval-exact evaluator and a Korean
// morpheme/entity <-> syllable BIO converter. No package dependencies by design.
import PackageDescription
import Foundation

/// The math targets need a CPU target flag: without it SIMD16<Float> FMAs become one `fmaf`
/// library call per lane and the kernels run ~10x slower (see Sources/Kernels/README.md).
/// `-fno-math-errno` (for the C shims Swift's `squareRoot()` goes through) lets a square root
/// be one `vsqrtps`: with errno kept, every lane was a scalar `sqrtss` and a branch to `sqrtf`,
/// and Adam's update took 2.5x as long. Square roots are still correctly rounded (IEEE).
/// The CPU is `native` unless `BIOTAG_TARGET_CPU` names another at build time, e.g.
/// `BIOTAG_TARGET_CPU=x86-64-v3 swift build -c release` for a binary that runs on any AVX2 machine
/// (a `native` binary can die with an illegal instruction on an older CPU). x86-64-v2 has no FMA:
/// every `addingProduct` becomes a call of libm's `fmaf`, and tagging is about 35 times slower.
/// The x86-64-vN levels go through `-Xcc -march=`: `-target-cpu` rejects them (Swift 6.3), and
/// Swift's code generation takes the CPU features from its Clang importer either way.
/// `biotag --version` names the CPU (the BIOTAG_TARGET_CPU_* condition of the command line target).
let targetCPU: String = {
    let chosen = Context.environment["BIOTAG_TARGET_CPU"] ?? ""
    return chosen.isEmpty ? "native" : chosen
}()
let cpuFlags = targetCPU.hasPrefix("x86-64-v") ? ["-Xcc", "-march=" + targetCPU] : ["-target-cpu", targetCPU]
/// Whether the target CPU has AVX-512 (32 registers of 16 floats): the GEMM micro-kernels then
/// use their 12x32 tile; otherwise the 6x16 one, which does not spill on AVX2 or NEON
/// (Sources/Kernels/README.md). `native` asks the build machine (/proc/cpuinfo); a named CPU is
/// looked up among those LLVM gives AVX-512. `BIOTAG_WIDE_TILE=1` or `0` overrides.
let wideVectorRegisters: Bool = {
    if let forced = Context.environment["BIOTAG_WIDE_TILE"], !forced.isEmpty { return forced == "1" }
    if targetCPU == "native" {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return info.split(separator: "\n").contains { $0.hasPrefix("flags") && $0.contains(" avx512f") }
    }
    let avx512 = ["x86-64-v4", "skylake-avx512", "cascadelake", "cooperlake", "cannonlake",
                  "icelake-client", "icelake-server", "tigerlake", "rocketlake", "sapphirerapids",
                  "emeraldrapids", "graniterapids", "znver4", "znver5", "knl", "knm"]
    return avx512.contains(targetCPU)
}()
let mathFlags: [SwiftSetting] = [.unsafeFlags(cpuFlags + ["-Xcc", "-fno-math-errno"])]
    + (wideVectorRegisters ? [.define("WIDE_VECTOR_REGISTERS")] : [])
/// The target CPU as a condition `biotag --version` tests: `BIOTAG_TARGET_CPU_x86_64_v3` for x86-64-v3.
let targetCPUDefine: SwiftSetting =
    .define("BIOTAG_TARGET_CPU_" + String(targetCPU.map { $0.isLetter || $0.isNumber ? $0 : "_" }))

let package = Package(
    name: "BIOTagger",
    products: [
        .library(name: "Corpus", targets: ["Corpus"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Hangul", targets: ["Hangul"]),
        .library(name: "Kernels", targets: ["Kernels"]),
        .library(name: "Network", targets: ["Network"]),
        .library(name: "Tagger", targets: ["Tagger"]),
        .executable(name: "biotag", targets: ["biotag"]),
    ],
    targets: [
        // 1. CoNLL / CoNLL-U I/O, tag schemes, spans. Foundation only.
        .target(name: "Corpus"),
        // 2. conlleval-exact span counting and reports.
        .target(name: "Evaluation", dependencies: ["Corpus"]),
        // 3. Hangul syllables/jamo; morpheme analyses and entity spans <-> syllable BIO.
        .target(name: "Hangul", dependencies: ["Corpus"]),
        // 4. SIMD GEMM and activations on raw buffers. No I/O.
        //    README.md: the measured facts about flags and code shapes the kernels rely on.
        .target(name: "Kernels", exclude: ["README.md"], swiftSettings: mathFlags),
        // 5. Layers with hand-written forward/backward, losses, optimizers, and the tagger's network
        //    assembled from them (TaggerNetwork: it needs nothing of Tagger).
        .target(name: "Network", dependencies: ["Kernels"], swiftSettings: mathFlags),
        // 6. Vocabularies, model assembly, training, decoding, model file.
        //    Resources/Models: the shipped models (tools/train-shipped-models), found by ShippedModels
        //    in the source tree. Not SwiftPM resources on purpose: the generated `Bundle.module`
        //    accessor imports Foundation, which alone costs biotag ~6 MB of resident memory.
        .target(name: "Tagger", dependencies: ["Corpus", "Evaluation", "Hangul", "Network"],
                exclude: ["Resources"]),
        // 7. The command line: option parsing and dispatch only.
        .executableTarget(name: "biotag",
                          dependencies: ["Corpus", "Evaluation", "Hangul", "Kernels", "Network", "Tagger"],
                          swiftSettings: [targetCPUDefine]),
        // Network throughput benchmark (tools/bench-network.sh builds it in release and runs it).
        .executableTarget(name: "bench-network", dependencies: ["Network"], path: "tools/bench-network"),

        .testTarget(name: "CorpusTests", dependencies: ["Corpus"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Corpus"]),
        .testTarget(name: "HangulTests", dependencies: ["Hangul", "Corpus"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "Kernels"]),
        .testTarget(name: "TaggerTests", dependencies: ["Tagger", "Corpus", "Hangul", "Network"]),
        .testTarget(name: "biotagTests", dependencies: ["biotag"], exclude: ["BadInputs"]),
    ],
    swiftLanguageModes: [.v5]
)
