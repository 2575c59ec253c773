import Corpus

/// The annotated-file formats `biotag train` and `biotag eval --model` read.
public enum InputFormat: String, Codable, Sendable, CaseIterable {
    /// Whitespace-separated columns, token first and label last (CoNLL-2003, 2-column
    /// token/label files); blank lines end sentences; `-DOCSTART-` lines are skipped.
    case conll
    /// KLUE NER tsv: `##` comment lines, one character and its label per line separated by a
    /// tab, the space character being a token of its own.
    case klue
    /// CoNLL-U (UD); syllable labels are built from LEMMA/XPOS (`--labels pos|seg`).
    case conllu
    /// Sejong-style morpheme analyses: `WORD<TAB>morph/TAG+morph/TAG` per line (an optional
    /// leading id column), blank lines between sentences.
    case sejong
    /// Syllable BIO as `biotag convert --to bio` writes it: `# sent_id`/`# text`/`# glued`
    /// comments, then one `token<TAB>label` line per syllable (`▁` for a space).
    case bio

    /// Guesses the format from the first lines of a file (at most `limit` non-empty lines).
    ///
    /// Rules, first match wins: a line starting with `##` or a tab-separated line whose token
    /// is a single space means `klue`; a 10-column tab-separated line with a numeric ID means
    /// `conllu`; `# sent_id`/`# text`/`# glued` comments before 2-column token lines mean `bio`
    /// (before anything else, `conllu`); lines whose last tab-separated field reads `form/TAG`
    /// joined by `+` mean `sejong`; anything else is `conll`.
    public static func detect(lines: [String]) -> InputFormat {
        var sejongLines = 0
        var dataLines = 0
        var sentenceComments = false
        for line in lines where !line.trimmingWhitespace.isEmpty {
            if line.hasPrefix("##") { return .klue }
            if line.hasPrefix("# sent_id") || line.hasPrefix("# text") || line.hasPrefix("# glued") {
                sentenceComments = true
            }
            if line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 2 && fields[0] == " " { return .klue }
            if fields.count == 10, isConlluID(fields[0]) { return .conllu }
            if sentenceComments && fields.count == 2 { return .bio }
            dataLines += 1
            if fields.count >= 2, let last = fields.last, isMorphemeAnalysis(last) { sejongLines += 1 }
        }
        if sentenceComments && dataLines == 0 { return .conllu }
        if dataLines > 0 && sejongLines * 2 > dataLines { return .sejong }
        return .conll
    }

    /// Reads up to `limit` lines of `path` and detects its format (see `detect(lines:)`).
    /// - Throws: `InputError(.io)` when the file cannot be read; `.data` for invalid UTF-8.
    public static func detect(path: String, limit: Int = 200) throws -> InputFormat {
        let reader = try LineReader(path: path)
        var lines: [String] = []
        while lines.count < limit, let line = try reader.nextLine() { lines.append(line) }
        return detect(lines: lines)
    }

    private static func isConlluID(_ field: Substring) -> Bool {
        !field.isEmpty && field.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }
            && field.first?.isNumber == true
    }

    /// `form/TAG(+form/TAG)*` with upper-case ASCII tags (Sejong), spaces around `+` allowed.
    static func isMorphemeAnalysis(_ field: Substring) -> Bool {
        let pieces = field.split(separator: "+", omittingEmptySubsequences: true)
        guard !pieces.isEmpty else { return false }
        for piece in pieces {
            let trimmed = piece.trimmingWhitespace
            guard let slash = trimmed.lastIndex(of: "/"), slash != trimmed.startIndex else {
                // A literal '+' morpheme splits into an empty piece; tolerate "+/SW".
                if trimmed.hasPrefix("/") { continue }
                return false
            }
            let tag = trimmed[trimmed.index(after: slash)...]
            guard !tag.isEmpty, tag.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                return false
            }
        }
        return true
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingWhitespace: Substring {
        let scalars = self[...]
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return Substring("") }
        return Substring(scalars[first...last])
    }
}
