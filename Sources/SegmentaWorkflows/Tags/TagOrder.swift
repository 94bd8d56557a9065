import SegmentaCore

/// Tag definitions in the order they can be computed.
enum TagOrder {
  /// The definitions with their compiled rules, each after the tags it reads.
  ///
  /// - Throws: ``TagDefinitionError`` when a rule does not check or tags read each other in a circle.
  static func order(_ definitions: [TagDefinition], schema: RuleSchema) throws(TagDefinitionError)
    -> [(TagDefinition, CompiledRule)]
  {
    var compiled: [String: CompiledRule] = [:]
    for definition in definitions {
      do {
        compiled[definition.name] = try CompiledRule(definition.rule, schema: schema)
      } catch {
        throw TagDefinitionError.rule(tag: definition.name, error: error)
      }
    }
    var result: [(TagDefinition, CompiledRule)] = []
    var state: [String: Int] = [:]  // 1 visiting, 2 done
    let byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    func visit(_ name: String, path: [String]) throws(TagDefinitionError) {
      if state[name] == 2 { return }
      if state[name] == 1 { throw TagDefinitionError.cycle(path + [name]) }
      guard let definition = byName[name], let rule = compiled[name] else { return }
      state[name] = 1
      for dependency in rule.tags.sorted() { try visit(dependency, path: path + [name]) }
      state[name] = 2
      result.append((definition, rule))
    }
    for definition in definitions { try visit(definition.name, path: []) }
    return result
  }
}
