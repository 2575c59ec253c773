/// The field separator of conlleval's `-d` option, which conlleval passes to Perl's `split` as
/// a regular expression. The default is one space (`/ /`): every single space separates two
/// fields, so two spaces enclose an empty field, a leading space gives an empty first field,
/// and trailing empty fields are dropped — exactly as `split` does.
///
/// Supported regex subset: literal characters; escapes `\t`, `\n`, `\r`, `\f`, `\e`, `\s`, `\S`,
/// `\d`, `\D`, `\w`, `\W` and a backslash before any punctuation; `.`; bracket classes
/// (`[,;]`, `[^ ]`, ranges `a-z`, escapes inside); quantifiers `+`, `*`, `?` after an atom.
/// Groups, alternation and anchors are refused (`Unsupported`), as are patterns that can match
/// the empty string (Perl would then split between characters).
public struct DelimiterPattern: Sendable, Equatable {
    /// Why a `-d` pattern cannot be used.
    public struct Unsupported: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    struct Atom: Sendable, Equatable {
        var bytes: [Bool]          // 256 entries: which bytes match
        var minimum: Int           // 0 or 1
        var repeats: Bool          // + or *
    }

    /// The pattern as given.
    public let source: String
    let atoms: [Atom]
    /// The byte when the pattern is one literal byte (the fast path), else nil.
    let singleByte: UInt8?

    /// One space, conlleval's default.
    public static let space = DelimiterPattern(literalSpace: ())

    private init(literalSpace: Void) {
        source = " "
        atoms = [Atom(bytes: (0...255).map { $0 == 0x20 }, minimum: 1, repeats: false)]
        singleByte = 0x20
    }

    /// Compiles `source`.
    /// - Throws: `Unsupported` for an empty pattern, an unsupported construct, or a pattern that
    ///   can match the empty string.
    public init(_ source: String) throws {
        self.source = source
        let bytes = Array(source.utf8)
        guard !bytes.isEmpty else { throw Unsupported(description: "the delimiter is empty") }
        var atoms: [Atom] = []
        var i = 0
        func set(_ predicate: (UInt8) -> Bool) -> [Bool] { (0...255).map { predicate(UInt8($0)) } }
        func escape(_ c: UInt8) throws -> [Bool] {
            let isSpace: (UInt8) -> Bool = { [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains($0) }
            let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
            let isWord: (UInt8) -> Bool = {
                isDigit($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F
            }
            switch c {
            case UInt8(ascii: "t"): return set { $0 == 0x09 }
            case UInt8(ascii: "n"): return set { $0 == 0x0A }
            case UInt8(ascii: "r"): return set { $0 == 0x0D }
            case UInt8(ascii: "f"): return set { $0 == 0x0C }
            case UInt8(ascii: "e"): return set { $0 == 0x1B }
            case UInt8(ascii: "s"): return set(isSpace)
            case UInt8(ascii: "S"): return set { !isSpace($0) }
            case UInt8(ascii: "d"): return set(isDigit)
            case UInt8(ascii: "D"): return set { !isDigit($0) }
            case UInt8(ascii: "w"): return set(isWord)
            case UInt8(ascii: "W"): return set { !isWord($0) }
            default:
                if (isWord(c) && c != 0x5F) || c >= 0x80 {
                    let escape = "\\" + String(Character(Unicode.Scalar(c)))
                    throw Unsupported(description: "the escape \(escape) is not supported in -d")
                }
                return set { $0 == c }
            }
        }
        while i < bytes.count {
            let c = bytes[i]
            var matching: [Bool]
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else {
                    throw Unsupported(description: "the delimiter ends with a backslash")
                }
                matching = try escape(bytes[i + 1])
                i += 2
            case UInt8(ascii: "."):
                matching = set { $0 != 0x0A }
                i += 1
            case UInt8(ascii: "["):
                var j = i + 1
                var negate = false
                if j < bytes.count && bytes[j] == UInt8(ascii: "^") { negate = true; j += 1 }
                var members = [Bool](repeating: false, count: 256)
                var first = true
                var previous: UInt8?
                while j < bytes.count && (bytes[j] != UInt8(ascii: "]") || first) {
                    first = false
                    var single: UInt8?
                    if bytes[j] == UInt8(ascii: "\\") {
                        guard j + 1 < bytes.count else { break }
                        let escaped = try escape(bytes[j + 1])
                        for b in 0..<256 where escaped[b] { members[b] = true }
                        if escaped.filter({ $0 }).count == 1, let b = escaped.firstIndex(of: true) {
                            single = UInt8(b)
                        }
                        j += 2
                    } else if bytes[j] == UInt8(ascii: "-"), let low = previous, j + 1 < bytes.count,
                              bytes[j + 1] != UInt8(ascii: "]") {
                        let high = bytes[j + 1]
                        if high >= low { for b in low...high { members[Int(b)] = true } }
                        j += 2
                        previous = nil
                        continue
                    } else {
                        members[Int(bytes[j])] = true
                        single = bytes[j]
                        j += 1
                    }
                    previous = single
                }
                guard j < bytes.count else { throw Unsupported(description: "unterminated [ in the delimiter") }
                matching = negate ? members.map { !$0 } : members
                i = j + 1
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"),
                 UInt8(ascii: "$"), UInt8(ascii: "{"), UInt8(ascii: "+"), UInt8(ascii: "*"),
                 UInt8(ascii: "?"):
                throw Unsupported(description: "'\(Character(Unicode.Scalar(c)))' in the delimiter is a regex " +
                                  "construct biotag does not support; escape it with a backslash " +
                                  "for the character")
            default:
                matching = set { $0 == c }
                i += 1
            }
            var atom = Atom(bytes: matching, minimum: 1, repeats: false)
            if i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "+"): atom.repeats = true; i += 1
                case UInt8(ascii: "*"): atom.repeats = true; atom.minimum = 0; i += 1
                case UInt8(ascii: "?"): atom.minimum = 0; i += 1
                default: break
                }
                if i < bytes.count, [UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "?"),
                                      UInt8(ascii: "{")].contains(bytes[i]) {
                    throw Unsupported(description: "nested or counted quantifiers are not supported in -d")
                }
            }
            atoms.append(atom)
        }
        guard atoms.contains(where: { $0.minimum > 0 }) else {
            throw Unsupported(description: "the delimiter can match an empty string")
        }
        self.atoms = atoms
        if atoms.count == 1, atoms[0].minimum == 1, !atoms[0].repeats,
           atoms[0].bytes.filter({ $0 }).count == 1, let b = atoms[0].bytes.firstIndex(of: true) {
            singleByte = UInt8(b)
        } else {
            singleByte = nil
        }
    }

    /// Length of the match starting exactly at `position`, or nil (greedy with backtracking).
    func match(_ line: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        func step(_ atom: Int, _ at: Int) -> Int? {
            if atom == atoms.count { return at }
            let a = atoms[atom]
            var count = 0
            let limit = a.repeats ? Int.max : 1
            while count < limit && at + count < line.count && a.bytes[Int(line[at + count])] { count += 1 }
            while count >= a.minimum {
                if let end = step(atom + 1, at + count) { return end }
                count -= 1
            }
            return nil
        }
        return step(0, position).map { $0 - position }
    }

    /// Field boundaries of `line` as Perl's `split` gives them, trailing empty fields removed:
    /// appends `(start, end)` byte offsets to `fields` (cleared first).
    func split(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [(Int, Int)]) {
        fields.removeAll(keepingCapacity: true)
        var fieldStart = 0
        if let byte = singleByte {
            for i in 0..<line.count where line[i] == byte {
                fields.append((fieldStart, i))
                fieldStart = i + 1
            }
        } else {
            var i = 0
            while i < line.count {
                if let length = match(line, at: i), length > 0 {
                    fields.append((fieldStart, i))
                    i += length
                    fieldStart = i
                } else {
                    i += 1
                }
            }
        }
        fields.append((fieldStart, line.count))
        while let last = fields.last, last.0 == last.1 { fields.removeLast() }
    }

    /// What conlleval needs of a line: the field count and the first and last two fields
    /// (byte ranges; unused ones are empty). Same fields as `split`, without building the list
    /// for a one-byte delimiter.
    struct LineFields {
        var count: Int
        var first: (Int, Int)
        var secondLast: (Int, Int)
        var last: (Int, Int)
    }

    /// The `LineFields` of `line`; `scratch` is reused storage for the general path.
    @inline(__always)
    func lineFields(_ line: UnsafeBufferPointer<UInt8>, scratch: inout [(Int, Int)]) -> LineFields {
        guard let delimiter = singleByte else {
            split(line, into: &scratch)
            let n = scratch.count
            return LineFields(count: n, first: n > 0 ? scratch[0] : (0, 0),
                              secondLast: n > 1 ? scratch[n - 2] : (0, 0), last: n > 0 ? scratch[n - 1] : (0, 0))
        }
        var end = line.count
        while end > 0 && line[end - 1] == delimiter { end -= 1 }
        if end == 0 { return LineFields(count: 0, first: (0, 0), secondLast: (0, 0), last: (0, 0)) }
        var count = 1
        var firstDelimiter = -1, lastDelimiter = -1, previousDelimiter = -1
        for i in 0..<end where line[i] == delimiter {
            count += 1
            if firstDelimiter < 0 { firstDelimiter = i }
            previousDelimiter = lastDelimiter
            lastDelimiter = i
        }
        return LineFields(count: count, first: (0, firstDelimiter < 0 ? end : firstDelimiter),
                          secondLast: count >= 2 ? (previousDelimiter + 1, lastDelimiter) : (0, 0),
                          last: (lastDelimiter + 1, end))
    }
}
