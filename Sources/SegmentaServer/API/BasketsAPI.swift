import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// Basket analysis: association rules for bundles from an uploaded holdings file.
enum BasketsAPI {
  /// A basket analysis of an upload.
  struct AnalyseForm: Decodable {
    /// The upload holding the holdings CSV (customer_id and item or product).
    var upload: String
    /// The item column (default: item, product or product_id).
    var itemColumn: String?
    var minSupport: Double?
    var minConfidence: Double?
    /// Longest itemset.
    var maxLength: Int?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.add(
      .post, "/api/v1/baskets", .runBaskets,
      "Association rules (FP-Growth) of an uploaded holdings file: frequent itemsets and rules by lift."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(AnalyseForm.self, limit: limit)
      let workflow = BasketWorkflow(
        input: try state.uploads.path(of: form.upload),
        itemColumn: try APIInput.checked(form.itemColumn, field: "item_column"),
        minimumSupport: form.minSupport ?? 0.01, minimumConfidence: form.minConfidence ?? 0.5,
        maximumLength: form.maxLength)
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
  }
}
