/// How one surface syllable of a word relates to the word's morphemes.
public struct SyllableAnalysis: Hashable, Sendable {
    /// The syllable token (one scalar).
    public var syllable: String
    /// The morpheme pieces this syllable carries.
    public var restoration: Restoration
    /// False when the syllable spells exactly one piece (it is that piece's text): a plain
    /// syllable, labelled `B-TAG` when the piece starts its morpheme and `I-...` otherwise.
    /// True otherwise: a fused syllable, labelled with a composite type and restored through the
    /// `RestorationDictionary`.
    public var isFused: Bool
}

/// Aligns a word's surface syllables with its morphemes at the jamo level.
///
/// The rule. Each syllable is split into jamo letters (lead, vowel, tail); each morpheme too
/// (compatibility jamo such as the lemma `ㄴ` are one letter; other scalars are one letter).
/// The morphemes' letter sequence is cut into one non-empty contiguous segment per syllable,
/// choosing the cut with the smallest weighted edit distance between each syllable's letters
/// and its segment (same letter 0, vowel for vowel 0.5, consonant for consonant 0.6, other
/// substitutions 1 to 1.2, insertion or deletion 1); among equal cuts, the one with fewer
/// syllables whose segment differs from them, then fewer such syllables beginning in the middle
/// of a morpheme, then the earliest cuts. A syllable's
/// segment, grouped by morpheme, gives its pieces. So:
/// - `했다` = 하/XSV + 았/EP + 다/EF: `했` <- 하 + 았 (fused), `다` <- 다 (plain);
/// - `가까운` = 가깝/VA + ㄴ/ETM: `가` <- 가, `까` <- 까 (plain, continuing 가깝), `운` <- `ᆸ` + ㄴ
///   (fused; its first piece completes 가깝);
/// - `한다` = 하/XSV + ㄴ다/EF: `한` <- 하 + `ㄴ` (fused), `다` continues ㄴ다 (plain).
/// Words whose morphemes spell the surface take a fast path: every syllable is plain.
public enum SyllableAligner {
    /// Longest fused word aligned (syllables × letters); longer ones are left unaligned.
    static let maximumCells = 250_000

    /// The analysis of each syllable of `word.form` (one per Unicode scalar), nil when the word
    /// cannot be aligned (`reasonUnaligned` says why).
    public static func align(_ word: AnalyzedWord) -> [SyllableAnalysis]? {
        let surface = Array(word.form.unicodeScalars)
        guard !surface.isEmpty, !word.morphemes.isEmpty else { return nil }
        if word.isSpelledOut { return spelled(word, surface) }

        var letters: [UInt32] = []          // conjoining jamo or other scalars
        var keys: [UInt32] = []
        var kinds: [Jamo.LetterClass] = []
        var owner: [Int] = []               // morpheme index of each letter
        for (index, morpheme) in word.morphemes.enumerated() {
            for scalar in morpheme.form.unicodeScalars {
                for letter in Jamo.decompose(scalar.value) {
                    let (key, kind) = Jamo.letterKey(letter)
                    letters.append(letter)
                    keys.append(key)
                    kinds.append(kind)
                    owner.append(index)
                }
            }
        }
        let n = surface.count, m = letters.count
        guard m >= n, n * (m + 1) <= maximumCells else { return nil }
        let surfaceLetters: [[(UInt32, Jamo.LetterClass)]] = surface.map { scalar in
            Jamo.decompose(scalar.value).map { Jamo.letterKey($0) }
        }

        // cost[i * width + e]: cheapest cut of letters 0..<e into segments for syllables 0..<i;
        // rank breaks ties (fewer differing syllables, then fewer of them starting mid-morpheme).
        let infinity = Int.max / 4
        let width = m + 1
        var cost = [Int](repeating: infinity, count: (n + 1) * width)
        var rank = [Int](repeating: infinity, count: (n + 1) * width)
        var back = [Int](repeating: -1, count: (n + 1) * width)
        cost[0] = 0
        rank[0] = 0
        var column = [Int](repeating: 0, count: 8)
        var next = [Int](repeating: 0, count: 8)
        for i in 0..<n {
            let target = surfaceLetters[i]
            let r = target.count
            if column.count < r + 1 {
                column = [Int](repeating: 0, count: r + 1)
                next = column
            }
            let maxEnd = m - (n - i - 1)
            for b in 0..<m where cost[i * width + b] < infinity {
                // Edit distance of target against letters[b..<e], extended one letter at a time.
                for k in 0...r { column[k] = k * 10 }
                let base = cost[i * width + b], baseRank = rank[i * width + b]
                let midMorpheme = b > 0 && owner[b] == owner[b - 1]
                var e = b
                while e < maxEnd {
                    next[0] = column[0] + 10
                    for k in 1...r {
                        let substitution = column[k - 1] + substitutionCost(target[k - 1], (keys[e], kinds[e]))
                        next[k] = min(column[k] + 10, next[k - 1] + 10, substitution)
                    }
                    swap(&column, &next)
                    e += 1
                    let segmentCost = column[r]
                    let total = base + segmentCost
                    let totalRank = baseRank + (segmentCost > 0 ? (midMorpheme ? 1001 : 1000) : 0)
                    let cell = (i + 1) * width + e
                    if total < cost[cell] || (total == cost[cell] && totalRank < rank[cell]) {
                        cost[cell] = total
                        rank[cell] = totalRank
                        back[cell] = b
                    }
                }
            }
        }
        guard cost[n * width + m] < infinity else { return nil }
        var cuts = [Int](repeating: 0, count: n + 1)
        cuts[n] = m
        var i = n
        while i > 0 {
            cuts[i - 1] = back[i * width + cuts[i]]
            i -= 1
        }

        var result: [SyllableAnalysis] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            let start = cuts[i], end = cuts[i + 1]
            var pieces: [Morpheme] = []
            var k = start
            while k < end {
                var stop = k
                while stop < end && owner[stop] == owner[k] { stop += 1 }
                let form = Jamo.string(Jamo.compose(Array(letters[k..<stop])))
                pieces.append(Morpheme(form, word.morphemes[owner[k]].tag))
                k = stop
            }
            let joinsPrevious = start > 0 && owner[start] == owner[start - 1]
            let syllable = String(surface[i])
            let fused = pieces.count != 1 || pieces[0].form != syllable
            result.append(SyllableAnalysis(syllable: syllable,
                                           restoration: Restoration(pieces, joinsPrevious: joinsPrevious),
                                           isFused: fused))
        }
        return result
    }

    /// The first fused syllable of `analyses` that shares no jamo letter (lead, vowel or tail,
    /// compared regardless of role) with the pieces it stands for, nil when every fused syllable
    /// shares one. Contractions always keep one (`했` <- 하 + 았 keeps ㅎ, `운` <- ᆸ + ㄴ keeps
    /// ㄴ; the ㅂ-irregular `우` <- ᆸ counts ㅂ as ㅜ and ㅗ); an analysis that aligns only by
    /// replacing a syllable's every letter (`페이` read as 택시) does not spell its word, which a
    /// hand-written entry must (corpora may have typos).
    public static func unrelatedSyllable(_ analyses: [SyllableAnalysis]) -> String? {
        func keys(_ text: String) -> Set<UInt32> {
            Set(text.unicodeScalars.flatMap { Jamo.decompose($0.value) }.map { Jamo.letterKey($0).key })
        }
        let bieup: UInt32 = 0x3142, u: UInt32 = 0x315C, o: UInt32 = 0x3157
        for analysis in analyses where analysis.isFused {
            var pieces = Set<UInt32>()
            for morpheme in analysis.restoration.morphemes { pieces.formUnion(keys(morpheme.form)) }
            if pieces.contains(bieup) { pieces.formUnion([u, o]) }
            if keys(analysis.syllable).isDisjoint(with: pieces) { return analysis.syllable }
        }
        return nil
    }

    /// Why `align(word)` gives nil, one line (nil when it does not).
    public static func reasonUnaligned(_ word: AnalyzedWord) -> String? {
        if word.form.isEmpty { return "empty form" }
        if word.morphemes.isEmpty { return "no morphemes" }
        if word.isSpelledOut { return nil }
        let letters = word.morphemes.reduce(0) { total, morpheme in
            total + morpheme.form.unicodeScalars.reduce(0) { $0 + Jamo.decompose($1.value).count }
        }
        let syllables = word.form.unicodeScalars.count
        if letters < syllables { return "its morphemes have fewer jamo than the word has syllables" }
        if syllables * (letters + 1) > maximumCells { return "too long to align (\(syllables) syllables)" }
        return nil
    }

    /// Every syllable plain: the word's morphemes spell it.
    private static func spelled(_ word: AnalyzedWord, _ surface: [Unicode.Scalar]) -> [SyllableAnalysis] {
        var result: [SyllableAnalysis] = []
        result.reserveCapacity(surface.count)
        for morpheme in word.morphemes {
            var first = true
            for scalar in morpheme.form.unicodeScalars {
                let syllable = String(scalar)
                result.append(SyllableAnalysis(
                    syllable: syllable,
                    restoration: Restoration([Morpheme(syllable, morpheme.tag)], joinsPrevious: !first),
                    isFused: false))
                first = false
            }
        }
        return result
    }

    /// Substitution cost ×10: same letter 0, vowel/vowel 5, consonant/consonant 6, other/other
    /// 10, across classes 12.
    private static func substitutionCost(_ a: (UInt32, Jamo.LetterClass),
                                         _ b: (UInt32, Jamo.LetterClass)) -> Int {
        if a.0 == b.0 { return 0 }
        switch (a.1, b.1) {
        case (.vowel, .vowel): return 5
        case (.consonant, .consonant): return 6
        case (.other, .other): return 10
        default: return 12
        }
    }
}
