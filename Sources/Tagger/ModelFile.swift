import Corpus
import FoundationEssentials
import Glibc

/// A named float32 tensor as stored in a model file: `values.count` equals the product of
/// `shape` (an empty shape holds one scalar).
public struct Tensor: Equatable, Sendable {
    /// Unique name inside one file, e.g. `lstm.0.fw.w` or `adam.m.lstm.0.fw.w`.
    public var name: String
    /// Dimensions, outermost first; values are row-major.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values.
    public var values: [Float]

    /// A tensor; `values.count` must equal the product of `shape` (checked when writing).
    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// The binary container behind model and checkpoint files.
///
/// Layout (all integers little-endian):
/// ```
/// magic      8 bytes  "BIOTAGGR"
/// version    u32      format version (this build writes and reads up to `currentVersion`)
/// length     u64      total file length in bytes, checksum included
/// kind       u32 + bytes   what the file holds ("model" or "checkpoint"), UTF-8
/// header     u64 + bytes   a JSON document (hyperparameters, vocabularies, labels, ...)
/// count      u32      number of tensors, then per tensor:
///   name     u32 + bytes   UTF-8
///   rank     u32, then rank × u64 dimensions
///   data     product(dims) × float32
/// checksum   u64      over every byte before it: version 1 FNV-1a 64; version 2 (written
///                     now) FNV-1a 64 of the 8 FNV-1a 64 hashes of the bytes at positions ≡ 0…7
///                     mod 8 (8 independent chains: about 4× faster to check, as strong against
///                     flipped bits and truncation)
/// ```
/// Reading verifies magic, version, length, checksum and structure, in that order, and throws
/// `InputError(.model)` with a one-line reason. Writing goes through `AtomicFile`.
public struct ModelFile: Equatable, Sendable {
    /// The 8 bytes every file starts with.
    public static let magic: [UInt8] = Array("BIOTAGGR".utf8)
    /// The newest format version this build reads; also the version it writes.
    public static let currentVersion: UInt32 = 2
    /// Bytes before the variable part: magic, version, length.
    static let preambleSize = 8 + 4 + 8

    /// What the file holds: `model` for a trained model, `checkpoint` for a training checkpoint.
    public var kind: String
    /// The JSON header, as bytes.
    public var header: Data
    /// The tensors in file order.
    public var tensors: [Tensor]

    /// A container of `kind` with a JSON `header` and `tensors`.
    public init(kind: String, header: Data, tensors: [Tensor]) {
        self.kind = kind
        self.header = header
        self.tensors = tensors
    }

    /// The tensor called `name`, or nil.
    public func tensor(_ name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    // MARK: Writing

    /// The file's bytes.
    /// - Throws: `InputError(.model)` when a tensor's values do not match its shape.
    public func encoded() throws -> Data {
        try encoded(version: ModelFile.currentVersion)
    }

    /// The file's bytes in format `version` (1 or 2: they differ only in the checksum), so that
    /// tests can write the files older versions wrote.
    func encoded(version: UInt32) throws -> Data {
        var out = [UInt8]()
        var capacity = 256 + header.count
        for tensor in tensors { capacity += 16 + tensor.name.utf8.count + 8 * tensor.shape.count + 4 * tensor.values.count }
        out.reserveCapacity(capacity)
        out.append(contentsOf: ModelFile.magic)
        append(version, to: &out)
        append(UInt64(0), to: &out)     // length, patched below
        let kindBytes = Array(kind.utf8)
        append(UInt32(kindBytes.count), to: &out)
        out.append(contentsOf: kindBytes)
        append(UInt64(header.count), to: &out)
        out.append(contentsOf: header)
        append(UInt32(tensors.count), to: &out)
        for tensor in tensors {
            let count = tensor.shape.reduce(1, *)
            guard tensor.shape.allSatisfy({ $0 >= 0 }), count == tensor.values.count else {
                throw InputError(.model, "tensor '\(tensor.name)' has \(tensor.values.count) values "
                                 + "but shape \(tensor.shape)")
            }
            let name = Array(tensor.name.utf8)
            append(UInt32(name.count), to: &out)
            out.append(contentsOf: name)
            append(UInt32(tensor.shape.count), to: &out)
            for dimension in tensor.shape { append(UInt64(dimension), to: &out) }
            tensor.values.withUnsafeBufferPointer { buffer in
                for value in buffer { append(value.bitPattern, to: &out) }
            }
        }
        let total = UInt64(out.count + 8)
        for i in 0..<8 { out[12 + i] = UInt8(truncatingIfNeeded: total >> (8 * UInt64(i))) }
        append(ModelFile.checksum(out[...], version: version), to: &out)
        return Data(out)
    }

    /// Writes the file to `path` atomically (temporary file, fsync, rename).
    /// - Throws: `InputError(.io)` when the folder is missing or not writable.
    public func write(to path: String) throws {
        try AtomicFile.write(try encoded(), to: path)
    }

    // MARK: Reading

    /// Reads and checks the file at `path`.
    /// - Throws: `InputError(.model)` naming `path` for a missing, empty, foreign, newer,
    ///   truncated or corrupt file; `InputError(.io)` when it exists but cannot be read.
    public static func read(path: String) throws -> ModelFile {
        guard let isDirectory = FileStatus.isDirectory(path) else {
            throw InputError(.model, file: path, "no such model file")
        }
        if isDirectory {
            throw InputError(.model, file: path, "is a directory, expected a model file")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileContents.bytes(path: path)
        } catch {
            throw InputError(.io, file: path, "cannot read the model file")
        }
        do {
            return try decode(bytes: bytes)
        } catch var error as InputError {
            error.file = path
            throw error
        }
    }

    /// Decodes and checks file bytes (see `read(path:)` for what is checked).
    /// - Throws: `InputError(.model)` with a one-line reason and no file name.
    public static func decode(_ data: Data) throws -> ModelFile {
        try decode(bytes: [UInt8](data))
    }

    /// Decodes and checks file bytes (see `read(path:)` for what is checked).
    /// - Throws: `InputError(.model)` with a one-line reason and no file name.
    public static func decode(bytes: [UInt8]) throws -> ModelFile {
        if bytes.isEmpty {
            throw InputError(.model, "empty file (0 bytes), not a BIOTagger model; train one with biotag train")
        }
        let magicLength = min(bytes.count, magic.count)
        guard Array(bytes[0..<magicLength]) == Array(magic[0..<magicLength]) else {
            throw InputError(.model, "not a BIOTagger model (it does not start with \"BIOTAGGR\")")
        }
        guard bytes.count >= preambleSize + 8 else {
            throw InputError(.model, "truncated model file: only \(bytes.count) bytes; copy or train it again")
        }
        var reader = ByteReader(bytes: bytes)
        reader.offset = magic.count
        let version = try reader.u32()
        if version > currentVersion {
            throw InputError(.model, "model format version \(version) is newer than this biotag reads "
                             + "(\(currentVersion)); update biotag")
        }
        if version == 0 {
            throw InputError(.model, "corrupt model file: format version 0; copy or train it again")
        }
        let declared = try reader.u64()
        if declared > UInt64(bytes.count) {
            throw InputError(.model, "truncated model file: \(bytes.count) of \(declared) bytes; "
                             + "copy or train it again")
        }
        let stored = bytes[(bytes.count - 8)...].enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        let computed = checksum(bytes[0..<(bytes.count - 8)], version: version)
        if declared != UInt64(bytes.count) || stored != computed {
            let detail = declared < UInt64(bytes.count)
                ? " (\(UInt64(bytes.count) - declared) unexpected bytes at the end)" : ""
            throw InputError(.model, "checksum mismatch: the model file is corrupt\(detail); "
                             + "copy or train it again")
        }
        reader.end = bytes.count - 8
        let kindLength = try reader.u32()
        let kind = try reader.string(Int(kindLength))
        let headerLength = try reader.u64()
        guard headerLength <= UInt64(reader.end - reader.offset) else { throw ByteReader.pastEnd }
        let header = Data(try reader.take(Int(headerLength)))
        let count = try reader.u32()
        var tensors: [Tensor] = []
        var names = Set<String>()
        for _ in 0..<count {
            let nameLength = try reader.u32()
            let name = try reader.string(Int(nameLength))
            let rank = try reader.u32()
            guard rank <= 8 else { throw ByteReader.pastEnd }
            var shape: [Int] = []
            var product: UInt64 = 1
            for _ in 0..<rank {
                let dimension = try reader.u64()
                guard dimension <= UInt64(reader.end) else { throw ByteReader.pastEnd }
                shape.append(Int(dimension))
                let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw ByteReader.pastEnd }
                product = next
            }
            guard product <= UInt64(reader.end - reader.offset) / 4 else { throw ByteReader.pastEnd }
            let values = reader.floats(Int(product))
            guard names.insert(name).inserted else {
                throw InputError(.model, "corrupt model file: tensor '\(name)' appears twice")
            }
            tensors.append(Tensor(name: name, shape: shape, values: values))
        }
        guard reader.offset == reader.end else {
            throw InputError(.model, "corrupt model file: \(reader.end - reader.offset) stray bytes "
                             + "before the checksum")
        }
        return ModelFile(kind: kind, header: header, tensors: tensors)
    }

    /// The checksum of format `version` over `bytes` (see the type's layout): FNV-1a 64 for
    /// version 1; for version 2 FNV-1a 64 over the little-endian bytes of the eight FNV-1a 64
    /// hashes of the bytes at offsets ≡ 0, 1, …, 7 (mod 8) within `bytes`.
    public static func checksum(_ bytes: ArraySlice<UInt8>, version: UInt32 = currentVersion) -> UInt64 {
        if version < 2 { return fnv1a(bytes) }
        let prime: UInt64 = 0x0000_0100_0000_01b3, offset: UInt64 = 0xcbf2_9ce4_8422_2325
        let lanes: [UInt64] = bytes.withUnsafeBufferPointer { buffer in
            // Eight chains in registers: one multiply's latency per eight bytes instead of one per byte.
            var (h0, h1, h2, h3) = (offset, offset, offset, offset)
            var (h4, h5, h6, h7) = (offset, offset, offset, offset)
            var i = 0
            while i + 8 <= buffer.count {
                h0 = (h0 ^ UInt64(buffer[i])) &* prime
                h1 = (h1 ^ UInt64(buffer[i + 1])) &* prime
                h2 = (h2 ^ UInt64(buffer[i + 2])) &* prime
                h3 = (h3 ^ UInt64(buffer[i + 3])) &* prime
                h4 = (h4 ^ UInt64(buffer[i + 4])) &* prime
                h5 = (h5 ^ UInt64(buffer[i + 5])) &* prime
                h6 = (h6 ^ UInt64(buffer[i + 6])) &* prime
                h7 = (h7 ^ UInt64(buffer[i + 7])) &* prime
                i += 8
            }
            var lanes = [h0, h1, h2, h3, h4, h5, h6, h7]
            for k in i..<buffer.count { lanes[k % 8] = (lanes[k % 8] ^ UInt64(buffer[k])) &* prime }
            return lanes
        }
        var combined: [UInt8] = []
        for lane in lanes { withUnsafeBytes(of: lane.littleEndian) { combined.append(contentsOf: $0) } }
        return fnv1a(combined[...])
    }

    /// FNV-1a 64-bit hash of `bytes`.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { out.append(contentsOf: $0) }
    }
}

/// Bounds-checked little-endian reads; an overrun becomes a "corrupt" model error.
private struct ByteReader {
    static let pastEnd = InputError(.model, "corrupt model file: a length field points past the end; "
                                    + "copy or train it again")
    let bytes: [UInt8]
    var offset = 0
    var end: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.end = bytes.count
    }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= end - offset else { throw ByteReader.pastEnd }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func u32() throws -> UInt32 {
        try take(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    mutating func string(_ count: Int) throws -> String {
        let slice = try take(count)
        guard let text = String(validating: Array(slice), as: UTF8.self) else {
            throw InputError(.model, "corrupt model file: a name is not UTF-8")
        }
        return text
    }

    /// `count` float32 values; the caller has checked they fit.
    mutating func floats(_ count: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                #if _endian(little)
                // The file is little-endian like the machine: one copy.
                UnsafeMutableRawBufferPointer(target)
                    .copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: source[offset..<(offset + 4 * count)])))
                #else
                for i in 0..<count {
                    let p = offset + 4 * i
                    let bits = UInt32(source[p]) | UInt32(source[p + 1]) << 8
                        | UInt32(source[p + 2]) << 16 | UInt32(source[p + 3]) << 24
                    target[i] = Float(bitPattern: bits)
                }
                #endif
            }
        }
        offset += 4 * count
        return values
    }
}
