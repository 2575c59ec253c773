/// One line of a CoNLL-U sentence: a syntactic word, a multiword-token range (`3-4`) or an
/// empty node (`5.1`), with its ten fields. `_` marks an empty field, as in the format.
public struct ConlluWord: Sendable, Equatable {
    /// The ID field.
    public enum ID: Sendable, Equatable, CustomStringConvertible {
        /// A syntactic word `n` (1-based).
        case word(Int)
        /// A multiword token covering words `first...last` (`3-4`); its FORM is the surface
        /// string, the other fields are normally `_`.
        case range(Int, Int)
        /// An empty node `major.minor` (`5.1`), inserted after word `major` (enhanced graphs).
        case empty(Int, Int)

        /// The ID as written in the file.
        public var description: String {
            switch self {
            case .word(let n): return String(n)
            case .range(let a, let b): return "\(a)-\(b)"
            case .empty(let a, let b): return "\(a).\(b)"
            }
        }

        /// Parses `3`, `3-4` or `5.1`; nil for anything else.
        public init?(_ text: Substring) {
            if let dash = text.firstIndex(of: "-") {
                guard let a = Int(text[..<dash]), let b = Int(text[text.index(after: dash)...]),
                      a >= 1, b >= a else { return nil }
                self = .range(a, b)
            } else if let dot = text.firstIndex(of: ".") {
                guard let a = Int(text[..<dot]), let b = Int(text[text.index(after: dot)...]),
                      a >= 0, b >= 1 else { return nil }
                self = .empty(a, b)
            } else {
                guard let n = Int(text), n >= 1, text.first != "+" else { return nil }
                self = .word(n)
            }
        }
    }

    public var id: ID
    /// Word form or punctuation symbol (for a range: the surface token).
    public var form: String
    public var lemma: String
    /// Universal part-of-speech tag.
    public var upos: String
    /// Language-specific part-of-speech tag (Sejong tags joined with `+` in UD Korean).
    public var xpos: String
    public var feats: String
    /// Head word index as text (`0` for the root, `_` for ranges and empty nodes).
    public var head: String
    public var deprel: String
    public var deps: String
    /// `|`-separated `Name=Value` items, e.g. `SpaceAfter=No`; `_` when none.
    public var misc: String

    /// A word with every field given; unspecified ones are `_`.
    public init(id: ID, form: String, lemma: String = "_", upos: String = "_", xpos: String = "_",
                feats: String = "_", head: String = "_", deprel: String = "_", deps: String = "_",
                misc: String = "_") {
        self.id = id
        self.form = form
        self.lemma = lemma
        self.upos = upos
        self.xpos = xpos
        self.feats = feats
        self.head = head
        self.deprel = deprel
        self.deps = deps
        self.misc = misc
    }

    /// True for a multiword-token range line.
    public var isMultiword: Bool { if case .range = id { return true } else { return false } }
    /// True for an empty node.
    public var isEmptyNode: Bool { if case .empty = id { return true } else { return false } }

    /// False when MISC contains `SpaceAfter=No`. Setting it adds or removes that item and keeps
    /// the other MISC items in order (MISC becomes `_` when nothing is left).
    public var spaceAfter: Bool {
        get { !miscItems.contains("SpaceAfter=No") }
        set {
            var items = miscItems.filter { $0 != "SpaceAfter=No" }
            if !newValue { items.append("SpaceAfter=No") }
            misc = items.isEmpty ? "_" : items.joined(separator: "|")
        }
    }

    /// MISC split at `|` (empty for `_`).
    public var miscItems: [String] {
        misc == "_" || misc.isEmpty ? [] : misc.split(separator: "|").map(String.init)
    }

    /// The ten fields as written in a file, in column order.
    public var fields: [String] {
        [id.description, form, lemma, upos, xpos, feats, head, deprel, deps, misc]
    }
}
