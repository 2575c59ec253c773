import Corpus

/// The syllable BIO file: our CoNLL output, one syllable per line.
///
///     # sent_id = train-s1
///     # text = 주었다.
///     # glued = 3
///     주	B-VV
///     었	B-EP
///     다	B-EF
///     .	B-SF
///
/// - Each sentence may start with `# key = value` comment lines (a `#`, a space, then text):
///   `sent_id`, `text` (the exact sentence text) and `glued` (0-based token indexes where a word
///   starts without a space before it, i.e. CoNLL-U `SpaceAfter=No`; the token count means the
///   last word has `SpaceAfter=No`). A token line never starts with `# ` because its first field
///   is one token (a `#` token is `#<TAB>label`).
/// - Token lines: token, TAB, label (readers take the first and the last field, split on tabs,
///   or on spaces when a line has no tab). Tokens follow `SyllableTokenizer`: `▁` is a space,
///   `<U+XXXX>` a literal `▁` or other whitespace.
/// - A blank line ends a sentence.
public enum SyllableBIO {
    /// The text of one sentence in `scheme`, ending with its blank line.
    public static func format(_ sentence: SyllableSentence, scheme: TagScheme) -> String {
        var text = ""
        if let id = sentence.id { text += "# sent_id = " + oneLine(id) + "\n" }
        if let sentenceText = sentence.text { text += "# text = " + oneLine(sentenceText) + "\n" }
        if !sentence.glued.isEmpty {
            text += "# glued = " + sentence.glued.map(String.init).joined(separator: " ") + "\n"
        }
        let labels = sentence.labels(in: scheme)
        for (token, label) in zip(sentence.tokens, labels) {
            text += token
            text += "\t"
            text += label
            text += "\n"
        }
        return text + "\n"
    }

    private static func oneLine(_ text: String) -> String {
        text.contains(where: { $0 == "\n" || $0 == "\r" })
            ? text.replacing("\r", with: " ").replacing("\n", with: " ") : text
    }
}

/// Streams sentences from a syllable BIO file (see `SyllableBIO`); labels in any scheme.
public final class SyllableBIOReader {
    private let lines: LineReader
    /// File name for messages.
    public var name: String { lines.name }

    /// Reads from `lines`.
    public init(lines: LineReader) {
        self.lines = lines
    }

    /// The next sentence, or nil at end of input. Labels are read leniently
    /// (`SyllableSentence.init(tokens:labels:)`).
    /// - Throws: `InputError(.data)` naming file and line for a token line with one field or a
    ///   malformed `# glued` comment; `.io` on read errors.
    public func next() throws -> SyllableSentence? {
        guard let raw = try nextRaw() else { return nil }
        return SyllableSentence(id: raw.id, text: raw.text, tokens: raw.tokens, labels: raw.labels, glued: raw.glued)
    }

    /// The next sentence as read, labels untouched, with the line of each token.
    public func nextRaw() throws -> (id: String?, text: String?, tokens: [String], labels: [String],
                                     glued: [Int], lineNumbers: [Int])? {
        var id: String? = nil, text: String? = nil
        var glued: [Int] = []
        var tokens: [String] = [], labels: [String] = [], numbers: [Int] = []
        var sawComment = false
        while let line = try lines.nextLine() {
            let utf8 = line.utf8
            if utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if tokens.isEmpty { continue }
                break
            }
            let isComment = utf8.count >= 2 && utf8.first == 0x23          // "# "
                && utf8[utf8.index(after: utf8.startIndex)] == 0x20
            if tokens.isEmpty && isComment {
                sawComment = true
                let body = line.dropFirst(2)
                guard let equals = body.utf8.firstIndex(of: 0x3D) else { continue }   // "="
                var key = body[..<equals]
                while key.last == " " { key.removeLast() }
                var value = body[body.index(after: equals)...]
                if value.first == " " { value.removeFirst() }
                switch key {
                case "sent_id": id = String(value)
                case "text": text = String(value)
                case "glued":
                    for item in value.split(separator: " ") {
                        guard let n = Int(item), n >= 0 else {
                            throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                             "'# glued' lists token indexes (0, 1, ...), got '\(item)'")
                        }
                        glued.append(n)
                    }
                default: break
                }
                continue
            }
            let token: Substring, label: Substring
            if let firstTab = utf8.firstIndex(of: 0x09), let lastTab = utf8.lastIndex(of: 0x09) {
                token = line[..<firstTab]
                label = line[line.utf8.index(after: lastTab)...]
            } else {
                let fields = line.split(separator: " ")
                guard fields.count >= 2, let first = fields.first, let last = fields.last else {
                    throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                     "a token line needs a token and a label separated by a tab")
                }
                token = first
                label = last
            }
            guard !token.isEmpty, !label.isEmpty else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                 "a token line needs a token and a label separated by a tab")
            }
            tokens.append(String(token))
            labels.append(String(label))
            numbers.append(lines.lineNumber)
        }
        if tokens.isEmpty && !sawComment { return nil }
        if tokens.isEmpty {
            return (id, text, [], [], glued, [])
        }
        return (id, text, tokens, labels, glued.sorted(), numbers)
    }

    /// Drops the rest of a sentence whose line `nextRaw()` could not read: every line up to
    /// the next blank one.
    /// - Throws: `InputError(.io)` when reading fails.
    public func skipRestOfSentence() throws {
        _ = try lines.skipToBlankLine()
    }
}
