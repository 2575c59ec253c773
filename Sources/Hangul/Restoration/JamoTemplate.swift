/// A restoration of one fused syllable written against the syllable's own jamo, so that it
/// carries over to other syllables: `산` -> 살 + ㄴ is "lead, vowel, ᆯ | ㄴ", which also turns
/// `운` into 울 + ㄴ; `봤` -> 보 + 았 is "lead, ᅩ | 았"; `운` -> ~ᆸ + ㄴ (가까운) uses no letter of
/// the syllable and stays tied to it.
///
/// Each piece is a sequence of letters: conjoining jamo (or other scalars) taken literally, or
/// a slot standing for the syllable's lead or vowel. A slot is used when the restoration keeps
/// the syllable's lead and vowel side by side in one piece (산 -> 살, 가 -> 가 + 아, 라 -> 이 +
/// 라), else when its first piece keeps the lead (했 -> 하 + 았, 셔 -> 시 + 어). The tail is
/// never a slot: the part of a syllable a template does not copy is a condition on the
/// syllable it applies to (`RestorationRules`). Tags are not part of a template; instantiating
/// takes them from the label.
public struct JamoTemplate: Hashable, Sendable, CustomStringConvertible {
    /// Letter value standing for the syllable's lead (above every Unicode scalar).
    static let leadSlot: UInt32 = 0x11_0000
    /// Letter value standing for the syllable's vowel.
    static let vowelSlot: UInt32 = 0x11_0001

    /// The pieces' letters (conjoining jamo, other scalars, or the two slots).
    public private(set) var pieces: [[UInt32]]
    /// True when a piece copies the syllable's lead.
    public private(set) var usesLead = false
    /// True when a piece copies the syllable's vowel.
    public private(set) var usesVowel = false

    /// The template of `restoration` for the precomposed syllable `syllable`; nil when
    /// `syllable` is not a precomposed Hangul syllable or the restoration has no pieces.
    public init?(syllable: Unicode.Scalar, restoration: Restoration) {
        guard let (lead, vowel, _) = Jamo.split(syllable.value), !restoration.morphemes.isEmpty else {
            return nil
        }
        let leadLetter = Jamo.leadBase + UInt32(lead), vowelLetter = Jamo.vowelBase + UInt32(vowel)
        pieces = restoration.morphemes.map { piece in
            piece.form.unicodeScalars.flatMap { Jamo.decompose($0.value) }
        }
        // Lead and vowel side by side in one piece: both are copies.
        search: for p in pieces.indices where pieces[p].count >= 2 {
            for j in 0..<(pieces[p].count - 1)
            where pieces[p][j] == leadLetter && pieces[p][j + 1] == vowelLetter {
                pieces[p][j] = JamoTemplate.leadSlot
                pieces[p][j + 1] = JamoTemplate.vowelSlot
                usesLead = true
                usesVowel = true
                break search
            }
        }
        if !usesLead, let j = pieces[0].firstIndex(of: leadLetter) {
            pieces[0][j] = JamoTemplate.leadSlot
            usesLead = true
        }
    }

    /// The pieces for `syllable` with these `tags` (one per piece), each piece's letters
    /// composed (`Jamo.compose`); nil when `syllable` is not a precomposed syllable, the tag
    /// count differs from the piece count, or a piece comes out empty.
    public func morphemes(for syllable: Unicode.Scalar, tags: [String]) -> [Morpheme]? {
        guard let (lead, vowel, _) = Jamo.split(syllable.value), tags.count == pieces.count else {
            return nil
        }
        let leadLetter = Jamo.leadBase + UInt32(lead), vowelLetter = Jamo.vowelBase + UInt32(vowel)
        var result: [Morpheme] = []
        result.reserveCapacity(pieces.count)
        for (letters, tag) in zip(pieces, tags) {
            guard !letters.isEmpty else { return nil }
            let filled = letters.map { $0 == JamoTemplate.leadSlot ? leadLetter
                : $0 == JamoTemplate.vowelSlot ? vowelLetter : $0 }
            result.append(Morpheme(Jamo.string(Jamo.compose(filled)), tag))
        }
        return result
    }

    /// The pieces joined by ` | `, slots written `L` and `V` (`L V ᆯ | ㄴ`), for reports and tests.
    public var description: String {
        pieces.map { letters in
            letters.map { $0 == JamoTemplate.leadSlot ? "L" : $0 == JamoTemplate.vowelSlot ? "V"
                : Jamo.string([$0]) }.joined(separator: " ")
        }.joined(separator: " | ")
    }
}
