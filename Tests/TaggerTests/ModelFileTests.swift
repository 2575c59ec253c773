import Corpus
import Foundation
import XCTest
@testable import Tagger

final class ModelFileTests: XCTestCase {
    private func sample() -> ModelFile {
        ModelFile(kind: "model", header: Data(#"{"labels":["O","B-PS"]}"#.utf8), tensors: [
            Tensor(name: "embedding", shape: [3, 2], values: [0, 1, -2.5, .pi, 1e-30, -0.0]),
            Tensor(name: "bias", shape: [2], values: [7, 8]),
            Tensor(name: "scalar", shape: [], values: [42]),
        ])
    }

    private func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as InputError {
            XCTAssertEqual(error.kind, .model, "\(error)")
            XCTAssertFalse(error.description.contains("\n"))
            return error.description
        } catch {
            XCTFail("unexpected error \(error)")
            return nil
        }
    }

    func testRoundTripInMemoryAndOnDisk() throws {
        let file = sample()
        let bytes = try file.encoded()
        XCTAssertEqual(try ModelFile.decode(bytes), file)
        let path = NSTemporaryDirectory() + "/modelfile-\(getpid()).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try file.write(to: path)
        let back = try ModelFile.read(path: path)
        XCTAssertEqual(back, file)
        XCTAssertEqual(back.tensor("bias")?.values, [7, 8])
        XCTAssertEqual(back.tensor("embedding")?.values[1], 1)
        XCTAssertEqual(back.tensor("embedding")?.values[5].sign, .minus)
        XCTAssertNil(back.tensor("missing"))
    }

    func testEveryTruncationIsRefused() throws {
        let bytes = try sample().encoded()
        for length in 0..<bytes.count {
            let text = message { _ = try ModelFile.decode(bytes.prefix(length)) }
            XCTAssertNotNil(text, "prefix of \(length) bytes was accepted")
            if length == 0 {
                XCTAssertTrue(text?.contains("empty") ?? false, text ?? "")
            } else {
                XCTAssertTrue(text?.contains("truncated") ?? false, "\(length): \(text ?? "")")
            }
        }
    }

    func testEveryFlippedBitIsRefused() throws {
        let bytes = [UInt8](try sample().encoded())
        var checksumMessages = 0
        for index in bytes.indices {
            for bit in 0..<8 {
                var copy = bytes
                copy[index] ^= UInt8(1 << bit)
                let text = message { _ = try ModelFile.decode(Data(copy)) }
                XCTAssertNotNil(text, "flipping bit \(bit) of byte \(index) was accepted")
                if text?.contains("checksum mismatch") ?? false { checksumMessages += 1 }
            }
        }
        // Outside the magic, version and length fields every flip is a checksum mismatch.
        XCTAssertGreaterThanOrEqual(checksumMessages, (bytes.count - ModelFile.preambleSize) * 8)
    }

    func testWrongMagicNewerVersionAndZeroBytes() throws {
        var bytes = [UInt8](try sample().encoded())
        XCTAssertTrue(message { _ = try ModelFile.decode(Data()) }?.contains("0 bytes") ?? false)
        let text = Data("-DOCSTART- -X- O\nEU B-ORG\n".utf8)
        XCTAssertTrue(message { _ = try ModelFile.decode(text) }?.contains("not a BIOTagger model") ?? false)
        bytes[8] = 2
        let newer = message { _ = try ModelFile.decode(Data(bytes)) }
        XCTAssertTrue(newer?.contains("version 2 is newer") ?? false, newer ?? "")
    }

    func testReadNamesTheFile() throws {
        let path = NSTemporaryDirectory() + "/modelfile-empty-\(getpid()).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let text = message { _ = try ModelFile.read(path: path) }
        XCTAssertTrue(text?.hasPrefix(path + ": empty file") ?? false, text ?? "")
        let missing = message { _ = try ModelFile.read(path: path + ".nope") }
        XCTAssertTrue(missing?.contains("no such model file") ?? false)
    }

    func testShapeMismatchIsRefusedWhenWriting() {
        let bad = ModelFile(kind: "model", header: Data(), tensors: [Tensor(name: "w", shape: [2, 2], values: [1])])
        XCTAssertNotNil(message { _ = try bad.encoded() })
    }
}
