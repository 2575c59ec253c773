/// One option a subcommand accepts, for parsing and for `--help`.
public struct OptionSpec {
    /// Long name without dashes, e.g. `format`.
    public var name: String
    /// Placeholder for the value (`FILE`, `N`), nil for a flag that takes no value.
    public var value: String?
    /// One-line help, including the default.
    public var help: String
    /// Optional one-letter alias used with a single dash (`-r`), e.g. for conlleval's spellings.
    public var short: Character? = nil

    /// An option `--name` (with `-short` as well when given) taking `value` (nil: a flag).
    public init(name: String, value: String?, help: String, short: Character? = nil) {
        self.name = name
        self.value = value
        self.help = help
        self.short = short
    }
}

