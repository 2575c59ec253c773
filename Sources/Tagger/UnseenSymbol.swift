/// The Sejong tag of a punctuation or symbol character that a morpheme model never saw in
/// training. The network reads such a character as its unknown token and guesses from the
/// context (`#맛집` → `#/SN`, `※ 주의` → `※/SN`); the character's Unicode general category says
/// more: Sejong writes sentence-final marks `SF`, the ellipsis `SE`, quotes and brackets `SS`,
/// dashes `SO` and every other symbol `SW`.
enum UnseenSymbol {
    /// The tag for `token` by the general category of its first scalar: `SF` for `。．？！`, `SE`
    /// for `…‥`, `SS` for opening, closing and quote punctuation (Ps, Pe, Pi, Pf), `SO` for dashes
    /// (Pd), `SW` for other punctuation, connectors and symbols (Po, Pc, Sm, Sc, Sk, So); nil for
    /// letters, digits, marks, spaces and other characters.
    static func tag(of token: String) -> String? {
        guard let scalar = token.unicodeScalars.first, token != TokenUnit.space else { return nil }
        // Hangul syllables, ASCII letters and digits first: most tokens, none a symbol.
        switch scalar.value {
        case 0xAC00...0xD7A3, 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return nil
        default: break
        }
        switch scalar {
        case "。", "．", "？", "！": return "SF"
        case "…", "‥": return "SE"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation: return "SS"
        case .dashPunctuation: return "SO"
        case .otherPunctuation, .connectorPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol,
             .otherSymbol:
            return "SW"
        default: return nil
        }
    }
}
