/// A way of writing chunks (spans) as one label per token.
///
/// - `iob1`: `I-X` inside chunks; `B-X` only on the first token of a chunk that directly follows
///   a chunk of the same type (CoNLL-2003's original files).
/// - `bio` (IOB2): `B-X` on every chunk's first token, `I-X` on the rest.
/// - `iobes`: `S-X` for one-token chunks, otherwise `B-X`, `I-X`..., `E-X`.
/// - `untyped`: `B-X` on the first token and a bare `I` on the rest (45 POS tags give 46
///   labels in the syllable tagging course notes).
///
/// Every scheme uses `O` for tokens outside chunks. A label's type is everything after its first
/// hyphen (`B-NP-SBJ` has type `NP-SBJ`), as conlleval reads it.
public enum TagScheme: String, Sendable, CaseIterable, Codable {
    case iob1
    case bio
    case iobes
    case untyped

    /// Looks a scheme up by name; `iob2` is accepted for `bio`. Case-insensitive.
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "iob2" { self = .bio; return }
        self.init(rawValue: lower)
    }

    // MARK: - Spans

    /// The chunks in `labels`, in order, read leniently the way conlleval reads them: `B-X`
    /// always opens a chunk; `I-X` continues an open chunk of type X and otherwise opens one (an
    /// `I-` after `O` or after a different type starts a chunk); `E-X` closes an open chunk of
    /// type X (or is a one-token chunk); `S-X` is a one-token chunk; `O` and unknown labels
    /// (no B/I/E/S prefix) close any open chunk. A bare `I` continues any open chunk under
    /// `.untyped` (elsewhere it is an `I` of the empty type). The same decoding serves every
    /// scheme, so labels that break a scheme's rules still give sensible spans; use
    /// `violations(in:)` to find those.
    public func spans(of labels: [String]) -> [Span] {
        var spans: [Span] = []
        var openStart = -1
        var openType: Substring = ""
        func close(_ end: Int) {
            if openStart >= 0 {
                spans.append(Span(start: openStart, end: end, type: String(openType)))
                openStart = -1
            }
        }
        for (index, label) in labels.enumerated() {
            let tag = TagLabel(label)
            let type = tag.type ?? ""
            switch tag.role {
            case .outside, .unknown:
                close(index)
            case .begin:
                close(index)
                openStart = index
                openType = type
            case .inside:
                let continues = openStart >= 0 &&
                    ((self == .untyped && tag.type == nil) || openType == type)
                if !continues {
                    close(index)
                    openStart = index
                    openType = type
                }
            case .end:
                if openStart >= 0 && openType == type {
                    close(index + 1)
                } else {
                    close(index)
                    spans.append(Span(start: index, end: index + 1, type: String(type)))
                }
            case .single:
                close(index)
                spans.append(Span(start: index, end: index + 1, type: String(type)))
            }
        }
        close(labels.count)
        return spans
    }

    /// `count` labels that write `spans` in this scheme; tokens outside every span get `O`.
    /// Spans are taken in order of `start`; a span that is empty, reaches outside `0..<count`
    /// or overlaps an earlier one is clipped to the free tokens, and dropped when none are left.
    /// A span of the empty type gives `B-`, `I-`... (bare `I` under `.untyped`).
    public func labels(for spans: [Span], count: Int) -> [String] {
        var labels = [String](repeating: "O", count: max(count, 0))
        var previousEnd = -1
        var previousType = ""
        for span in spans.sorted() {
            let start = max(span.start, previousEnd, 0)
            let end = min(span.end, count)
            guard start < end else { continue }
            let type = span.type
            switch self {
            case .bio:
                labels[start] = "B-" + type
                for i in (start + 1)..<max(end, start + 1) { labels[i] = "I-" + type }
            case .iob1:
                let adjacent = start == previousEnd && previousType == type
                labels[start] = (adjacent ? "B-" : "I-") + type
                for i in (start + 1)..<max(end, start + 1) { labels[i] = "I-" + type }
            case .iobes:
                if end - start == 1 {
                    labels[start] = "S-" + type
                } else {
                    labels[start] = "B-" + type
                    for i in (start + 1)..<(end - 1) { labels[i] = "I-" + type }
                    labels[end - 1] = "E-" + type
                }
            case .untyped:
                labels[start] = "B-" + type
                for i in (start + 1)..<max(end, start + 1) { labels[i] = "I" }
            }
            previousEnd = end
            previousType = type
        }
        return labels
    }

    /// `labels` (read as in `spans(of:)`) rewritten in `target`. Lossless for labels that are
    /// valid in this scheme: converting back gives the original labels.
    public func convert(_ labels: [String], to target: TagScheme) -> [String] {
        target.labels(for: spans(of: labels), count: labels.count)
    }

    // MARK: - Validation

    /// True when `label` is one this scheme writes: `O`, and `B-X`/`I-X` (bio, iob1),
    /// `B-X`/`I-X`/`E-X`/`S-X` (iobes), `B-X`/bare `I` (untyped). The type may be empty, and a
    /// bare prefix (`B`, `I`, `E`, `S`) is a label of the empty type, as conlleval reads it: the
    /// untyped morpheme-segmentation labels `B`/`I` are valid under every scheme.
    public func isValid(_ label: String) -> Bool {
        isValid(TagLabel(label))
    }

    /// `isValid(_:)` on a label already split into prefix and type.
    func isValid(_ tag: TagLabel) -> Bool {
        switch tag.role {
        case .outside: return tag.type == nil
        case .begin: return true
        case .inside: return self == .untyped ? tag.type == nil : true
        case .end, .single: return self == .iobes
        case .unknown: return false
        }
    }

    /// True when `next` may follow `previous` (nil: `next` starts the sentence) in this scheme.
    /// False whenever `next` is not a valid label of the scheme. Use it to build transition
    /// masks for a CRF or a constrained decoder (see `transitionRule(labels:)`).
    public func allows(previous: String?, next: String) -> Bool {
        allows(previous: previous.map { TagLabel($0) }, next: TagLabel(next))
    }

    /// `allows(previous:next:)` on labels already split into prefix and type.
    func allows(previous p: TagLabel?, next n: TagLabel) -> Bool {
        allows(previousRole: p?.role, nextRole: n.role, nextValid: isValid(n),
               sameType: p?.typeName == n.typeName)
    }

    /// The rule of `allows(previous:next:)` on what it depends on: the labels' roles, whether
    /// `next` is a label of this scheme, and whether the two have the same type
    /// (`transitionRule` works these out once per label, then answers about any pair).
    func allows(previousRole: TagLabel.Role?, nextRole: TagLabel.Role, nextValid: Bool,
                sameType: Bool) -> Bool {
        guard nextValid else { return false }
        let previousOpen = previousRole == .begin || previousRole == .inside
        switch self {
        case .bio:
            if nextRole == .inside { return previousOpen && sameType }
            return true
        case .iob1:
            if nextRole == .begin { return previousOpen && sameType }
            return true
        case .iobes:
            switch nextRole {
            case .inside, .end: return previousOpen && sameType
            default: return !previousOpen
            }
        case .untyped:
            if nextRole == .inside { return previousOpen }
            return true
        }
    }

    /// True when a sentence may end with `last` (nil: the empty sentence). Only IOBES forbids
    /// ending inside a chunk (`B-X`, `I-X`).
    public func allowsEnd(after last: String?) -> Bool {
        allowsEnd(after: last.map { TagLabel($0) })
    }

    /// `allowsEnd(after:)` on a label already split into prefix and type.
    func allowsEnd(after last: TagLabel?) -> Bool {
        guard let last else { return true }
        guard isValid(last) else { return false }
        if self == .iobes {
            let role = last.role
            return role != .begin && role != .inside
        }
        return true
    }

    /// Every place where `labels` breaks this scheme, in order: labels the scheme does not
    /// use, transitions it forbids (with the position of the second label), and an unfinished
    /// chunk at the end (position `labels.count`). Empty for a valid sequence.
    public func violations(in labels: [String]) -> [SchemeViolation] {
        var found: [SchemeViolation] = []
        var previous: String?
        for (index, label) in labels.enumerated() {
            if !isValid(label) {
                found.append(SchemeViolation(position: index, previous: previous, label: label,
                                             reason: "'\(label)' is not a label of the \(rawValue) scheme"))
            } else if !allows(previous: previous, next: label) {
                let before = previous.map { "'\($0)'" } ?? "the start of the sentence"
                let reason = "'\(label)' cannot follow \(before) in the \(rawValue) scheme"
                found.append(SchemeViolation(position: index, previous: previous, label: label, reason: reason))
            }
            previous = label
        }
        if let last = labels.last, isValid(last), !allowsEnd(after: last) {
            found.append(SchemeViolation(position: labels.count, previous: last, label: nil,
                                         reason: "the sentence ends inside a chunk ('\(last)'); " +
                                                 "\(rawValue) chunks end with E- or S-"))
        }
        return found
    }

    /// `allows(previous:next:)` and `allowsEnd(after:)` for labels given by their index in
    /// `labels`: `allows(previous, next)` (previous nil: `next` starts the sentence) and
    /// `ends(last)`. Each label is split once, so a decoder's transition mask, which asks about
    /// every pair (`labels.count²` questions), costs no string work. Indexes must be in
    /// `labels.indices`.
    public func transitionRule(labels: [String])
        -> (allows: (_ previous: Int?, _ next: Int) -> Bool, ends: (_ last: Int) -> Bool) {
        let tags = labels.map { TagLabel($0) }
        var numbers: [String: Int] = [:]
        let typeNumbers = tags.map { tag in
            let name = tag.typeName
            if let known = numbers[name] { return known }
            numbers[name] = numbers.count
            return numbers.count - 1
        }
        let roles = tags.map(\.role), valid = tags.map { isValid($0) }
        let ends = tags.map { allowsEnd(after: $0) }
        return ({ previous, next in
            allows(previousRole: previous.map { roles[$0] }, nextRole: roles[next], nextValid: valid[next],
                   sameType: previous.map { typeNumbers[$0] == typeNumbers[next] } ?? false)
        }, { ends[$0] })
    }

    /// The labels of this scheme for the chunk `types`, `O` first, then per type in the given
    /// order (bio: B-X, I-X; iob1: B-X, I-X; iobes: B-X, I-X, E-X, S-X; untyped: B-X per type
    /// and one bare `I` at the end).
    public func labelSet(types: [String]) -> [String] {
        var result = ["O"]
        for type in types {
            switch self {
            case .bio, .iob1: result += ["B-" + type, "I-" + type]
            case .iobes: result += ["B-" + type, "I-" + type, "E-" + type, "S-" + type]
            case .untyped: result.append("B-" + type)
            }
        }
        if self == .untyped { result.append("I") }
        return result
    }
}
