import Foundation
import Yams

/// A YAML node with its file and position, for reading specs with precise error messages.
struct YAMLValue {
  let node: Node
  let file: String

  /// Parses `text`; an empty document is an empty mapping.
  static func parse(_ text: String, file: String) throws(SpecFileError) -> YAMLValue {
    do {
      let node = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
      return YAMLValue(node: node, file: file)
    } catch let error as YamlError {
      switch error {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        throw SpecFileError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
      default:
        throw SpecFileError(file: file, message: "invalid YAML: \(error)")
      }
    } catch {
      throw SpecFileError(file: file, message: "invalid YAML: \(error)")
    }
  }

  /// Reads a spec file from disk.
  static func load(path: String) throws(SpecFileError) -> YAMLValue {
    try parse(SpecFile.text(at: path, what: "the spec"), file: path)
  }

  func error(_ message: String) -> SpecFileError {
    SpecFileError(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
  }

  /// The mapping's entries in order, or an error naming `what`.
  func mapping(_ what: String) throws(SpecFileError) -> [(key: String, value: YAMLValue, keyNode: YAMLValue)] {
    guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping of key: value") }
    var entries: [(key: String, value: YAMLValue, keyNode: YAMLValue)] = []
    for (key, value) in mapping {
      let keyValue = YAMLValue(node: key, file: file)
      guard let name = key.string else { throw keyValue.error("\(what) has a key that is not text") }
      entries.append((name, YAMLValue(node: value, file: file), keyValue))
    }
    return entries
  }

  /// Checks that a mapping holds only `allowed` keys (catching typos) and returns it as a lookup.
  func fields(_ what: String, allowed: [String]) throws(SpecFileError) -> [String: YAMLValue] {
    var result: [String: YAMLValue] = [:]
    for entry in try mapping(what) {
      guard allowed.contains(entry.key) else {
        let suggestion = Self.closest(entry.key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        throw entry.keyNode.error(
          "unknown key '\(entry.key)' in \(what)\(suggestion); allowed keys are: \(allowed.joined(separator: ", "))")
      }
      result[entry.key] = entry.value
    }
    return result
  }

  func sequence(_ what: String) throws(SpecFileError) -> [YAMLValue] {
    guard case .sequence(let sequence) = node else { throw error("\(what) must be a list") }
    return sequence.map { YAMLValue(node: $0, file: file) }
  }

  /// A scalar as text.
  func text(_ what: String) throws(SpecFileError) -> String {
    guard case .scalar(let scalar) = node else { throw error("\(what) must be a single value, not a list or mapping") }
    return scalar.string
  }

  /// A scalar or a list of scalars, as texts.
  func texts(_ what: String) throws(SpecFileError) -> [String] {
    if case .sequence = node {
      var values: [String] = []
      for item in try sequence(what) { values.append(try item.text("each entry of \(what)")) }
      return values
    }
    return [try text(what)]
  }

  /// Whether the node is a plain (unquoted) scalar that reads as a number.
  var plainNumber: Double? {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return nil }
    let text = scalar.string.replacingOccurrences(of: "_", with: "")
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }

  func number(_ what: String) throws(SpecFileError) -> Double {
    guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
      throw error("\(what) must be a number")
    }
    return value
  }

  func integer(_ what: String) throws(SpecFileError) -> Int {
    guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
      throw error("\(what) must be a whole number")
    }
    return value
  }

  /// The allowed key closest to a typo (edit distance ≤ 2).
  static func closest(_ key: String, in allowed: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
      var previous = Array(0...b.count)
      for (i, ca) in a.enumerated() {
        var current = [i + 1]
        for (j, cb) in b.enumerated() {
          current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
        }
        previous = current
      }
      return previous[b.count]
    }
    let scored = allowed.map { ($0, distance(Array(key), Array($0))) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
  }
}
