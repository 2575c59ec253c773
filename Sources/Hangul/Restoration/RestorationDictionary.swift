import Corpus
import FoundationEssentials
import Glibc

/// Maps a fused syllable and its composite chunk type to the morphemes it stands for, with
/// counts: (`했`, `XSV+EP`) -> 하/XSV + 았/EP. Built while labelling a training corpus
/// (`MorphemeLabeling`), used when decoding labels back to morphemes (`MorphemeDecoder`).
///
/// Counts are kept per context, the syllable before in the same word (`<w>` at a word start),
/// because the corpus's restorations depend on it: in UD Korean GSD `했` after `못` continues
/// the stem 못하 (못하 + 았) while `했` after `전` is 하 + 았 of 전 + 하, and `여` `VV+EC` is
/// 이 + 어 after `보` but 이 + 아 after other syllables. A lookup takes the most frequent restoration seen
/// in the same context, and backs off to the most frequent one over all contexts of the pair
/// (ties: the smaller `description`).
///
/// The key is the label's type (the label minus its `B-`/`I-`/`S-` prefix), so one dictionary
/// serves every tag scheme. It is `Codable` (a JSON array of entries, for the model file's
/// header) and has a text format of its own (`formatted()`, `init(text:source:)`):
///
///     # biotag restoration dictionary 2
///     # syllable<TAB>type<TAB>previous<TAB>joins<TAB>analysis<TAB>count
///     했	XSV+EP	말	0	하/XSV + 았/EP	34
///     운	VA+ETM	까	1	ᆸ/VA + ㄴ/ETM	27
///
/// `previous` is the token before the syllable in its word, `<w>` at a word start; `joins` is 1
/// when the first piece continues the previous syllable's morpheme; `analysis` is Sejong
/// notation (`AnalysisNotation`); lines starting with `#` (but not `#<TAB>`, an entry for the
/// syllable `#`) and blank lines are ignored.
public struct RestorationDictionary: Sendable, Equatable, Codable {
    /// A (syllable, composite type) pair.
    public struct Key: Hashable, Sendable {
        /// The syllable token, e.g. `했`.
        public var syllable: String
        /// The composite type, e.g. `XSV+EP`.
        public var type: String
        /// A key.
        public init(syllable: String, type: String) {
            self.syllable = syllable
            self.type = type
        }
    }

    /// A pair in a context: the token before the syllable in its word (`wordStart` at a start).
    struct ContextKey: Hashable, Sendable {
        var pair: Key
        var previous: String
    }

    /// The `previous` of a syllable that starts its word.
    public static let wordStart = "<w>"

    private var contextual: [ContextKey: [Restoration: Int]] = [:]
    private var general: [Key: [Restoration: Int]] = [:]

    /// An empty dictionary.
    public init() {}

    /// Number of (syllable, type) pairs.
    public var count: Int { general.count }
    /// Number of (syllable, type, previous) entries.
    public var contextCount: Int { contextual.count }
    /// Number of distinct restorations over all pairs.
    public var restorationCount: Int { general.values.reduce(0) { $0 + $1.count } }
    /// True when there is no entry.
    public var isEmpty: Bool { general.isEmpty }

    /// Records `count` occurrences of `restoration` for (`syllable`, `type`) after `previous`
    /// (the token before it in its word; nil or `wordStart` at a word start).
    public mutating func add(_ restoration: Restoration, syllable: String, type: String,
                             previous: String? = nil, count: Int = 1) {
        let pair = Key(syllable: syllable, type: type)
        contextual[ContextKey(pair: pair, previous: previous ?? RestorationDictionary.wordStart),
                   default: [:]][restoration, default: 0] += count
        general[pair, default: [:]][restoration, default: 0] += count
    }

    /// Adds every entry of `other` (counts add up).
    public mutating func merge(_ other: RestorationDictionary) {
        for (key, restorations) in other.contextual {
            for (restoration, n) in restorations {
                add(restoration, syllable: key.pair.syllable, type: key.pair.type, previous: key.previous, count: n)
            }
        }
    }

    /// The restoration of (`syllable`, `type`): the most frequent after `previous` when that
    /// context was seen (pass nil to skip the context), else the most frequent over all
    /// contexts; nil when the pair was never seen.
    public func restoration(syllable: String, type: String, previous: String? = nil) -> Restoration? {
        let pair = Key(syllable: syllable, type: type)
        if let previous, let restorations = contextual[ContextKey(pair: pair, previous: previous)] {
            return RestorationDictionary.best(restorations)
        }
        return general[pair].flatMap(RestorationDictionary.best)
    }

    /// The most frequent restoration of (`syllable`, `type`) after exactly `previous` (the token
    /// before it in its word, `wordStart` at a start); nil when that context was never seen,
    /// even if the pair was (no back-off: see `restoration(syllable:type:previous:)`).
    public func restoration(syllable: String, type: String, exactlyAfter previous: String) -> Restoration? {
        contextual[ContextKey(pair: Key(syllable: syllable, type: type), previous: previous)]
            .flatMap(RestorationDictionary.best)
    }

    /// True when (`syllable`, `type`) was seen in some context.
    public func contains(syllable: String, type: String) -> Bool {
        general[Key(syllable: syllable, type: type)] != nil
    }

    /// Every pair with its restorations and their counts over all contexts, in no particular order.
    var pairs: [(key: Key, value: [Restoration: Int])] { Array(general) }

    /// Calls `body` with every (pair, previous) context and its restorations with counts, in
    /// no particular order.
    func forEachContext(_ body: (Key, String, [Restoration: Int]) -> Void) {
        for (key, restorations) in contextual { body(key.pair, key.previous, restorations) }
    }

    private static func best(_ restorations: [Restoration: Int]) -> Restoration? {
        var best: (Restoration, Int)? = nil
        for (restoration, n) in restorations {
            if let (r, m) = best, m > n || (m == n && r.description <= restoration.description) { continue }
            best = (restoration, n)
        }
        return best?.0
    }

    /// Every restoration of (`syllable`, `type`) over all contexts with its count, most frequent first.
    public func candidates(syllable: String, type: String) -> [(restoration: Restoration, count: Int)] {
        RestorationDictionary.sorted(general[Key(syllable: syllable, type: type)] ?? [:])
    }

    private static func sorted(_ restorations: [Restoration: Int]) -> [(restoration: Restoration, count: Int)] {
        restorations.map { ($0.key, $0.value) }.sorted {
            $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.description < $1.0.description
        }
    }

    /// Every entry with its context, sorted by syllable, type, previous, then most frequent first.
    public var entries: [(key: Key, previous: String, restoration: Restoration, count: Int)] {
        var result: [(key: Key, previous: String, restoration: Restoration, count: Int)] = []
        let keys = contextual.keys.sorted {
            ($0.pair.syllable, $0.pair.type, $0.previous) < ($1.pair.syllable, $1.pair.type, $1.previous)
        }
        for key in keys {
            for (restoration, n) in RestorationDictionary.sorted(contextual[key] ?? [:]) {
                result.append((key.pair, key.previous, restoration, n))
            }
        }
        return result
    }

    // MARK: - Text format

    /// The first line of the text format.
    public static let header = "# biotag restoration dictionary 2"

    /// The dictionary in its text format (see the type's documentation), entries sorted.
    public func formatted() -> String {
        var text = RestorationDictionary.header + "\n# syllable\ttype\tprevious\tjoins\tanalysis\tcount\n"
        for entry in entries {
            text += entry.key.syllable + "\t" + entry.key.type + "\t" + entry.previous + "\t"
            text += entry.restoration.joinsPrevious ? "1" : "0"
            text += "\t" + AnalysisNotation.sejong(entry.restoration.morphemes) + "\t" + String(entry.count) + "\n"
        }
        return text
    }

    /// Parses the text format.
    /// - Throws: `InputError(.data)` naming `source`, the line and the field for a line without
    ///   six tab-separated fields, a `joins` other than 0/1, an unreadable analysis, or a count
    ///   that is not a positive integer.
    public init(text: String, source: String) throws {
        var text = text
        self = try text.withUTF8 { try RestorationDictionary.parse(utf8: $0, source: source) }
    }

    /// `init(text:source:)` over the text's UTF-8 bytes: lines and fields are cut at the ASCII
    /// bytes `\n` (a `\r` before it dropped) and `\t`, which never occur inside a multi-byte
    /// character.
    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>,
                              source: String) throws -> RestorationDictionary {
        var dictionary = RestorationDictionary()
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t"), hash = UInt8(ascii: "#")
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != newline { end += 1 }
            let next = end + 1
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            defer { start = next }
            // `#` then a tab is an entry for the syllable `#` (hashtags), not a comment.
            if end == start { continue }
            if bytes[start] == hash && (end - start < 2 || bytes[start + 1] != tab) { continue }
            var fields: [Range<Int>] = []
            var fieldStart = start
            for i in start..<end where bytes[i] == tab {
                fields.append(fieldStart..<i)
                fieldStart = i + 1
            }
            fields.append(fieldStart..<end)
            guard fields.count == 6 else {
                throw InputError(.data, file: source, line: lineNumber,
                                 "\(fields.count) tab-separated fields, a dictionary line needs 6: " +
                                 "syllable, type, previous, joins, analysis, count")
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty else {
                throw InputError(.data, file: source, line: lineNumber, column: 1,
                                 "empty syllable, type or previous (use <w> at a word start)")
            }
            let joins = string(fields[3])
            guard joins == "0" || joins == "1" else {
                throw InputError(.data, file: source, line: lineNumber, column: 4,
                                 "joins must be 0 or 1, got '\(joins)'")
            }
            let (parsed, offset) = AnalysisNotation.parseSejong(
                utf8: UnsafeBufferPointer(rebasing: bytes[fields[4]]))
            guard let morphemes = parsed else {
                throw InputError(.data, file: source, line: lineNumber, column: 5,
                                 "cannot read the analysis '\(string(fields[4]))' " +
                                 "near character \(offset + 1); " +
                                 "write pieces as FORM/TAG joined by ' + '")
            }
            let countText = string(fields[5])
            guard let n = Int(countText), n > 0 else {
                throw InputError(.data, file: source, line: lineNumber, column: 6,
                                 "count must be a positive integer, got '\(countText)'")
            }
            dictionary.add(Restoration(morphemes, joinsPrevious: joins == "1"), syllable: string(fields[0]),
                           type: string(fields[1]), previous: string(fields[2]), count: n)
        }
        return dictionary
    }

    /// Reads a dictionary file.
    /// - Throws: `InputError(.io)` when it cannot be read; `.data` as `init(text:source:)`.
    public static func load(path: String) throws -> RestorationDictionary {
        let lines = try LineReader(path: path)
        var text = ""
        while let line = try lines.nextLine() { text += line + "\n" }
        return try RestorationDictionary(text: text, source: path)
    }

    /// Writes the text format to `path` atomically.
    /// - Throws: `InputError(.io)` when the file cannot be written.
    public func save(path: String) throws {
        try AtomicFile.write(formatted(), to: path)
    }

    // MARK: - Codable

    private struct Entry: Codable {
        var syllable: String
        var type: String
        var previous: String
        var joins: Bool
        var analysis: String
        var count: Int
    }

    /// Decodes what `encode(to:)` writes: one string in the text format, or the JSON array of
    /// entries (`{syllable, type, previous, joins, analysis, count}`) that model files written
    /// before the text form hold.
    /// - Throws: `DecodingError.dataCorrupted` for an entry or line that cannot be read (the
    ///   text form's message names the line), `DecodingError.typeMismatch` for other JSON.
    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            do {
                self = try RestorationDictionary(text: text, source: "restoration dictionary")
            } catch let error as InputError {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: error.description))
            }
            return
        }
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            let entry = try container.decode(Entry.self)
            guard let morphemes = AnalysisNotation.parseSejong(entry.analysis).morphemes, entry.count > 0 else {
                throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                    debugDescription: "bad restoration entry for '\(entry.syllable)' \(entry.type)"))
            }
            add(Restoration(morphemes, joinsPrevious: entry.joins), syllable: entry.syllable,
                type: entry.type, previous: entry.previous, count: entry.count)
        }
    }

    /// Encodes the dictionary as one JSON string holding its text format (`formatted()`): it
    /// reads back several times faster than an array of objects, which had been most of a
    /// morpheme model's start-up (loading the shipped `morph` model: 33 -> 15 ms). When some
    /// entry would not come back the same through the text format (a token holding a tab or a
    /// line break, or a syllable starting with `#` read as a comment), it writes the JSON array
    /// of `{syllable, type, previous, joins, analysis, count}` objects instead, sorted.
    public func encode(to encoder: Encoder) throws {
        let text = formatted()
        if let back = try? RestorationDictionary(text: text, source: ""), back == self {
            var single = encoder.singleValueContainer()
            try single.encode(text)
            return
        }
        var container = encoder.unkeyedContainer()
        for entry in entries {
            try container.encode(Entry(syllable: entry.key.syllable, type: entry.key.type,
                                       previous: entry.previous, joins: entry.restoration.joinsPrevious,
                                       analysis: AnalysisNotation.sejong(entry.restoration.morphemes),
                                       count: entry.count))
        }
    }
}
