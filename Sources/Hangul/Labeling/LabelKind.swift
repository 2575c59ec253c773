/// What the syllable labels of a morpheme analysis say.
public enum LabelKind: String, Sendable, CaseIterable, Codable {
    /// Segmentation with part of speech: `B-NNG`, `I-NNG`; fused syllables `B-XSV+EP`.
    case pos
    /// Segmentation alone: `B`, `I`; fused syllables `B-+` (their restorations still give forms).
    case seg

    /// The chunk type of a fused syllable carrying pieces with these tags: the tags joined by
    /// `+` for `.pos` (`XSV+EP`; a single piece spelled differently from the syllable, such as
    /// `였` for 았/EP, gets a trailing `+`: `EP+`), and `+` for `.seg`. Every composite type
    /// contains a `+`; no plain type does.
    public func compositeType(tags: [String]) -> String {
        switch self {
        case .seg: return "+"
        case .pos: return tags.count <= 1 ? (tags.first ?? "") + "+" : tags.joined(separator: "+")
        }
    }

    /// The chunk type of a syllable that spells the start of a morpheme tagged `tag`.
    public func plainType(tag: String) -> String {
        self == .pos ? tag : ""
    }

    /// True for a composite chunk type (one that contains `+`).
    public static func isComposite(_ type: String) -> Bool { type.contains("+") }

    /// The first tag of a type (`XSV+EP` -> `XSV`, `EP+` -> `EP`, `+` -> ``).
    public static func firstTag(of type: String) -> String {
        guard let plus = type.firstIndex(of: "+") else { return type }
        return String(type[..<plus])
    }

    /// The last non-empty tag of a type (`XSV+EF` -> `EF`, `EP+` -> `EP`, `+` -> ``).
    public static func lastTag(of type: String) -> String {
        type.split(separator: "+").last.map(String.init) ?? ""
    }
}
