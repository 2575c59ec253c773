import Corpus

/// One sentence of a KLUE NER tsv file.
public struct KlueSentence: Sendable, Equatable {
    /// The identifier from the `## id<TAB>text` header, nil when there was none.
    public var id: String?
    /// KLUE's own marked-up text from the header (informative only: the character lines are
    /// the annotation).
    public var markedText: String?
    /// The characters, one per line, exactly as in the file (a space is `" "`).
    public var characters: [String]
    /// One label per character (BIO over PS, LC, OG, DT, TI, QT).
    public var labels: [String]
    /// The line of each character.
    public var lineNumbers: [Int]

    /// The syllable sentence: characters as tokens (a space becomes `▁` and keeps its label),
    /// chunks from the labels, the text the characters spell.
    public var syllableSentence: SyllableSentence {
        var tokens: [String] = []
        tokens.reserveCapacity(characters.count)
        for character in characters {
            let scalars = character.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first {
                tokens.append(SyllableTokenizer.token(for: scalar))
            } else {
                tokens.append(character)
            }
        }
        return SyllableSentence(id: id, text: characters.joined(), tokens: tokens, labels: labels)
    }
}

/// Streams sentences from KLUE NER tsv (`klue-ner-*.tsv`): `## id<TAB>marked text` header per
/// sentence, then one `<character><TAB><label>` line per character (a space is a real
/// character), a blank line after each sentence. `##` lines not followed by characters (the
/// file's own header lines) are ignored.
public final class KlueReader {
    private let lines: LineReader
    private var pendingHeader: String? = nil
    /// File name for messages.
    public var name: String { lines.name }

    /// Reads from `lines`.
    public init(lines: LineReader) {
        self.lines = lines
    }

    /// The next sentence, or nil at end of input.
    /// - Throws: `InputError(.data)` naming file and line for a character line without a tab,
    ///   with an empty character or an empty label; `.io` on read errors.
    public func next() throws -> KlueSentence? {
        var header = pendingHeader
        pendingHeader = nil
        var characters: [String] = [], labels: [String] = [], numbers: [Int] = []
        while let line = try lines.nextLine() {
            if line.hasPrefix("##") {
                if characters.isEmpty {
                    header = line
                    continue
                }
                pendingHeader = line
                break
            }
            if line.isEmpty {
                if characters.isEmpty { continue }
                break
            }
            guard let tab = line.lastIndex(of: "\t") else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                 "expected CHARACTER<TAB>LABEL (KLUE NER tsv)")
            }
            let character = String(line[..<tab])
            let label = String(line[line.index(after: tab)...])
            guard !character.isEmpty, !label.isEmpty else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                 character.isEmpty ? "empty character before the tab" : "empty label after the tab")
            }
            characters.append(Normalization.composingHangul(character))
            labels.append(label)
            numbers.append(lines.lineNumber)
        }
        if characters.isEmpty { return nil }
        var id: String? = nil, marked: String? = nil
        if let header {
            let body = header.dropFirst(2).drop(while: { $0 == " " })
            if let tab = body.firstIndex(of: "\t") {
                id = String(body[..<tab])
                marked = String(body[body.index(after: tab)...])
            } else {
                id = String(body)
            }
        }
        return KlueSentence(id: id, markedText: marked, characters: characters, labels: labels, lineNumbers: numbers)
    }

    /// Drops the rest of a sentence whose line `next()` could not read: every line up to the
    /// next blank line or `##` header (kept for the next sentence).
    /// - Throws: `InputError(.io)` when reading fails.
    public func skipRestOfSentence() throws {
        pendingHeader = try lines.skipToBlankLine(stop: { $0.hasPrefix("##") })
    }
}
