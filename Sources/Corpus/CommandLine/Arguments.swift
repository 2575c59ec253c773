/// Parsed command-line arguments of one subcommand: `--name value`, `--name=value`, flags and
/// positional operands (`--` ends options; `-` alone is an operand meaning standard input).
public struct Arguments {
    /// Every value given for each option that takes one, in order, by long name.
    public private(set) var values: [String: [String]] = [:]
    /// The flags given (options that take no value), by long name.
    public private(set) var flags: Set<String> = []
    /// The operands, in order (`-` included).
    public private(set) var positionals: [String] = []

    /// Parses `arguments` against `specs`.
    /// - Throws: `UsageError` for an unknown option or a missing value.
    public init(_ arguments: [String], specs: [OptionSpec]) throws {
        var byName: [String: OptionSpec] = [:]
        var byShort: [String: OptionSpec] = [:]
        for spec in specs {
            byName[spec.name] = spec
            if let short = spec.short { byShort[String(short)] = spec }
        }
        var index = 0
        var onlyOperands = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyOperands || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyOperands = true; continue }
            var name = argument.drop(while: { $0 == "-" })
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = name[..<equals]
            }
            let short = argument.hasPrefix("--") ? nil : byShort[String(name)]
            guard let spec = short ?? byName[String(name)] else {
                throw UsageError("unknown option '\(argument)'; see --help")
            }
            if spec.value == nil {
                if inline != nil { throw UsageError("option --\(spec.name) takes no value") }
                flags.insert(spec.name)
            } else {
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard index < arguments.count else {
                        throw UsageError("option --\(spec.name) needs a value (\(spec.value ?? "VALUE"))")
                    }
                    value = arguments[index]
                    index += 1
                }
                values[spec.name, default: []].append(value)
            }
        }
    }

    /// True when the flag `name` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given for `name`, or nil.
    public func string(_ name: String) -> String? { values[name]?.last }

    /// An integer option within `range`, or `defaultValue` when absent.
    public func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max)
        throws -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) expects an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// A floating-point option within `range`, or `defaultValue` when absent.
    public func double(_ name: String, default defaultValue: Double,
                in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        throws -> Double {
        guard let text = string(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("--\(name) expects a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// The case of `T` the option `name` names (its raw value), nil when the option is absent.
    /// - Throws: `UsageError` listing the cases when the value is none of them.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String) throws -> T? where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let names = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("--\(name) must be one of \(names), got '\(text)'")
        }
        return value
    }

    /// A value that must be one of `choices`, or `defaultValue` when absent.
    public func choice(_ name: String, _ choices: [String], default defaultValue: String) throws -> String {
        guard let text = string(name) else { return defaultValue }
        guard choices.contains(text) else {
            throw UsageError("--\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}

/// Formats a subcommand's help text from its synopsis and option specs: usage, summary, then
/// one aligned line per option and `--help`.
public func helpText(usage: String, summary: String, specs: [OptionSpec]) -> String {
    var lines = ["usage: \(usage)", "", summary, "", "options:"]
    let rendered = specs.map { spec -> (String, String) in
        ((spec.short.map { "-\($0), " } ?? "") + "--\(spec.name)" + (spec.value.map { " \($0)" } ?? ""), spec.help)
    }
    // "--help" itself counts: a command without options still gets a gap after it.
    let width = min(28, max(rendered.map { $0.0.count }.max() ?? 0, "--help".count) + 2)
    for (left, right) in rendered {
        let padded = left.count < width ? left + String(repeating: " ", count: width - left.count) : left + "  "
        lines.append("  " + padded + right)
    }
    lines.append("  " + "--help" + String(repeating: " ", count: max(0, width - 6)) + "show this help")
    return lines.joined(separator: "\n")
}
