import Glibc

/// C `printf`-style formatting of numbers (what `String(format:)` did, without loading the
/// Foundation library): `CFormat.string("%.2f", x)`, `CFormat.string("%6.2f%%", x)`.
///
/// Arguments are numbers only (`Double`, `Int`, `Int32`...); pass a Swift `Int` with `%ld`.
/// Strings go into the pattern by interpolation, escaped as `%%` where they may hold `%`.
/// Output longer than 255 bytes is cut there.
public enum CFormat {
    /// The formatted text.
    public static func string(_ pattern: String, _ arguments: CVarArg...) -> String {
        String(decoding: bytes(pattern, arguments), as: UTF8.self)
    }

    /// The formatted text as UTF-8 bytes.
    public static func bytes(_ pattern: String, _ arguments: [CVarArg]) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 256)
        let written = withVaList(arguments) { list in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 256, pattern, list) }
        }
        let length = Int(max(0, min(written, 255)))
        return buffer[0..<length].map { UInt8(bitPattern: $0) }
    }
}
