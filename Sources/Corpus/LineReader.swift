import FoundationEssentials
import Glibc

/// Reads a text file or standard input one line at a time with flat memory use.
///
/// Lines end at `\n`; a preceding `\r` is dropped (CRLF files), a UTF-8 byte-order mark at the
/// very start is skipped, and the last line need not end with a newline; `lastLineEnding` says
/// how the line just returned ended, so a writer can end its output line the same way. Memory
/// holds one read buffer (64 KiB) plus the current line, so a 1 GB file streams in constant
/// space.
///
/// Each line is decoded as UTF-8. What happens to invalid bytes is the `invalidUTF8` policy.
public final class LineReader {
    /// What to do with a line that is not valid UTF-8.
    public enum InvalidUTF8Policy: Sendable {
        /// Throw an `InputError` naming file and line (the default for training and evaluation data).
        case fail
        /// Replace invalid bytes with U+FFFD and report the line through `onInvalid`.
        case replace
    }

    /// File name for messages: the path, or `<stdin>`.
    public let name: String
    /// Number of the line most recently returned (1-based); 0 before the first.
    public private(set) var lineNumber = 0
    /// The policy for invalid UTF-8.
    public var invalidUTF8: InvalidUTF8Policy
    /// Called with the line number of each line repaired under `.replace`.
    public var onInvalid: ((Int) -> Void)?
    /// How the line most recently returned ended in the input: `"\n"`, `"\r\n"`, `"\r"` (a
    /// carriage return closing the input) or `""` (a last line without a newline). `"\n"` before
    /// the first line.
    public private(set) var lastLineEnding = "\n"

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var pending: [UInt8] = []
    private var checkedBOM = false

    /// Opens `path` for reading; `-` means standard input.
    /// - Throws: `InputError(.io)` when the file is missing, unreadable or a directory.
    public convenience init(path: String, invalidUTF8: InvalidUTF8Policy = .fail) throws {
        if path == "-" {
            self.init(fileDescriptor: 0, name: "<stdin>", invalidUTF8: invalidUTF8)
            return
        }
        guard let isDirectory = FileStatus.isDirectory(path) else {
            throw InputError(.io, file: path, "no such file")
        }
        if isDirectory {
            throw InputError(.io, file: path, "is a directory, expected a text file")
        }
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            throw InputError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        self.init(fileDescriptor: fd, name: path, invalidUTF8: invalidUTF8, owns: true)
    }

    /// Reads from an already open descriptor (0 for standard input). It is not closed unless `owns`.
    public init(fileDescriptor: Int32, name: String, invalidUTF8: InvalidUTF8Policy = .fail,
                owns: Bool = false) {
        self.fd = fileDescriptor
        self.name = name
        self.invalidUTF8 = invalidUTF8
        self.ownsDescriptor = owns
        self.buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// The next line's bytes without its terminator, or nil at end of input. Not UTF-8 checked.
    /// - Throws: `InputError(.io)` when reading fails.
    public func nextLineBytes() throws -> [UInt8]? {
        pending.removeAll(keepingCapacity: true)
        while true {
            if start < end {
                let found: Int? = buffer.withUnsafeBufferPointer { p -> Int? in
                    guard let base = p.baseAddress else { return nil }
                    guard let hit = memchr(base + start, 0x0A, end - start) else { return nil }
                    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                if let newline = found {
                    pending.append(contentsOf: buffer[start..<newline])
                    start = newline + 1
                    return finish(terminated: true)
                }
                pending.append(contentsOf: buffer[start..<end])
                start = end
            }
            if atEOF {
                if pending.isEmpty { return nil }
                return finish(terminated: false)
            }
            try fill()
            if end == 0 { atEOF = true }
        }
    }

    /// True when the next `nextLine()` returns without waiting for more input: a whole line is
    /// already buffered, the input has ended, or nothing is buffered and the descriptor has data
    /// ready (`poll` with no timeout), which is then read and holds a whole line. Never blocks.
    /// Lets a caller group the lines that are already there (a file or a fast pipe) while still
    /// answering an interactive line at once.
    /// - Throws: `InputError(.io)` when reading fails.
    public func hasLineReady() throws -> Bool {
        if atEOF { return true }
        if start >= end {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 0) == 1 else { return false }
            try fill()
            if end == 0 {
                atEOF = true
                return true
            }
        }
        return buffer.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return false }
            return memchr(base + start, 0x0A, end - start) != nil
        }
    }

    /// Calls `body` with the next line's bytes (terminator and a trailing `\r` removed, a BOM at
    /// the start of input skipped), without copying when the line lies inside the read buffer.
    /// The bytes are valid only during the call. Not UTF-8 checked. Returns false at end of input.
    /// - Throws: `InputError(.io)` when reading fails, or what `body` throws.
    public func withNextLineBytes(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        if start < end && checkedBOM {
            let done: Bool = try buffer.withUnsafeBufferPointer { p -> Bool in
                guard let base = p.baseAddress,
                      let hit = memchr(base + start, 0x0A, end - start) else { return false }
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var length = newline - start
                lastLineEnding = "\n"
                if length > 0 && base[newline - 1] == 0x0D {
                    length -= 1
                    lastLineEnding = "\r\n"
                }
                let from = start
                start = newline + 1
                lineNumber += 1
                try body(UnsafeBufferPointer(start: base + from, count: length))
                return true
            }
            if done { return true }
        }
        guard let bytes = try nextLineBytes() else { return false }
        try bytes.withUnsafeBufferPointer { try body($0) }
        return true
    }

    /// Drops lines up to and including the next blank one (empty, or spaces and tabs only) or to
    /// the end of input: what a reader calls to go past the rest of a sentence it could not read.
    /// A line `stop` accepts ends the skip too and is returned instead of dropped. Lines that are
    /// not valid UTF-8 are dropped like any other.
    /// - Returns: the line `stop` accepted, or nil at a blank line or the end of input.
    /// - Throws: `InputError(.io)` when reading fails.
    public func skipToBlankLine(stop: (String) -> Bool = { _ in false }) throws -> String? {
        while let bytes = try nextLineBytes() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
            let line = String(decoding: bytes, as: UTF8.self)
            if stop(line) { return line }
        }
        return nil
    }

    /// The next line as a String, or nil at end of input.
    /// - Throws: `InputError(.data)` for invalid UTF-8 under `.fail`; `InputError(.io)` on read errors.
    public func nextLine() throws -> String? {
        guard let bytes = try nextLineBytes() else { return nil }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        switch invalidUTF8 {
        case .fail:
            let offset = LineReader.firstInvalidByte(bytes)
            throw InputError(.data, file: name, line: lineNumber, column: offset + 1,
                             "invalid UTF-8 at byte \(offset + 1) of the line; convert the file to UTF-8")
        case .replace:
            onInvalid?(lineNumber)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Offset of the first byte of the first invalid UTF-8 sequence in `bytes` (or `bytes.count`).
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length: Int
            let lowest: UInt32
            switch lead {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2; lowest = 0x80
            case 0xE0...0xEF: length = 3; lowest = 0x800
            case 0xF0...0xF4: length = 4; lowest = 0x10000
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            var scalar = UInt32(lead) & (0xFF >> UInt32(length + 1))
            for k in 1..<length {
                let byte = bytes[i + k]
                guard byte & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < lowest || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return bytes.count
    }

    /// Counts the line in `pending` (ended by a newline when `terminated`, else by the end of
    /// input), drops its trailing `\r` and, at the start of input, a byte-order mark.
    private func finish(terminated: Bool) -> [UInt8] {
        lineNumber += 1
        lastLineEnding = terminated ? "\n" : ""
        if pending.last == 0x0D {
            pending.removeLast()
            lastLineEnding = terminated ? "\r\n" : "\r"
        }
        if !checkedBOM {
            checkedBOM = true
            if pending.count >= 3, pending[0] == 0xEF, pending[1] == 0xBB, pending[2] == 0xBF {
                pending.removeFirst(3)
            }
        }
        return pending
    }

    private func fill() throws {
        start = 0
        end = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.io, file: name, "read failed: \(String(cString: strerror(errno)))")
            }
            end = n
            return
        }
    }
}

/// Standard error output, unbuffered, for messages and progress.
public enum StandardError {
    /// Writes `text` followed by a newline to standard error.
    public static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let n = write(2, base + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
