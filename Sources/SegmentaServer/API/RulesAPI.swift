import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The rule language: checking a rule and counting the customers it selects.
enum RulesAPI {
  /// A rule to check.
  struct CheckForm: Decodable {
    var rule: String
    /// The wide-table period whose features the rule reads (default: the latest).
    var period: String?
    /// Count the customers the rule selects.
    var count: Bool?
  }

  /// The longest rule accepted, in characters.
  static let maximumRuleLength = 10_000

  static func register(_ routes: Routes, state: ServerState) {
    // The editor checks on every keystroke: the rule data stays loaded until the workspace changes.
    let cache = RuleDataCache()
    state.onChange { cache.clear() }
    routes.add(
      .post, "/api/v1/rules/check", .readDashboards,
      "Check a rule against the workspace and optionally count its matches; an invalid rule is a 200 answer with "
        + "the error's kind, position and caret."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(CheckForm.self, limit: 65_536)
      guard form.rule.count <= maximumRuleLength else {
        throw SegmentaError(.invalidRequest, "a rule has at most \(maximumRuleLength) characters", field: "rule")
      }
      let workflow = CheckRuleWorkflow(
        rule: form.rule, period: try APIInput.checked(form.period, field: "period"), count: form.count ?? false,
        cache: cache)
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
  }
}
