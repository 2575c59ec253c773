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

    /// Reads and checks the file at `path`. From a regular file the tensors are read straight
    /// into their arrays (the file is never held in memory whole: a 16 MB model costs 16 MB, not
    /// 32); anything else (a pipe) is read whole first.
    /// - Throws: `InputError(.model)` naming `path` for a missing, empty, foreign, newer,
    ///   truncated or corrupt file; `InputError(.io)` when it exists but cannot be read.
    public static func read(path: String) throws -> ModelFile {
        guard let isDirectory = FileStatus.isDirectory(path) else {
            throw InputError(.model, file: path, "no such model file")
        }
        if isDirectory {
            throw InputError(.model, file: path, "is a directory, expected a model file")
        }
        do {
            guard FileStatus.isRegularFile(path) == true else {
                return try decode(bytes: try FileContents.bytes(path: path))
            }
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw InputError(.io, "cannot read the model file") }
            defer { close(fd) }
            guard let size = FileStatus.size(path) else { throw InputError(.io, "cannot read the model file") }
            return try decode(length: size) { target, count in
                while true {
                    let n = Glibc.read(fd, target, count)
                    if n >= 0 { return n }
                    if errno != EINTR { throw InputError(.io, "cannot read the model file") }
                }
            }
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
        var offset = 0
        return try decode(length: bytes.count) { target, count in
            let n = min(count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress, n > 0 { target.copyMemory(from: base + offset, byteCount: n) }
            }
            offset += n
            return n
        }
    }

    /// Decodes and checks a file of `length` bytes whose bytes `fill` delivers in order (it
    /// copies up to `count` bytes to `target` and returns how many; 0 at the end).
    ///
    /// Checks, in this order: empty, magic, too short, version, declared length, then the
    /// structure and the checksum as the bytes stream by; a file whose checksum does not match
    /// is reported as corrupt even when its structure broke first.
    static func decode(length: Int,
                       fill: @escaping (UnsafeMutableRawPointer, Int) throws -> Int) throws -> ModelFile {
        if length == 0 {
            throw InputError(.model, "empty file (0 bytes), not a BIOTagger model; train one with biotag train")
        }
        var reader = StreamReader(length: length, fill: fill)
        let start = try reader.peek(min(length, preambleSize))
        let magicLength = min(start.count, magic.count)
        guard Array(start[0..<magicLength]) == Array(magic[0..<magicLength]) else {
            throw InputError(.model, "not a BIOTagger model (it does not start with \"BIOTAGGR\")")
        }
        guard length >= preambleSize + 8 else {
            throw InputError(.model, "truncated model file: only \(length) bytes; copy or train it again")
        }
        let version = littleEndian(start[8..<12])
        if version > UInt64(currentVersion) {
            throw InputError(.model, "model format version \(version) is newer than this biotag reads "
                             + "(\(currentVersion)); update biotag")
        }
        if version == 0 {
            throw InputError(.model, "corrupt model file: format version 0; copy or train it again")
        }
        let declared = littleEndian(start[12..<20])
        if declared > UInt64(length) {
            throw InputError(.model, "truncated model file: \(length) of \(declared) bytes; "
                             + "copy or train it again")
        }
        reader.hasher = ChecksumHasher(version: UInt32(version))
        var parsed: ModelFile?
        var broken: InputError?
        do {
            _ = try reader.take(preambleSize)
            parsed = try decodeStructure(&reader)
        } catch let error as InputError {
            broken = error
        }
        // The checksum decides first: a damaged file is "corrupt", whatever broke in its structure.
        try reader.skipToEnd()
        let computed = reader.hasher.finish()
        let stored = littleEndian(try reader.checksumBytes())
        if declared != UInt64(length) || stored != computed {
            let detail = declared < UInt64(length)
                ? " (\(UInt64(length) - declared) unexpected bytes at the end)" : ""
            throw InputError(.model, "checksum mismatch: the model file is corrupt\(detail); "
                             + "copy or train it again")
        }
        if let broken { throw broken }
        guard let parsed else { throw StreamReader.pastEnd }
        return parsed
    }

    /// Kind, header and tensors, read from just after the preamble up to the checksum.
    private static func decodeStructure(_ reader: inout StreamReader) throws -> ModelFile {
        let kindLength = try reader.u32()
        let kind = try reader.string(Int(kindLength))
        let headerLength = try reader.u64()
        guard headerLength <= UInt64(reader.remaining) else { throw StreamReader.pastEnd }
        let header = Data(try reader.take(Int(headerLength)))
        let count = try reader.u32()
        var tensors: [Tensor] = []
        var names = Set<String>()
        for _ in 0..<count {
            let nameLength = try reader.u32()
            let name = try reader.string(Int(nameLength))
            let rank = try reader.u32()
            guard rank <= 8 else { throw StreamReader.pastEnd }
            var shape: [Int] = []
            var product: UInt64 = 1
            for _ in 0..<rank {
                let dimension = try reader.u64()
                guard dimension <= UInt64(reader.length) else { throw StreamReader.pastEnd }
                shape.append(Int(dimension))
                let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw StreamReader.pastEnd }
                product = next
            }
            guard product <= UInt64(reader.remaining) / 4 else { throw StreamReader.pastEnd }
            let values = try reader.floats(Int(product))
            guard names.insert(name).inserted else {
                throw InputError(.model, "corrupt model file: tensor '\(name)' appears twice")
            }
            tensors.append(Tensor(name: name, shape: shape, values: values))
        }
        guard reader.remaining == 0 else {
            throw InputError(.model, "corrupt model file: \(reader.remaining) stray bytes before the checksum")
        }
        return ModelFile(kind: kind, header: header, tensors: tensors)
    }

    /// The little-endian unsigned integer in `bytes` (at most 8).
    static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The checksum of format `version` over `bytes` (see the type's layout): FNV-1a 64 for
    /// version 1; for version 2 FNV-1a 64 over the little-endian bytes of the eight FNV-1a 64
    /// hashes of the bytes at offsets ≡ 0, 1, …, 7 (mod 8) within `bytes`.
    public static func checksum(_ bytes: ArraySlice<UInt8>, version: UInt32 = currentVersion) -> UInt64 {
        var hasher = ChecksumHasher(version: version)
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finish()
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

/// A file's checksum (`ModelFile.checksum`) computed over its bytes as they arrive, in pieces
/// of any size.
struct ChecksumHasher {
    static let prime: UInt64 = 0x0000_0100_0000_01b3
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    let version: UInt32
    /// Version 2: the eight lane hashes (bytes at positions ≡ k mod 8 in lane k); version 1:
    /// lane 0 alone.
    private var lanes = [UInt64](repeating: ChecksumHasher.offsetBasis, count: 8)
    /// Bytes hashed so far.
    private var position = 0

    init(version: UInt32) {
        self.version = version
    }

    /// Hashes `bytes`, the next bytes of the file.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let prime = ChecksumHasher.prime
        guard version >= 2 else {
            var hash = lanes[0]
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
            lanes[0] = hash
            position += bytes.count
            return
        }
        var i = 0
        while i < bytes.count && (position + i) % 8 != 0 {
            let k = (position + i) % 8
            lanes[k] = (lanes[k] ^ UInt64(bytes[i])) &* prime
            i += 1
        }
        // Eight chains in registers: one multiply's latency per eight bytes instead of one per byte.
        var (h0, h1, h2, h3) = (lanes[0], lanes[1], lanes[2], lanes[3])
        var (h4, h5, h6, h7) = (lanes[4], lanes[5], lanes[6], lanes[7])
        while i + 8 <= bytes.count {
            h0 = (h0 ^ UInt64(bytes[i])) &* prime
            h1 = (h1 ^ UInt64(bytes[i + 1])) &* prime
            h2 = (h2 ^ UInt64(bytes[i + 2])) &* prime
            h3 = (h3 ^ UInt64(bytes[i + 3])) &* prime
            h4 = (h4 ^ UInt64(bytes[i + 4])) &* prime
            h5 = (h5 ^ UInt64(bytes[i + 5])) &* prime
            h6 = (h6 ^ UInt64(bytes[i + 6])) &* prime
            h7 = (h7 ^ UInt64(bytes[i + 7])) &* prime
            i += 8
        }
        (lanes[0], lanes[1], lanes[2], lanes[3]) = (h0, h1, h2, h3)
        (lanes[4], lanes[5], lanes[6], lanes[7]) = (h4, h5, h6, h7)
        while i < bytes.count {
            let k = (position + i) % 8
            lanes[k] = (lanes[k] ^ UInt64(bytes[i])) &* prime
            i += 1
        }
        position += bytes.count
    }

    /// The checksum of every byte hashed so far.
    func finish() -> UInt64 {
        guard version >= 2 else { return lanes[0] }
        var combined: [UInt8] = []
        for lane in lanes { withUnsafeBytes(of: lane.littleEndian) { combined.append(contentsOf: $0) } }
        return ModelFile.fnv1a(combined[...])
    }
}

/// A model file's bytes read in order, through a small buffer, each hashed once as it is
/// consumed (`hasher`); tensor values go from the source straight into their arrays. Reads past
/// the checksum (`length - 8`) become a "corrupt" model error, a source that ends early a
/// "truncated" one.
private struct StreamReader {
    static let pastEnd = InputError(.model, "corrupt model file: a length field points past the end; "
                                    + "copy or train it again")
    /// The file's length in bytes.
    let length: Int
    /// Where the checksum starts: the end of the hashed bytes.
    let end: Int
    let fill: (UnsafeMutableRawPointer, Int) throws -> Int
    var hasher = ChecksumHasher(version: ModelFile.currentVersion)
    /// Bytes consumed (hashed) so far.
    private(set) var position = 0
    /// Bytes read from the source but not consumed yet.
    private var buffered: [UInt8] = []
    private var bufferedStart = 0
    static let chunk = 1 << 16

    init(length: Int, fill: @escaping (UnsafeMutableRawPointer, Int) throws -> Int) {
        self.length = length
        self.end = max(length - 8, 0)
        self.fill = fill
    }

    /// Bytes left before the checksum.
    var remaining: Int { end - position }

    /// Reads from the source until `count` bytes are buffered; a source that ends first is a
    /// truncated file.
    private mutating func buffer(_ count: Int) throws {
        if bufferedStart > 0 {
            buffered.removeFirst(bufferedStart)
            bufferedStart = 0
        }
        guard buffered.count < count else { return }
        // A chunk at a time, but never past the end of the file (a small file is read at once).
        let old = buffered.count
        let want = max(count - old, min(StreamReader.chunk, length - position - old))
        buffered.append(contentsOf: repeatElement(0, count: want))
        var filled = 0
        while old + filled < count {
            let n = try buffered.withUnsafeMutableBytes { try fill($0.baseAddress! + old + filled, want - filled) }
            if n <= 0 {
                buffered.removeLast(want - filled)
                throw InputError(.model, "truncated model file: it ended while being read; copy or train it again")
            }
            filled += n
        }
        buffered.removeLast(want - filled)
    }

    /// The next `count` bytes without consuming them (fewer if the file is shorter).
    mutating func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        try buffer(min(count, length - position))
        return buffered[bufferedStart..<(bufferedStart + min(count, buffered.count - bufferedStart))]
    }

    /// Consumes and hashes the next `count` bytes, which must lie before the checksum.
    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw StreamReader.pastEnd }
        if buffered.count - bufferedStart < count { try buffer(count) }
        let slice = buffered[bufferedStart..<(bufferedStart + count)]
        slice.withUnsafeBytes { hasher.update($0) }
        bufferedStart += count
        position += count
        return slice
    }

    mutating func u32() throws -> UInt32 { UInt32(ModelFile.littleEndian(try take(4))) }

    mutating func u64() throws -> UInt64 { ModelFile.littleEndian(try take(8)) }

    mutating func string(_ count: Int) throws -> String {
        guard let text = String(validating: Array(try take(count)), as: UTF8.self) else {
            throw InputError(.model, "corrupt model file: a name is not UTF-8")
        }
        return text
    }

    /// `count` little-endian float32 values; the caller has checked they lie before the checksum.
    mutating func floats(_ count: Int) throws -> [Float] {
        let bytes = 4 * count
        guard count >= 0, bytes <= remaining else { throw StreamReader.pastEnd }
        // Allocated without zeroing: every byte is written before the array is used.
        var values = try [Float](unsafeUninitializedCapacity: count) { target, initialized in
            let raw = UnsafeMutableRawBufferPointer(target)
            guard let base = raw.baseAddress else { return }
            StreamReader.adviseHugePages(base, bytes)
            let ready = min(buffered.count - bufferedStart, bytes)
            buffered.withUnsafeBytes { source in
                if ready > 0 { base.copyMemory(from: source.baseAddress! + bufferedStart, byteCount: ready) }
            }
            bufferedStart += ready
            var done = ready
            while done < bytes {
                let n = try fill(base + done, bytes - done)
                if n <= 0 {
                    throw InputError(.model, "truncated model file: it ended while being read; copy or train it again")
                }
                done += n
            }
            hasher.update(UnsafeRawBufferPointer(raw))
            initialized = count
        }
        position += bytes
        #if !_endian(little)
        for i in values.indices { values[i] = Float(bitPattern: UInt32(littleEndian: values[i].bitPattern)) }
        #endif
        return values
    }

    /// Asks the kernel to back the 2 MiB-aligned part of a large, not yet touched buffer with
    /// huge pages: a window-feature table of 15 MB then takes a few page faults instead of
    /// thousands, a large part of a model's start-up. Only a hint; nothing changes where the
    /// kernel declines it.
    static func adviseHugePages(_ base: UnsafeMutableRawPointer, _ bytes: Int) {
        #if os(Linux)
        let huge = 1 << 21
        guard bytes >= 2 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let stop = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        guard stop > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, stop - start, MADV_HUGEPAGE)
        #endif
    }

    /// Consumes and hashes every byte left before the checksum.
    mutating func skipToEnd() throws {
        while remaining > 0 { _ = try take(min(remaining, StreamReader.chunk)) }
    }

    /// The 8 checksum bytes at the end of the file (not hashed).
    mutating func checksumBytes() throws -> ArraySlice<UInt8> {
        try buffer(8)
        let slice = buffered[bufferedStart..<(bufferedStart + 8)]
        bufferedStart += 8
        return slice
    }
}
