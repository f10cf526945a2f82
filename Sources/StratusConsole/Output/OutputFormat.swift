import ArgumentParser

/// How results are printed: `table` for people, `json` and `yaml` for scripts (stable field
/// names and order; a list command always prints a list, a show command one object).
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    case table, json, yaml

    /// Renders a list of records.
    public func render(_ records: [Record]) -> String {
        switch self {
        case .table: return TableText.render(records)
        case .json: return "[" + records.map { JSONText.object($0, indent: "  ") }.joined(separator: ",") + (records.isEmpty ? "]\n" : "\n]\n")
        case .yaml: return records.isEmpty ? "[]\n" : records.map { YAMLText.object($0) }.joined()
        }
    }

    /// Renders one record.
    public func render(_ record: Record) -> String {
        switch self {
        case .table: return TableText.vertical(record)
        case .json: return JSONText.object(record, indent: "") .trimmingLeadingNewline() + "\n"
        case .yaml: return YAMLText.mapping(record)
        }
    }
}

enum TableText {
    static func render(_ records: [Record]) -> String {
        guard let first = records.first else { return "(none)\n" }
        let names = first.fields.map(\.name)
        let rows = records.map { record in names.map { record[$0]?.cell ?? "-" } }
        let widths = names.indices.map { column in ([names[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingTrailingSpaces()
        }
        return ([line(names.map { $0.uppercased() })] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    static func vertical(_ record: Record) -> String {
        let width = record.fields.map(\.name.count).max() ?? 0
        return record.fields.map { "\($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.value.cell)" }
            .joined(separator: "\n") + "\n"
    }
}

enum JSONText {
    static func object(_ record: Record, indent: String) -> String {
        let inner = indent + "  "
        let body = record.fields.map { "\(inner)\(string($0.name)): \(value($0.value))" }.joined(separator: ",\n")
        return "\n\(indent){\n\(body)\n\(indent)}"
    }

    static func value(_ value: Record.Value) -> String {
        switch value {
        case .string(let text): return string(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return "[" + items.map(string).joined(separator: ", ") + "]"
        case .null: return "null"
        }
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

enum YAMLText {
    /// A list item.
    static func object(_ record: Record) -> String {
        var lines: [String] = []
        for (index, field) in record.fields.enumerated() {
            lines.append((index == 0 ? "- " : "  ") + "\(field.name): \(value(field.value, indent: "    "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func mapping(_ record: Record) -> String {
        record.fields.map { "\($0.name): \(value($0.value, indent: "  "))" }.joined(separator: "\n") + "\n"
    }

    static func value(_ value: Record.Value, indent: String) -> String {
        switch value {
        case .string(let text): return JSONText.string(text)  // a JSON string is a valid YAML double-quoted scalar
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return items.isEmpty ? "[]" : "\n" + items.map { "\(indent)- \(JSONText.string($0))" }.joined(separator: "\n")
        case .null: return "null"
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    func trimmingLeadingNewline() -> String { hasPrefix("\n") ? String(dropFirst()) : self }
}
