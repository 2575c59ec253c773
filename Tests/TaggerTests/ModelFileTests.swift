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

    func testBytesDeliveredInAnyPiecesDecodeAlike() throws {
        // A tensor larger than the reader's buffer goes from the source straight into its array.
        var file = sample()
        file.tensors.append(Tensor(name: "large", shape: [100, 201],
                                   values: (0..<(100 * 201)).map { Float($0 % 977) - 0.5 }))
        for version: UInt32 in [1, 2] {
            let bytes = [UInt8](try file.encoded(version: version))
            for most in [1, 3, 7, 4096, 1 << 20] {
                var offset = 0
                let decoded = try ModelFile.decode(length: bytes.count) { target, count in
                    let n = min(count, most, bytes.count - offset)
                    for i in 0..<n { target.storeBytes(of: bytes[offset + i], toByteOffset: i, as: UInt8.self) }
                    offset += n
                    return n
                }
                XCTAssertEqual(decoded, file, "version \(version), pieces of \(most) bytes")
            }
        }
        let path = NSTemporaryDirectory() + "/modelfile-large-\(getpid()).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try file.write(to: path)
        XCTAssertEqual(try ModelFile.read(path: path), file)
    }

    func testASourceEndingEarlyIsATruncatedFile() throws {
        // The length said (a file that shrank while being read) is more than the source delivers.
        let bytes = [UInt8](try sample().encoded())
        for available in [0, 10, ModelFile.preambleSize + 3, bytes.count / 2, bytes.count - 1] {
            var offset = 0
            let text = message {
                _ = try ModelFile.decode(length: bytes.count) { target, count in
                    let n = min(count, available - offset)
                    for i in 0..<n { target.storeBytes(of: bytes[offset + i], toByteOffset: i, as: UInt8.self) }
                    offset += n
                    return n
                }
            }
            XCTAssertTrue(text?.contains("truncated") ?? false, "\(available): \(text ?? "accepted")")
        }
    }

    func testAModelReadFromAPipe() throws {
        // A FIFO has no size to stream against: it is read whole, then decoded.
        let file = sample()
        let bytes = [UInt8](try file.encoded())
        let path = NSTemporaryDirectory() + "/modelfile-fifo-\(getpid())"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { unlink(path) }
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            bytes.withUnsafeBytes { raw in _ = write(fd, raw.baseAddress, raw.count) }
            close(fd)
        }
        writer.start()
        XCTAssertEqual(try ModelFile.read(path: path), file)
    }

    func testChecksumHashedInPiecesEqualsTheWhole() {
        let bytes = (0..<5003).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ $0 / 3) }
        var generator = SystemRandomNumberGenerator()
        for version: UInt32 in [1, 2] {
            for _ in 0..<20 {
                var hasher = ChecksumHasher(version: version)
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 0...37, using: &generator))
                    bytes[start..<end].withUnsafeBytes { hasher.update($0) }
                    start = end
                }
                XCTAssertEqual(hasher.finish(), ModelFile.checksum(bytes[...], version: version))
            }
        }
    }

    func testVersionOneFilesStillRead() throws {
        let file = sample()
        let old = [UInt8](try file.encoded(version: 1))
        XCTAssertEqual(old[8], 1)
        XCTAssertEqual(try ModelFile.decode(Data(old)), file)
        XCTAssertNotEqual(old, [UInt8](try file.encoded()), "version 2 must use its own checksum")
        for index in stride(from: ModelFile.preambleSize, to: old.count, by: 7) {
            var copy = old
            copy[index] ^= 0x10
            XCTAssertTrue(message { _ = try ModelFile.decode(Data(copy)) }?.contains("checksum") ?? false)
        }
    }

    func testChecksumsMatchTheirDefinitions() {
        let bytes = (0..<1003).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ $0 / 5) }
        func fnv(_ data: [UInt8]) -> UInt64 {
            data.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }
        XCTAssertEqual(ModelFile.checksum(bytes[...], version: 1), fnv(bytes))
        for count in [0, 1, 7, 8, 9, 1003] {
            let part = Array(bytes.prefix(count))
            var laneBytes: [UInt8] = []
            for lane in 0..<8 {
                let hash = fnv(part.enumerated().filter { $0.offset % 8 == lane }.map(\.element))
                laneBytes += (0..<8).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) }
            }
            XCTAssertEqual(ModelFile.checksum(part[...], version: 2), fnv(laneBytes), "\(count) bytes")
        }
        // A slice not starting at index 0 hashes by position within the slice.
        XCTAssertEqual(ModelFile.checksum(bytes[5...], version: 2), ModelFile.checksum(Array(bytes[5...])[...]))
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
        bytes[8] = UInt8(ModelFile.currentVersion + 1)
        let newer = message { _ = try ModelFile.decode(Data(bytes)) }
        XCTAssertTrue(newer?.contains("version \(ModelFile.currentVersion + 1) is newer") ?? false, newer ?? "")
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
