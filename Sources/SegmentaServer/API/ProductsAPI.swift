import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// The product catalogue and the recommendations it gives.
enum ProductsAPI {
  /// A catalogue as YAML (docs/products.md).
  struct DefineForm: Decodable {
    var yaml: String
    /// The wide-table period the rules are checked against (default: the latest).
    var period: String?
  }

  /// Options of a recommendation export.
  struct RecommendForm: Decodable {
    /// Products per customer at most.
    var top: Int?
    /// The wide-table period the rules read (default: the latest).
    var period: String?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.list("/api/v1/products", .readDashboards, "The product catalogue, in catalogue order.", state: state) { _ in
      ListProductsWorkflow()
    }
    routes.add(
      .post, "/api/v1/products", .editProducts,
      "Replace the catalogue from YAML (`yaml`); every product's rules are checked first."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(DefineForm.self, limit: limit)
      let products = try SegmentaError.catching { try ProductCatalogParser.parse(form.yaml, file: "the catalogue") }
      let workflow = DefineProductsWorkflow(
        source: .products(products), period: try APIInput.checked(form.period, field: "period"))
      return JSONBody.response(try await state.write(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/recommendations/export", .exportData,
      "Every customer's recommended products as a CSV download (`top`, `period`); audited."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSONIfPresent(RecommendForm.self, limit: limit) ?? RecommendForm()
      let top = form.top ?? 3
      guard (1...100).contains(top) else {
        throw SegmentaError(.invalidRequest, "top takes a whole number from 1 to 100", field: "top")
      }
      let period = try APIInput.checked(form.period, field: "period")
      return try await CSVTransfer.download(
        filename: "recommendations.csv", state: state, caller: caller, request: request
      ) { path in RecommendWorkflow(top: top, out: path, period: period) }
    }
  }
}
