import Foundation

@testable import SegmentaServer

/// A small JSON Schema validator for the schemas the OpenAPI document uses: `type` (one or a list),
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `$ref` (within the document),
/// `anyOf`, `oneOf`, `minimum` and `maximum`.
struct JSONSchemaValidator {
  /// The document `$ref`s point into.
  let document: JSONValue

  /// Every way `value` breaks `schema`, each as "path: problem" (empty when it conforms).
  func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
    guard case .object(let rules) = schema else { return ["\(path): the schema is not an object"] }
    if case .string(let reference)? = rules["$ref"] {
      guard let target = resolve(reference) else { return ["\(path): cannot resolve \(reference)"] }
      return problems(value, target, at: path)
    }
    var found: [String] = []
    if let type = rules["type"] {
      let types: [String] =
        switch type {
        case .string(let name): [name]
        case .array(let names): names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default: []
        }
      if !types.contains(where: { Self.matches(value, type: $0) }) {
        return ["\(path): expected \(types.joined(separator: " or ")), found \(Self.kind(value))"]
      }
    }
    if case .array(let choices)? = rules["enum"], !choices.contains(value) {
      found.append("\(path): \(value) is not one of \(choices)")
    }
    if case .number(let number) = value {
      if case .number(let minimum)? = rules["minimum"], number < minimum {
        found.append("\(path): \(number) < minimum \(minimum)")
      }
      if case .number(let maximum)? = rules["maximum"], number > maximum {
        found.append("\(path): \(number) > maximum \(maximum)")
      }
    }
    if case .array(let choices)? = rules["anyOf"] {
      if !choices.contains(where: { problems(value, $0, at: path).isEmpty }) {
        found.append("\(path): matches none of anyOf (\(choices.map { problems(value, $0, at: path) }))")
      }
    }
    if case .array(let choices)? = rules["oneOf"] {
      let matching = choices.filter { problems(value, $0, at: path).isEmpty }.count
      if matching != 1 { found.append("\(path): matches \(matching) of oneOf, not exactly one") }
    }
    if case .object(let members) = value {
      if case .array(let required)? = rules["required"] {
        for case .string(let name) in required where members[name] == nil {
          found.append("\(path): lacks required '\(name)'")
        }
      }
      let properties: [String: JSONValue]
      if case .object(let declared)? = rules["properties"] { properties = declared } else { properties = [:] }
      for (name, member) in members.sorted(by: { $0.key < $1.key }) {
        if let property = properties[name] {
          found += problems(member, property, at: "\(path).\(name)")
        } else if let additional = rules["additionalProperties"] {
          if case .bool(false) = additional {
            found.append("\(path): unexpected '\(name)'")
          } else if case .object = additional {
            found += problems(member, additional, at: "\(path).\(name)")
          }
        }
      }
    }
    if case .array(let elements) = value, let items = rules["items"] {
      for (index, element) in elements.enumerated() {
        found += problems(element, items, at: "\(path)[\(index)]")
      }
    }
    return found
  }

  /// The schema `#/a/b/c` points to.
  func resolve(_ reference: String) -> JSONValue? {
    guard reference.hasPrefix("#/") else { return nil }
    var node: JSONValue? = document
    for key in reference.dropFirst(2).split(separator: "/") {
      let name = String(key).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
      node = node?[name]
    }
    return node
  }

  static func matches(_ value: JSONValue, type: String) -> Bool {
    switch (type, value) {
    case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
      ("object", .object):
      return true
    case ("integer", .number(let number)): return number == number.rounded() && number.isFinite
    default: return false
    }
  }

  static func kind(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
}
