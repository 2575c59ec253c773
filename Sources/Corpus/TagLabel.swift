/// A chunk label split into its prefix and type the way conlleval splits it: the type is
/// everything after the first hyphen (`B-NP-SBJ` is prefix `B`, type `NP-SBJ`); a label without
/// a hyphen is all prefix with no type (`O`, bare `I`, `B`).
public struct TagLabel: Sendable, Hashable {
    /// The part before the first hyphen (the whole label when there is none).
    public var prefix: Substring
    /// The part after the first hyphen, nil when the label has no hyphen.
    public var type: Substring?

    /// Splits `label` at its first hyphen.
    public init(_ label: String) {
        self.init(label[...])
    }

    /// Splits `label` at its first hyphen.
    public init(_ label: Substring) {
        // Searched as bytes: `-` is ASCII, so its UTF-8 index is a valid character boundary, and
        // the byte scan avoids comparing whole characters (decoding a tagger's output parses
        // every label this way).
        if let dash = label.utf8.firstIndex(of: UInt8(ascii: "-")) {
            prefix = label[..<dash]
            type = label[label.index(after: dash)...]
        } else {
            prefix = label
            type = nil
        }
    }

    /// The role of the label in a chunk, independent of the scheme.
    public enum Role: Sendable, Equatable {
        /// `O`: outside any chunk.
        case outside
        /// `B-X` (or bare `B`): begins a chunk.
        case begin
        /// `I-X` (or bare `I`): inside a chunk.
        case inside
        /// `E-X`: ends a chunk (IOBES).
        case end
        /// `S-X`: a one-token chunk (IOBES).
        case single
        /// Anything else (`X`, `Q-PER`, empty): not a chunk label.
        case unknown
    }

    /// The role given by the prefix; `O` with a type (`O-X`) is still outside.
    public var role: Role {
        // One ASCII byte, or not a chunk prefix (no other string is canonically equivalent to
        // one of these letters, so this is what comparing the strings decides, without it).
        let utf8 = prefix.utf8
        guard utf8.count == 1, let byte = utf8.first else { return .unknown }
        switch byte {
        case UInt8(ascii: "O"): return .outside
        case UInt8(ascii: "B"): return .begin
        case UInt8(ascii: "I"): return .inside
        case UInt8(ascii: "E"): return .end
        case UInt8(ascii: "S"): return .single
        default: return .unknown
        }
    }

    /// The type, or `""` when there is none.
    public var typeName: String { type.map(String.init) ?? "" }
}
