/// Restores a fused syllable whose exact dictionary entry (syllable, type, previous syllable)
/// is missing, with rules learned from the dictionary's other entries. The dictionary entry
/// always wins; `MorphemeDecoder` asks the rules only when there is none (and learns them at
/// the first such syllable). Nothing is stored: every model file, old or new, gains them.
///
/// What the entries teach, tried in this order (the first stage with an answer wins):
/// 1. Continuations (the labels say the first piece continues the previous morpheme): a
///    restoration of the same syllable, in another context or with another ending tag, whose
///    first piece is one that followed the same previous syllable in some entry. After `모`,
///    `은` `VV+ETM` is 모으 + ㄴ (the dictionary has `은` `VV+EF` after `모` as ~으 + ㄴ), not
///    못 + ㄴ, the most frequent `은` over all contexts (지은, 나은).
/// 2. The pair's other contexts: the most frequent restoration of (syllable, type) whose first
///    piece joins the previous morpheme exactly when the labels say so (the previous syllable's
///    chunk ends with the tag the fused syllable starts with: `속` `B-VV` then `합` `B-VV+EC` is
///    속하 + ㅂ니다; `짜증` `B-NNG` then `낼` `B-VV+ETM` is 짜증 + 내 + ㄹ).
/// 3. Jamo templates (`JamoTemplate`): every entry written against its syllable's jamo and
///    counted under patterns from specific to general, each keyed by the composite type (the
///    exact type, then its shape: VV, VA, VX, XSV, XSA -> `P`; EC, EF, ETM, ETN -> `E`; nouns,
///    adverbs, determiners, foreign words -> `N`), whether the first piece joins, and the
///    letters of the syllable the template does not copy:
///    - level 0: the same syllable (`산` `VV+EC` = 살 + ㄴ gives `산` `VV+EF` = 살 + ㄴ);
///    - level 1: any lead (`쑨` -> 쑤 + ㄴ, like 준, 둔 -> 주, 두 + ㄴ);
///    - level 2: any lead and vowel, the tail kept (at least two syllables must agree).
///    At each level the exact type comes before the shape, and same joining before the other
///    (a joining template's first piece used whole, or the reverse: 피케 = 피하 + 게 from 케 =
///    하 + 게). Among a level's matches the template seen with the most distinct syllables wins
///    (then the most occurrences). When the first piece starts a word-level stem, a template
///    whose stem is attested (a whole predicate stem in some entry) is preferred at any level:
///    `운` `VV+EF` at a word start is 울 + ㄴ, since 울/VV is attested and 우/VV is not.
/// 4. Insertions: a composite type whose first tag is almost always one constant morpheme (이
///    for VCP: 자리세 = 자리 + 이 + 시 + 어) restores that morpheme, then the rest of the type.
///
/// Every candidate must compose with its neighbours: a first piece that is a final consonant
/// (`ᆸ`) needs an open morpheme ending in a syllable without one, a vowel (`ᅳ`) needs one
/// ending in a lone initial, a piece not joining may not start with a jamo, and a restoration
/// ending in a lone initial (`다ᄅ`) needs a fused syllable next in the word.
public struct RestorationRules: Sendable {
    /// A fused syllable to restore and what decoding knows around it.
    public struct Query: Sendable, Equatable {
        /// The syllable token, e.g. `운`.
        public var syllable: String
        /// Its composite type, e.g. `VV+EF`.
        public var type: String
        /// The token before it in its word, `RestorationDictionary.wordStart` at a start.
        public var previous: String
        /// Whether the labels say the first piece continues the previous morpheme; nil when
        /// the labels carry no tags (segmentation labels).
        public var joins: Bool?
        /// The form of the morpheme the previous syllables left open, nil at a word start.
        public var open: String?
        /// True when the next token of the word starts another fused syllable.
        public var nextIsFused: Bool

        /// A query.
        public init(syllable: String, type: String, previous: String = RestorationDictionary.wordStart,
                    joins: Bool? = false, open: String? = nil, nextIsFused: Bool = false) {
            self.syllable = syllable
            self.type = type
            self.previous = previous
            self.joins = joins
            self.open = open
            self.nextIsFused = nextIsFused
        }
    }

    /// Which stage gave a restoration (see the type's documentation).
    public enum Source: String, Sendable, Equatable {
        case continuation, pair, template, insertion
    }

    /// Tags of predicates (inflected stems and their suffixes).
    static let predicateTags: Set<String> = ["VV", "VA", "VX", "XSV", "XSA"]
    /// Tags of endings.
    static let endingTags: Set<String> = ["EC", "EF", "ETM", "ETN"]
    /// Tags of words that take particles and do not inflect.
    static let hostTags: Set<String> = ["NNG", "NNP", "NNB", "NP", "NR", "MAG", "MAJ", "MM", "XSN", "XR",
                                        "SL", "SN", "SH"]

    /// A pattern: what a syllable must have for the templates under it to apply, packed into
    /// one integer: the level (0 = the syllable itself, 1 = any lead, 2 = any lead and vowel,
    /// copied letters only), exact type or shape, whether the first piece joins, the lead,
    /// vowel and tail the syllable must have (lead and vowel indexes + 1, 0 for any; tail
    /// index, 0 for none) and the type's or shape's number in `types`.
    static func patternKey(level: Int, shaped: Bool, type: Int, joins: Bool,
                           lead: Int, vowel: Int, tail: Int) -> UInt64 {
        UInt64(level) | (shaped ? 4 : 0) | (joins ? 8 : 0)
            | UInt64(lead) << 4 | UInt64(vowel) << 9 | UInt64(tail) << 14 | UInt64(type) << 19
    }

    /// A template with its support: distinct syllables and occurrences.
    struct Candidate: Sendable {
        var template: JamoTemplate
        var syllables: Int
        var count: Int
    }

    /// A first piece that continued the morpheme of `previous` in some entry, packed when the
    /// previous token is one scalar and the piece at most three (almost always): integers hash
    /// many times faster than Hangul strings.
    enum Continuation: Hashable, Sendable {
        case packed(previous: UInt32, form: UInt64, tag: String)
        case text(previous: String, piece: Morpheme)

        init(previous: String, piece: Morpheme) {
            let before = previous.unicodeScalars, scalars = piece.form.unicodeScalars
            if before.count == 1, let first = before.first, scalars.count <= 3 {
                let form = scalars.reduce(UInt64(0)) { $0 << 21 | UInt64($1.value) }
                self = .packed(previous: first.value, form: form, tag: piece.tag)
            } else {
                self = .text(previous: previous, piece: piece)
            }
        }
    }

    /// One step of the template search.
    private struct Step {
        var level: Int
        var shaped: Bool
        var sameJoins: Bool
    }

    private static let steps: [Step] = (0...2).flatMap { level in
        [false, true].flatMap { shaped in
            [true, false].map { Step(level: level, shaped: shaped, sameJoins: $0) }
        }
    }

    private let dictionary: RestorationDictionary
    /// Pattern keys in increasing order, the start of each one's candidates in `candidates`
    /// (one more start at the end), and the candidates: looked up by binary search.
    private var keys: [UInt64] = []
    private var starts: [Int] = [0]
    private var candidates: [Candidate] = []
    /// Numbers of the exact types and shapes patterns were learned for.
    private var types: [String: Int] = [:]
    private var continuations: Set<Continuation> = []
    private var stems: Set<Morpheme> = []
    private var insertions: [String: String] = [:]

    /// The rules learned from `dictionary`'s entries (a few milliseconds for the 3,000 entries
    /// of GSD train's dictionary, in a release build).
    public init(dictionary: RestorationDictionary) {
        self.dictionary = dictionary
        var continuations: Set<Continuation> = []
        dictionary.forEachContext { pair, previous, restorations in
            for restoration in restorations.keys where restoration.joinsPrevious {
                if let first = restoration.morphemes.first {
                    continuations.insert(Continuation(previous: previous, piece: first))
                }
            }
        }
        self.continuations = continuations

        // One record per (pattern, template, syllable), sorted so that each (pattern, template)
        // is one run whose distinct syllables are counted by their changes.
        struct Record { var key: UInt64, template: Int32, syllable: UInt32, count: Int }
        var records: [Record] = []
        var templates: [JamoTemplate] = [], templateNumbers: [JamoTemplate: Int32] = [:]
        var firstPieces: [String: [String: Set<String>]] = [:]
        var stems: Set<Morpheme> = []
        var types: [String: Int] = [:]
        var numbers: [String: (type: Int, shape: Int, tags: [String])] = [:]   // per type, computed once
        func number(_ name: String) -> Int {
            if let known = types[name] { return known }
            types[name] = types.count
            return types.count - 1
        }
        for (pair, restorations) in dictionary.pairs {
            let scalars = pair.syllable.unicodeScalars
            let syllable = scalars.count == 1 ? scalars.first : nil
            let slots = syllable.flatMap { Jamo.split($0.value) }
            let typeNumbers = numbers[pair.type]
                ?? (number(pair.type), number("shape " + RestorationRules.shape(of: pair.type)),
                    RestorationRules.tags(of: pair.type))
            numbers[pair.type] = typeNumbers
            let tags = typeNumbers.tags
            for (restoration, n) in restorations {
                let pieces = restoration.morphemes
                guard let first = pieces.first else { continue }
                if !restoration.joinsPrevious && pieces.count >= 2 {
                    firstPieces[first.tag, default: [:]][first.form, default: []].insert(pair.syllable)
                    if RestorationRules.predicateTags.contains(first.tag) { stems.insert(first) }
                }
                guard let syllable, let (lead, vowel, tail) = slots,
                      tags.isEmpty || tags.count == pieces.count,
                      let template = JamoTemplate(syllable: syllable, restoration: restoration) else {
                    continue
                }
                let templateNumber: Int32
                if let known = templateNumbers[template] {
                    templateNumber = known
                } else {
                    templateNumber = Int32(templates.count)
                    templateNumbers[template] = templateNumber
                    templates.append(template)
                }
                for level in 0...2 {
                    for shaped in [false, true] {
                        let key = RestorationRules.patternKey(
                            level: level, shaped: shaped, type: shaped ? typeNumbers.shape : typeNumbers.type,
                            joins: restoration.joinsPrevious,
                            lead: level >= 1 && template.usesLead ? 0 : lead + 1,
                            vowel: level >= 2 && template.usesVowel ? 0 : vowel + 1, tail: tail)
                        records.append(Record(key: key, template: templateNumber, syllable: syllable.value,
                                              count: n))
                    }
                }
            }
        }
        records.sort { ($0.key, $0.template, $0.syllable) < ($1.key, $1.template, $1.syllable) }
        var index = 0
        while index < records.count {
            let run = records[index]
            var syllables = 0, count = 0, last: UInt32 = 0
            while index < records.count && records[index].key == run.key
                    && records[index].template == run.template {
                if records[index].syllable != last {
                    syllables += 1
                    last = records[index].syllable
                }
                count += records[index].count
                index += 1
            }
            if keys.last != run.key {
                if !keys.isEmpty { starts.append(candidates.count) }
                keys.append(run.key)
            }
            candidates.append(Candidate(template: templates[Int(run.template)], syllables: syllables,
                                        count: count))
        }
        if !keys.isEmpty { starts.append(candidates.count) }
        // An insertion: one form is the first piece of most syllables starting with the tag.
        for (tag, forms) in firstPieces {
            let total = forms.values.reduce(0) { $0 + $1.count }
            guard let (form, syllables) = forms.max(by: {
                $0.value.count != $1.value.count ? $0.value.count < $1.value.count : $0.key > $1.key
            }) else { continue }
            if syllables.count >= 5 && syllables.count * 2 > total { insertions[tag] = form }
        }
        self.stems = stems
        self.types = types
    }

    /// The candidates of a pattern (binary search in `keys`).
    private func candidates(of key: UInt64) -> ArraySlice<Candidate> {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        guard low < keys.count, keys[low] == key else { return [] }
        return candidates[starts[low]..<starts[low + 1]]
    }

    /// Number of (pattern, template) pairs learned.
    public var templateCount: Int { candidates.count }

    /// The constant first piece restored for composite types starting with `tag` (`이` for
    /// `VCP`), nil when the entries show none.
    public func insertion(tag: String) -> String? { insertions[tag] }

    /// The restoration of `query` and the stage that gave it; nil when no stage has one (the
    /// decoder then keeps the syllable whole).
    public func restoration(for query: Query) -> (restoration: Restoration, source: Source)? {
        if query.joins == true {
            if let r = pairRestoration(query, continuing: true) { return (r, .continuation) }
            let sameSyllable = RestorationRules.steps.filter { $0.level == 0 && $0.sameJoins }
            if let r = templateRestoration(query, steps: sameSyllable, continuing: true) {
                return (r, .continuation)
            }
        }
        if let r = pairRestoration(query, continuing: false) { return (r, .pair) }
        if let r = templateRestoration(query, steps: RestorationRules.steps, continuing: false) {
            return (r, .template)
        }
        if let r = insertionRestoration(query, depth: 0) { return (r, .insertion) }
        return nil
    }

    // MARK: - Stages

    /// The most frequent restoration of the pair over all contexts that joins as the labels say
    /// and composes (with `continuing`, whose first piece is also a known continuation).
    private func pairRestoration(_ query: Query, continuing: Bool) -> Restoration? {
        for (restoration, _) in dictionary.candidates(syllable: query.syllable, type: query.type) {
            if let joins = query.joins, restoration.joinsPrevious != joins { continue }
            guard fits(restoration, query) else { continue }
            if continuing && !continues(restoration, query) { continue }
            return restoration
        }
        return nil
    }

    private func templateRestoration(_ query: Query, steps: [Step], continuing: Bool) -> Restoration? {
        let scalars = query.syllable.unicodeScalars
        guard scalars.count == 1, let syllable = scalars.first,
              let (leadIndex, vowelIndex, tailIndex) = Jamo.split(syllable.value) else { return nil }
        let tags = RestorationRules.tags(of: query.type)
        let typeNumber = types[query.type]
        let shapeNumber = types["shape " + RestorationRules.shape(of: query.type)]
        let preferStems = query.joins == false && !continuing
        var fallback: Restoration? = nil
        for step in steps {
            guard let type = step.shaped ? shapeNumber : typeNumber else { continue }
            let joinsValues: [Bool]
            if let joins = query.joins {
                joinsValues = [step.sameJoins ? joins : !joins]
            } else if step.sameJoins {
                joinsValues = [true, false]
            } else {
                continue
            }
            var best: (restoration: Restoration, syllables: Int, count: Int)? = nil
            var bestStem: (restoration: Restoration, syllables: Int, count: Int)? = nil
            for joins in joinsValues {
                for leadKey in step.level >= 1 ? [leadIndex + 1, 0] : [leadIndex + 1] {
                    for vowelKey in step.level >= 2 ? [vowelIndex + 1, 0] : [vowelIndex + 1] {
                        let key = RestorationRules.patternKey(
                            level: step.level, shaped: step.shaped, type: type, joins: joins,
                            lead: leadKey, vowel: vowelKey, tail: tailIndex)
                        for candidate in candidates(of: key) {
                            if step.level == 2 && candidate.syllables < 2 { continue }
                            let pieceTags = tags.isEmpty
                                ? [String](repeating: "", count: candidate.template.pieces.count) : tags
                            guard let pieces = candidate.template.morphemes(for: syllable, tags: pieceTags)
                            else { continue }
                            if !step.sameJoins, let c = pieces[0].form.unicodeScalars.first,
                               Jamo.isConjoining(c.value) {
                                continue
                            }
                            let restoration = Restoration(pieces, joinsPrevious: query.joins ?? joins)
                            guard fits(restoration, query) else { continue }
                            if continuing && !continues(restoration, query) { continue }
                            let item = (restoration, candidate.syllables, candidate.count)
                            if RestorationRules.better(item, than: best) { best = item }
                            if preferStems && pieces.count >= 2 && stems.contains(pieces[0])
                                && RestorationRules.better(item, than: bestStem) {
                                bestStem = item
                            }
                        }
                    }
                }
            }
            if preferStems {
                if let bestStem { return bestStem.restoration }
                if fallback == nil { fallback = best?.restoration }
            } else if let best {
                return best.restoration
            }
        }
        return fallback
    }

    /// `query` with a type whose first tag is a known insertion: that morpheme, then the rest
    /// of the type restored from the same syllable (a plain tag: the syllable itself).
    private func insertionRestoration(_ query: Query, depth: Int) -> Restoration? {
        let tags = RestorationRules.tags(of: query.type)
        guard depth < 2, query.joins == false, tags.count >= 2, let form = insertions[tags[0]] else {
            return nil
        }
        let head = Morpheme(form, tags[0])
        var rest = query
        rest.open = form
        if tags.count == 2 {
            // The rest is one plain tag: the syllable spells it.
            let piece = Restoration([Morpheme(SyllableTokenizer.text(of: query.syllable), tags[1])])
            return fits(piece, rest) ? Restoration([head] + piece.morphemes) : nil
        }
        rest.type = tags.dropFirst().joined(separator: "+")
        guard let tail = pairRestoration(rest, continuing: false)
                ?? templateRestoration(rest, steps: RestorationRules.steps, continuing: false)
                ?? insertionRestoration(rest, depth: depth + 1) else { return nil }
        return Restoration([head] + tail.morphemes)
    }

    // MARK: - Checks

    /// True when `restoration` composes with the open morpheme and the next syllable.
    private func fits(_ restoration: Restoration, _ query: Query) -> Bool {
        guard let first = restoration.morphemes.first?.form.unicodeScalars.first?.value else { return false }
        if let end = restoration.morphemes.last?.form.unicodeScalars.last?.value,
           RestorationRules.isLead(end), !query.nextIsFused {
            return false
        }
        if restoration.joinsPrevious, let last = query.open?.unicodeScalars.last?.value {
            if RestorationRules.isLead(last) { return RestorationRules.isVowel(first) }
            if RestorationRules.isTail(first) {
                return Jamo.split(last).map { $0.tail == 0 } ?? false
            }
            return !RestorationRules.isVowel(first)
        }
        return !Jamo.isConjoining(first)
    }

    /// True when the first piece of `restoration` followed `query.previous` in some entry.
    private func continues(_ restoration: Restoration, _ query: Query) -> Bool {
        guard let first = restoration.morphemes.first else { return false }
        return continuations.contains(Continuation(previous: query.previous, piece: first))
    }

    private static func isLead(_ scalar: UInt32) -> Bool { (0x1100...0x1112).contains(scalar) }
    private static func isVowel(_ scalar: UInt32) -> Bool { (0x1161...0x1175).contains(scalar) }
    private static func isTail(_ scalar: UInt32) -> Bool { (0x11A8...0x11C2).contains(scalar) }

    /// More distinct syllables, then more occurrences, then the smaller description (by scalars).
    private static func better(_ a: (restoration: Restoration, syllables: Int, count: Int),
                               than b: (restoration: Restoration, syllables: Int, count: Int)?) -> Bool {
        guard let b else { return true }
        if a.syllables != b.syllables { return a.syllables > b.syllables }
        if a.count != b.count { return a.count > b.count }
        return a.restoration.description.unicodeScalars.lexicographicallyPrecedes(
            b.restoration.description.unicodeScalars)
    }

    // MARK: - Types

    /// The tags of a composite type, empty pieces dropped (`EP+` -> [EP], `+` -> []).
    static func tags(of type: String) -> [String] {
        type.split(separator: "+").map(String.init)
    }

    /// The shape of a type: predicate tags -> `P`, ending tags -> `E`, tags of words that take
    /// particles -> `N`, others kept (`XSV+EP` -> `P+EP`, `NNG+JKO` -> `N+JKO`).
    static func shape(of type: String) -> String {
        type.split(separator: "+", omittingEmptySubsequences: false).map { part -> String in
            let tag = String(part)
            if predicateTags.contains(tag) { return "P" }
            if endingTags.contains(tag) { return "E" }
            if hostTags.contains(tag) { return "N" }
            return tag
        }.joined(separator: "+")
    }
}
