import Corpus

/// Streams sentences of Sejong-style analysis lines: one word per line,
/// `아버지가<TAB>아버지/NNG + 가/JKS` (spaces around `+` optional), a blank line after each
/// sentence.
///
/// - A line with three or more tab-separated fields (Sejong corpora put an identifier first)
///   uses its last two as word and analysis.
/// - A line without a tab that starts with `#` or `;` is a comment; `# sent_id = ...` and
///   `# text = ...` before the first word set the sentence's id and text.
/// - A line without a tab of the form `<...>` (`<p>`, `</p>`, `<head>`) ends a sentence.
/// Words are separated by spaces (Sejong has no `SpaceAfter=No`).
public final class SejongReader {
    private let lines: LineReader
    /// File name for messages.
    public var name: String { lines.name }

    /// Reads from `lines`.
    public init(lines: LineReader) {
        self.lines = lines
    }

    /// The next sentence, or nil at end of input.
    /// - Throws: `InputError(.data)` naming file, line and column for a line that is not
    ///   `WORD<TAB>ANALYSIS` or an analysis that cannot be read; `.io` on read errors.
    public func next() throws -> AnalyzedSentence? {
        var id: String? = nil, text: String? = nil
        var words: [AnalyzedWord] = []
        while let line = try lines.nextLine() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if words.isEmpty { continue }
                break
            }
            if !line.contains("\t") {
                if line.hasPrefix("#") || line.hasPrefix(";") {
                    // `# = x` has its ` = ` before the key would start: no key, not a crash.
                    if words.isEmpty, line.hasPrefix("# "), let equals = line.firstRange(of: " = "),
                       line.index(line.startIndex, offsetBy: 2) <= equals.lowerBound {
                        let key = line[line.index(line.startIndex, offsetBy: 2)..<equals.lowerBound]
                        let value = String(line[equals.upperBound...])
                        if key == "sent_id" { id = value }
                        if key == "text" { text = Normalization.composingHangul(value) }
                    }
                    continue
                }
                if line.hasPrefix("<") && line.hasSuffix(">") {
                    if words.isEmpty { continue }
                    break
                }
                throw InputError(.data, file: lines.name, line: lines.lineNumber,
                                 "expected WORD<TAB>ANALYSIS such as '아버지가<TAB>아버지/NNG + 가/JKS'")
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let form = Normalization.composingHangul(String(fields[fields.count - 2]))
            let analysis = Normalization.composingHangul(String(fields[fields.count - 1]))
            guard !form.isEmpty else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber, column: fields.count - 1,
                                 "empty word before the analysis")
            }
            let (parsed, offset) = AnalysisNotation.parseSejong(analysis)
            guard let morphemes = parsed else {
                throw InputError(.data, file: lines.name, line: lines.lineNumber, column: fields.count,
                                 "cannot read the analysis near character \(offset + 1): write FORM/TAG " +
                                 "pieces joined by '+', e.g. 아버지/NNG + 가/JKS")
            }
            words.append(AnalyzedWord(form: form, morphemes: morphemes, spaceAfter: true, line: lines.lineNumber))
        }
        if words.isEmpty { return nil }
        return AnalyzedSentence(id: id, text: text, words: words)
    }

    /// Drops the rest of a sentence whose line `next()` could not read: every line up to the
    /// next blank line or `<...>` line.
    /// - Throws: `InputError(.io)` when reading fails.
    public func skipRestOfSentence() throws {
        _ = try lines.skipToBlankLine(stop: { !$0.contains("\t") && $0.hasPrefix("<") && $0.hasSuffix(">") })
    }

    /// The Sejong text of a sentence: `# sent_id` and `# text` comments when known, one
    /// `WORD<TAB>ANALYSIS` line per word, a blank line.
    public static func format(_ sentence: AnalyzedSentence) -> String {
        var text = ""
        if let id = sentence.id { text += "# sent_id = " + id + "\n" }
        text += "# text = " + (sentence.text ?? sentence.surfaceText) + "\n"
        for word in sentence.words {
            text += word.form + "\t" + AnalysisNotation.sejong(word.morphemes) + "\n"
        }
        return text + "\n"
    }
}
