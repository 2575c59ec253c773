/// Which window-feature templates a model computes (`biotag train --window-templates`); stored
/// in the model as their count (`NetworkConfig.windowTemplates`).
public enum WindowTemplates: String, CaseIterable, Sendable {
    /// The twelve features of a linear CRF window tagger: the token and its neighbours two either
    /// side, three pairs, one triple and three character classes (`ContextFeatures.basicTemplates`).
    case basic
    /// The basic twelve plus two more triples, two four-grams and four features of the word
    /// the token stands in (the whole word, with the token's position, and its parts before and
    /// after the token): twenty (`ContextFeatures.extendedTemplates`).
    case extended

    /// Features per token: 12 or 20.
    public var count: Int {
        self == .basic ? ContextFeatures.basicTemplates : ContextFeatures.extendedTemplates
    }

    /// The set with `count` templates, nil for a count no set has.
    public init?(count: Int) {
        guard let set = WindowTemplates.allCases.first(where: { $0.count == count }) else { return nil }
        self = set
    }
}
