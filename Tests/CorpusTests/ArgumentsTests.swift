import XCTest
@testable import Corpus

final class ArgumentsTests: XCTestCase {
    private let specs = [
        OptionSpec(name: "epochs", value: "N", help: "maximum epochs (30)"),
        OptionSpec(name: "crf", value: nil, help: "CRF output layer"),
        OptionSpec(name: "delimiter", value: "REGEX", help: "field separator", short: "d"),
        OptionSpec(name: "rate", value: "R", help: "learning rate"),
    ]

    private enum Head: String, CaseIterable { case crf, softmax }

    func testValuesFlagsOperandsAndTheEndOfOptions() throws {
        let args = try Arguments(["a.txt", "--epochs", "3", "--crf", "-d", "\\t", "--rate=0.5", "-",
                                  "--epochs=7", "--", "--crf"], specs: specs)
        XCTAssertEqual(args.positionals, ["a.txt", "-", "--crf"])
        XCTAssertTrue(args.flag("crf"))
        XCTAssertEqual(args.values["epochs"], ["3", "7"])
        XCTAssertEqual(args.string("epochs"), "7", "the last value wins")
        XCTAssertEqual(args.string("delimiter"), "\\t")
        XCTAssertEqual(try args.int("epochs", default: 30, in: 1...100), 7)
        XCTAssertEqual(try args.double("rate", default: 1), 0.5)
        XCTAssertEqual(try args.int("missing", default: 30), 30)
    }

    func testBadOptionsAreUsageErrorsThatNameThem() {
        func message(_ arguments: [String], _ read: (Arguments) throws -> Void = { _ in }) -> String {
            do {
                try read(try Arguments(arguments, specs: specs))
                return "no error"
            } catch {
                return (error as? UsageError)?.description ?? "not a usage error: \(error)"
            }
        }
        XCTAssertEqual(message(["--nope"]), "unknown option '--nope'; see --help")
        XCTAssertEqual(message(["--epochs"]), "option --epochs needs a value (N)")
        XCTAssertEqual(message(["--crf=1"]), "option --crf takes no value")
        XCTAssertEqual(message(["--epochs", "zero"]) { _ = try $0.int("epochs", default: 1, in: 1...9) },
                       "--epochs expects an integer in 1...9, got 'zero'")
        XCTAssertEqual(message(["--rate", "nan"]) { _ = try $0.double("rate", default: 1, in: 0...1) },
                       "--rate expects a number in 0.0...1.0, got 'nan'")
        XCTAssertEqual(message(["--delimiter", "x"]) { let _: Head? = try $0.choice("delimiter") },
                       "--delimiter must be one of crf, softmax, got 'x'")
        XCTAssertEqual(message(["--delimiter", "x"]) { _ = try $0.choice("delimiter", ["a", "b"], default: "a") },
                       "--delimiter must be one of a, b, got 'x'")
    }

    func testTypedChoices() throws {
        let args = try Arguments(["-d", "softmax"], specs: specs)
        let head: Head? = try args.choice("delimiter")
        XCTAssertEqual(head, .softmax)
        let absent: Head? = try args.choice("rate")
        XCTAssertNil(absent)
    }

    func testHelpTextAlignsTheOptionsAndEndsWithHelp() {
        let text = helpText(usage: "tool [options]", summary: "Does things.", specs: Array(specs.prefix(3)))
        XCTAssertEqual(text, """
            usage: tool [options]

            Does things.

            options:
              --epochs N             maximum epochs (30)
              --crf                  CRF output layer
              -d, --delimiter REGEX  field separator
              --help                 show this help
            """)
    }
}
