import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// Churn propensity: fitting (a job), scoring and the latest model's report.
enum ChurnAPI {
  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.add(
      .post, "/api/v1/churn/fit", .segment,
      "Fit a churn model (a job): `label` or `inactive_days`, `features`, `period`, `model` (logistic or gbt), "
        + "`folds`, `seed`."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ChurnFitRequest.self, limit: limit)
      return try await JobsAPI.submit(.churnFit(form), request: request, caller: caller, state: state)
    }
    routes.add(
      .get, "/api/v1/churn/model", .readDashboards,
      "The churn model (`version`, default the latest): AUC and fold AUCs, gains, calibration, feature importance."
    ) { request, _, caller in
      let version = try request.queryInteger("version", in: 1...1_000_000)
      let output = try await state.read(
        ChurnReportWorkflow(version: version, format: .json), caller: caller, command: request.auditCommand)
      return JSONBody.response(output.report)
    }
    routes.add(
      .post, "/api/v1/churn/score", .segment,
      "Score every customer with the latest churn model into the column churn_score and the segmentation churn_risk."
    ) { request, _, caller in
      let output = try await state.write(ChurnScoreWorkflow(), caller: caller, command: request.auditCommand)
      return JSONBody.response(output)
    }
  }
}
