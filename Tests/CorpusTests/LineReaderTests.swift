import Foundation
import XCTest
@testable import Corpus

final class LineReaderTests: XCTestCase {
    private func lines(of bytes: [UInt8], policy: LineReader.InvalidUTF8Policy = .fail) throws -> [String] {
        let path = NSTemporaryDirectory() + "linereader-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LineReader(path: path, invalidUTF8: policy)
        var result: [String] = []
        while let line = try reader.nextLine() { result.append(line) }
        return result
    }

    func testCRLFAndBOMAndMissingFinalNewline() throws {
        let text = "\u{FEFF}a b\r\n\r\nc"
        XCTAssertEqual(try lines(of: Array(text.utf8)), ["a b", "", "c"])
        let path = NSTemporaryDirectory() + "linereader-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data("a\r\nb\n\nc\r\nd".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LineReader(path: path)
        var endings: [String] = []
        while try reader.nextLine() != nil { endings.append(reader.lastLineEnding) }
        XCTAssertEqual(endings, ["\r\n", "\n", "\n", "\r\n", ""])
    }

    func testInvalidUTF8NamesLineAndColumn() throws {
        let bytes: [UInt8] = Array("ok\nab".utf8) + [0xFF] + Array("\n".utf8)
        XCTAssertThrowsError(try lines(of: bytes)) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.column, 3)
            XCTAssertEqual(e?.kind, .data)
        }
        XCTAssertEqual(try lines(of: bytes, policy: .replace), ["ok", "ab\u{FFFD}"])
    }

    func testLongLinesAcrossBufferBoundaries() throws {
        let long = String(repeating: "가", count: 70_000)
        XCTAssertEqual(try lines(of: Array((long + "\nx\n").utf8)), [long, "x"])
    }

    func testFirstInvalidByte() {
        XCTAssertEqual(LineReader.firstInvalidByte(Array("가나".utf8)), 6)
        XCTAssertEqual(LineReader.firstInvalidByte([0x61, 0xE0, 0x80, 0x80]), 1) // overlong
        XCTAssertEqual(LineReader.firstInvalidByte([0x61, 0xEA, 0xB0]), 1)       // truncated
    }

    func testMissingFileAndDirectory() {
        XCTAssertThrowsError(try LineReader(path: "/nonexistent/x")) { XCTAssertEqual(($0 as? InputError)?.kind, .io) }
        XCTAssertThrowsError(try LineReader(path: "/tmp")) { XCTAssertEqual(($0 as? InputError)?.kind, .io) }
    }

    func testWithNextLineBytesMatchesNextLine() throws {
        let long = String(repeating: "x", count: 70_000)
        let text = "\u{FEFF}a b\r\n\r\n" + long + "\nlast\r"
        let path = NSTemporaryDirectory() + "linereader-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LineReader(path: path)
        var lines: [String] = []
        var numbers: [Int] = []
        var endings: [String] = []
        while try reader.withNextLineBytes({ lines.append(String(decoding: $0, as: UTF8.self)) }) {
            numbers.append(reader.lineNumber)
            endings.append(reader.lastLineEnding)
        }
        XCTAssertEqual(lines, ["a b", "", long, "last"])
        XCTAssertEqual(numbers, [1, 2, 3, 4])
        XCTAssertEqual(endings, ["\r\n", "\r\n", "\n", "\r"])
    }

    /// `hasLineReady` says whether the next line can be read without waiting, and never blocks:
    /// a pipe with a whole line buffered, then only half a line, then closed.
    func testHasLineReadyOnAPipeNeverBlocks() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let reader = LineReader(fileDescriptor: ends[0], name: "<pipe>", owns: true)
        func send(_ text: String) {
            let bytes = Array(text.utf8)
            XCTAssertEqual(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }, bytes.count)
        }
        XCTAssertFalse(try reader.hasLineReady(), "nothing written yet")
        send("first\nsecond\nthi")
        XCTAssertTrue(try reader.hasLineReady())
        XCTAssertEqual(try reader.nextLine(), "first")
        XCTAssertTrue(try reader.hasLineReady(), "'second' is buffered whole")
        XCTAssertEqual(try reader.nextLine(), "second")
        XCTAssertFalse(try reader.hasLineReady(), "only half of the third line has arrived")
        send("rd\n")
        XCTAssertEqual(try reader.nextLine(), "third")
        XCTAssertFalse(try reader.hasLineReady())
        send("last, without a newline")
        close(ends[1])
        XCTAssertEqual(try reader.nextLine(), "last, without a newline")
        XCTAssertTrue(try reader.hasLineReady(), "at the end of input nextLine returns at once")
        XCTAssertNil(try reader.nextLine())
    }
}
