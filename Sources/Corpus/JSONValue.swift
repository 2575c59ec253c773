/// A JSON document built in code and written as text, for reports whose layout is part of
/// their format: each object or array is written on one line (`{"a": 1, "b": [2, 3]}`, the
/// default) or, with `multiline`, one member per line, indented two spaces per level.
///
/// ```swift
/// let value: JSONValue = .object([("tokens", .int(10)), ("f1", .double(0.8))], multiline: true)
/// print(value.text())   // {\n  "tokens": 10,\n  "f1": 0.8\n}
/// ```
public indirect enum JSONValue: Sendable {
    /// An integer.
    case int(Int)
    /// A double in its shortest round-trip form (`0.8`, `1.0`); not finite numbers are written
    /// `0` (JSON has no NaN or infinity).
    case double(Double)
    /// A number already written as JSON text (e.g. fixed decimals, `50.00`).
    case number(String)
    /// A string, escaped by `JSONText.quote`.
    case string(String)
    /// An array.
    case array([JSONValue], multiline: Bool = false)
    /// An object whose members keep the given order.
    case object([(String, JSONValue)], multiline: Bool = false)

    /// The JSON text, without a final newline; `indent` is the indentation of the line it
    /// starts on (what multi-line members are indented from).
    public func text(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    /// Appends the JSON text to `out`.
    public func write(to out: inout String, indent: Int = 0) {
        switch self {
        case .int(let value):
            out += String(value)
        case .double(let value):
            out += value.isFinite ? "\(value)" : "0"
        case .number(let text):
            out += text
        case .string(let text):
            out += JSONText.quote(text)
        case .array(let elements, let multiline):
            writeList(elements.map { (nil, $0) }, open: "[", close: "]", multiline: multiline, to: &out,
                      indent: indent)
        case .object(let members, let multiline):
            writeList(members.map { ($0.0, $0.1) }, open: "{", close: "}", multiline: multiline, to: &out,
                      indent: indent)
        }
    }

    private func writeList(_ items: [(String?, JSONValue)], open: String, close: String, multiline: Bool,
                           to out: inout String, indent: Int) {
        out += open
        let inner = indent + 2
        for (index, (key, value)) in items.enumerated() {
            if index > 0 { out += multiline ? "," : ", " }
            if multiline { out += "\n" + String(repeating: " ", count: inner) }
            if let key { out += JSONText.quote(key) + ": " }
            value.write(to: &out, indent: multiline ? inner : indent)
        }
        if multiline && !items.isEmpty { out += "\n" + String(repeating: " ", count: indent) }
        out += close
    }
}
