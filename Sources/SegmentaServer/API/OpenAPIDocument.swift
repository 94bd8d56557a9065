import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// The OpenAPI 3.1 document of the API, built from the route table (every `.api` route with its method,
/// path, summary, access and permission) and the hand-written schemas of its bodies; served at
/// `GET /api/v1/openapi.json` without sign-in.
enum OpenAPIDocument {
  /// What the route table does not say about an operation: its query parameters, its request body and
  /// its successful response.
  struct Operation: Sendable {
    /// Query parameters and their schemas.
    var query: [(name: String, schema: JSONValue)] = []
    /// The request body's schema and media type, if it takes one.
    var body: (type: String, schema: JSONValue, required: Bool)?
    /// The successful status.
    var status = 200
    /// The successful response's media type and schema (nil: no content).
    var response: (type: String, schema: JSONValue)? = ("application/json", Schema.any)
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.open(.get, "/api/v1/openapi.json", "This OpenAPI 3.1 document (no sign-in needed).") { _, _ in
      let data = try JSONEncoder.sorted.encode(document(state.routes.all))
      return Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
  }

  /// The document for `routes` (pages and assets are left out).
  static func document(_ routes: [RouteSpec]) -> JSONValue {
    var paths: [String: [String: JSONValue]] = [:]
    for route in routes where route.kind == .api {
      let (path, parameters) = openAPIPath(route.path)
      let key = "\(route.method.rawValue) \(route.path)"
      let operation = operations[key] ?? Operation()
      var entry: [String: JSONValue] = [
        "operationId": .string(operationID(route)), "summary": .string(route.summary),
      ]
      let query: [JSONValue] = operation.query.map { name, schema in
        ["name": .string(name), "in": "query", "required": false, "schema": schema]
      }
      if !(parameters + query).isEmpty { entry["parameters"] = .array(parameters + query) }
      if let body = operation.body {
        entry["requestBody"] = [
          "required": .bool(body.required), "content": [body.type: ["schema": body.schema]],
        ]
      }
      var responses: [String: JSONValue] = ["default": ["$ref": "#/components/responses/Error"]]
      if let content = operation.response {
        responses[String(operation.status)] = [
          "description": .string(route.summary), "content": [content.type: ["schema": content.schema]],
        ]
      } else {
        responses[String(operation.status)] = ["description": .string(route.summary)]
      }
      switch route.access {
      case .open:
        entry["security"] = []
      case .signedIn:
        entry["security"] = security
        entry["x-permission"] = "signed_in"
      case .permission(let permission):
        entry["security"] = security
        entry["x-permission"] = .string(permission.rawValue)
      }
      if route.access != .open {
        responses["401"] = ["$ref": "#/components/responses/Unauthenticated"]
        responses["403"] = ["$ref": "#/components/responses/Forbidden"]
      }
      entry["responses"] = .object(responses)
      paths[path, default: [:]][route.method.rawValue.lowercased()] = .object(entry)
    }
    func errorResponse(_ description: String) -> JSONValue {
      ["description": .string(description), "content": ["application/json": ["schema": Schema.ref("Error")]]]
    }
    return [
      "openapi": "3.1.0",
      "info": [
        "title": "Segmenta API", "version": .string(SegmentaVersion.current),
        "description": .string(
          "Customer segmentation, tags, products and campaigns. Sign in with POST /api/v1/session (a session "
            + "cookie; unsafe requests then carry the X-CSRF-Token header from GET /api/v1/me) or send an API "
            + "token as Authorization: Bearer (`segmenta users token NAME`)."),
      ],
      "paths": .object(paths.mapValues { .object($0) }),
      "components": [
        "schemas": .object(OpenAPISchemas.all),
        "responses": [
          "Error": errorResponse("The error, with a stable code (see the Error schema)."),
          "Unauthenticated": errorResponse("Not signed in, or the session or token is not valid."),
          "Forbidden": errorResponse("The caller's role lacks the permission, or the CSRF token is missing."),
        ],
        "securitySchemes": [
          "bearer": ["type": "http", "scheme": "bearer", "description": "An API token: sgt_<id>_<secret>."],
          "cookie": ["type": "apiKey", "in": "cookie", "name": .string(SessionCookie.name)],
        ],
      ],
    ]
  }

  private static let security: JSONValue = [["bearer": []], ["cookie": []]]

  /// `/api/v1/campaigns/:name` as `/api/v1/campaigns/{name}`, with the path parameters.
  static func openAPIPath(_ path: String) -> (String, [JSONValue]) {
    var parameters: [JSONValue] = []
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
      guard part.hasPrefix(":") else { return String(part) }
      let name = String(part.dropFirst())
      let schema: JSONValue =
        name == "segment" || (name == "id" && path.hasPrefix("/api/v1/jobs/"))
        ? ["type": "integer", "minimum": 1] : ["type": "string", "minLength": 1]
      parameters.append(["name": .string(name), "in": "path", "required": true, "schema": schema])
      return "{" + name + "}"
    }
    return (parts.joined(separator: "/"), parameters)
  }

  /// A stable operation id: the method and the path's words (`get_campaigns_name_evaluation`).
  static func operationID(_ route: RouteSpec) -> String {
    let words = route.path.dropFirst("/api/v1/".count).map { $0.isLetter || $0.isNumber ? $0 : "_" }
    return route.method.rawValue.lowercased() + "_" + String(words).split(separator: "_").joined(separator: "_")
  }

  /// Every operation's query, body and response, by `METHOD /path`.
  static let operations: [String: Operation] = {
    let s = Schema.self
    let paging: [(name: String, schema: JSONValue)] = [
      ("offset", ["type": "integer", "minimum": 0]), ("limit", ["type": "integer", "minimum": 1, "maximum": 500]),
    ]
    let period: (name: String, schema: JSONValue) = ("period", s.string)
    let version: (name: String, schema: JSONValue) = ("version", ["type": "integer", "minimum": 1])
    func json(_ name: String) -> (type: String, schema: JSONValue)? { ("application/json", s.ref(name)) }
    func page(_ item: String) -> (type: String, schema: JSONValue)? {
      ("application/json", s.ref(Schema.pageName(item)))
    }
    func body(_ properties: [String: JSONValue], required: [String] = [], optional: Bool = false) -> (
      type: String, schema: JSONValue, required: Bool
    ) {
      ("application/json", s.object(properties, required: required), !optional)
    }
    let csv: (type: String, schema: JSONValue)? = ("text/csv", s.string)
    let rawCSV: (type: String, schema: JSONValue, required: Bool) = ("text/csv", s.string, true)
    let onError: (name: String, schema: JSONValue) = ("on_error", s.enumeration(BadRowPolicy.allCases.map(\.rawValue)))
    let lang = s.enumeration(["zh", "en", "both"])
    var o: [String: Operation] = [:]
    o["GET /api/v1/health"] = Operation(response: json("Health"))
    o["POST /api/v1/session"] = Operation(
      body: body(["name": s.string, "password": s.string], required: ["name", "password"]), status: 201,
      response: json("Me"))
    o["DELETE /api/v1/session"] = Operation(status: 204, response: nil)
    o["GET /api/v1/me"] = Operation(response: json("Me"))
    o["POST /api/v1/jobs/import-customers"] = Operation(
      body: body(
        ["upload": s.string, "id_column": s.string, "on_error": onError.schema, "delimiter": s.string],
        required: ["upload"]), status: 202, response: json("Job"))
    o["POST /api/v1/jobs/build-features"] = Operation(
      body: body(
        [
          "spec": s.string, "spec_upload": s.string, "events": s.array(s.string), "period": s.string,
          "as_of": s.string, "replace": s.boolean, "allow_empty": s.boolean, "strict": s.boolean,
          "delimiter": s.string,
        ], required: ["events"]), status: 202, response: json("Job"))
    o["POST /api/v1/jobs/import-features"] = Operation(
      body: body(
        [
          "upload": s.string, "spec": s.string, "spec_upload": s.string, "period": s.string, "replace": s.boolean,
          "delimiter": s.string,
        ], required: ["upload"]), status: 202, response: json("Job"))
    o["POST /api/v1/jobs/segment"] = Operation(
      body: body(
        [
          "name": s.string, "method": s.enumeration(["kmeans", "som", "kprototypes", "cube"]), "grid": s.string,
          "categorical": s.string, "gamma": s.any, "k": s.any,
          "dimensions": s.string, "min_size": ["type": "integer", "minimum": 1],
          "k_range": s.string, "features": s.string,
          "period": s.string, "groups": s.integer, "seed": s.integer, "restarts": s.integer, "scale": s.string,
          "log": s.string, "log_features": s.array(s.string), "winsorize": s.any, "impute": s.string,
          "weights": s.array(s.string), "max_iterations": s.integer, "tolerance": s.number,
          "silhouette_sample": s.integer, "sample_limit": s.integer,
        ], required: ["name"]), status: 202, response: json("Job"))
    o["POST /api/v1/jobs/apply-tags"] = Operation(
      body: body(["period": s.string]), status: 202, response: json("Job"))
    o["POST /api/v1/jobs/select-campaign"] = Operation(
      body: body(["name": s.string, "period": s.string], required: ["name"]), status: 202, response: json("Job"))
    o["GET /api/v1/jobs"] = Operation(query: paging, response: page("Job"))
    o["GET /api/v1/jobs/:id"] = Operation(response: json("Job"))
    o["POST /api/v1/jobs/:id/cancel"] = Operation(status: 202, response: json("Job"))
    o["GET /api/v1/jobs/:id/events"] = Operation(response: ("text/event-stream", s.string))
    o["POST /api/v1/uploads"] = Operation(
      query: [("name", s.string)], body: ("application/octet-stream", s.string, true), status: 201,
      response: json("Upload"))
    o["GET /api/v1/uploads"] = Operation(query: paging, response: page("Upload"))
    o["GET /api/v1/uploads/:id"] = Operation(response: json("Upload"))
    o["GET /api/v1/uploads/:id/preview"] = Operation(
      query: [
        ("delimiter", s.string), ("id_column", s.string), ("rows", ["type": "integer", "minimum": 0, "maximum": 100]),
      ],
      response: json("Preview"))
    o["GET /api/v1/customers"] = Operation(
      query: [("search", s.string), ("limit", ["type": "integer", "minimum": 1, "maximum": 100])],
      response: json("CustomerSearch"))
    o["GET /api/v1/customers/:id"] = Operation(response: json("CustomerCard"))
    o["POST /api/v1/customers/:id/reveal"] = Operation(
      response: (
        "application/json",
        s.array(
          s.object(
            ["column": s.string, "value": s.string, "masked": s.boolean], required: ["column", "value", "masked"]))
      ))
    o["GET /api/v1/status"] = Operation(response: json("Status"))
    o["GET /api/v1/periods"] = Operation(query: paging, response: page("Period"))
    o["GET /api/v1/audit"] = Operation(query: [("campaign", s.string)] + paging, response: page("ExportRecord"))
    o["GET /api/v1/features"] = Operation(query: [period], response: json("FeatureStatistics"))
    o["POST /api/v1/features/export"] = Operation(body: body(["period": s.string], optional: true), response: csv)
    o["GET /api/v1/segmentations"] = Operation(
      query: [("latest", s.boolean)] + paging, response: page("SegmentationSummary"))
    o["GET /api/v1/segmentations/:name"] = Operation(
      query: [version, ("spec", s.string)], response: json("SegmentationDetail"))
    o["PUT /api/v1/segmentations/:name/segments/:segment/name"] = Operation(
      body: body(["label": s.string, "lang": lang, "zh": s.string, "en": s.string, "version": s.integer]),
      response: json("RenamedSegment"))
    o["GET /api/v1/segmentations/:name/members"] = Operation(
      query: [version, ("segment", ["type": "integer", "minimum": 1])] + paging + [
        ("features", ["type": "integer", "minimum": 0, "maximum": 50])
      ], response: json("Members"))
    o["POST /api/v1/segmentations/:name/export"] = Operation(
      body: body(["version": s.integer, "lang": lang], optional: true), response: csv)
    o["POST /api/v1/segmentations/:name/assign"] = Operation(
      body: body(
        ["upload": s.string, "id_column": s.string, "version": s.integer, "lang": lang, "delimiter": s.string],
        required: ["upload"]), response: csv)
    o["POST /api/v1/segmentations/:name/refresh"] = Operation(
      body: body(["period": s.string, "version": s.integer, "where": s.string], optional: true),
      response: json("SegmentationRefresh"))
    o["POST /api/v1/segmentations/:name/stability"] = Operation(
      body: body(
        [
          "version": s.integer, "bootstrap": ["type": "integer", "minimum": 2, "maximum": 200],
          "seeds": ["type": "integer", "minimum": 0, "maximum": 20], "seed": s.integer,
        ], optional: true), response: json("SegmentationStability"))
    o["POST /api/v1/segmentations/:name/assess"] = Operation(
      body: body(["spec": s.string, "version": s.integer], required: ["spec"]), response: json("SegmentAssessment"))
    o["GET /api/v1/segmentations/:name/assess"] = Operation(query: [version], response: json("SegmentAssessment"))
    o["GET /api/v1/segmentations/:name/compare"] = Operation(
      query: [
        ("with", ["type": "string"]), version, ("with_version", ["type": "integer", "minimum": 1]),
      ], response: json("SegmentationComparison"))
    o["GET /api/v1/segmentations/:name/stability"] = Operation(
      query: [version], response: json("SegmentationStability"))
    o["GET /api/v1/segmentations/:name/migration"] = Operation(
      query: [("from", ["type": "integer", "minimum": 1]), ("to", ["type": "integer", "minimum": 1])],
      response: json("SegmentationMigration"))
    o["POST /api/v1/segmentations/:name/movers"] = Operation(
      body: body(["from": s.integer, "to": s.integer, "lang": lang], optional: true), response: csv)
    let memberQuery: [(name: String, schema: JSONValue)] = [("columns", s.string), period] + paging
    let memberExport: [String: JSONValue] = [
      "columns": s.string, "period": s.string, "reveal": s.boolean, "lang": lang,
    ]
    o["GET /api/v1/segmentations/:name/segments/:segment/members"] = Operation(
      query: [version] + memberQuery, response: json("MemberList"))
    o["POST /api/v1/segmentations/:name/segments/:segment/members/export"] = Operation(
      body: body(memberExport.merging(["version": s.integer]) { a, _ in a }, optional: true), response: csv)
    o["GET /api/v1/tags/:name/members"] = Operation(
      query: [("value", s.string)] + memberQuery, response: json("MemberList"))
    o["POST /api/v1/tags/:name/members/export"] = Operation(
      body: body(memberExport.merging(["value": s.string]) { a, _ in a }, optional: true), response: csv)
    o["GET /api/v1/rules/members"] = Operation(query: [("rule", s.string)] + memberQuery, response: json("MemberList"))
    o["POST /api/v1/rules/members/export"] = Operation(
      body: body(memberExport.merging(["rule": s.string]) { a, _ in a }, required: ["rule"]), response: csv)
    o["POST /api/v1/churn/fit"] = Operation(
      body: body(
        [
          "label": s.string, "inactive_days": s.integer, "activity_column": s.string, "features": s.string,
          "period": s.string, "model": ["type": "string", "enum": ["logistic", "gbt"]], "folds": s.integer,
          "seed": s.integer, "permutation_repeats": ["type": "integer", "minimum": 0, "maximum": 100],
        ]), status: 202, response: json("Job"))
    o["GET /api/v1/churn/model"] = Operation(query: [version], response: json("ChurnModel"))
    o["POST /api/v1/churn/score"] = Operation(response: json("ChurnScores"))
    let sqlTarget = s.enumeration(SQLDialect.allCases.map(\.rawValue))
    o["POST /api/v1/compile/model"] = Operation(
      body: body(
        ["segmentation": s.string, "version": s.integer, "target": sqlTarget, "table": s.string],
        required: ["segmentation"]), response: json("CompiledModel"))
    o["POST /api/v1/compile/rule"] = Operation(
      body: body(
        ["rule": s.string, "target": sqlTarget, "table": s.string, "tag_table": s.string, "period": s.string],
        required: ["rule"]), response: json("CompiledRule"))
    o["POST /api/v1/compile/tags"] = Operation(
      body: body(
        ["target": sqlTarget, "table": s.string, "tag_table": s.string, "period": s.string], optional: true),
      response: json("CompiledTags"))
    o["POST /api/v1/compile/export-model"] = Operation(
      body: body(
        [
          "segmentation": s.string, "version": s.integer,
          "format": s.enumeration(ExportModelWorkflow.Format.allCases.map(\.rawValue)),
        ], required: ["segmentation"]), response: json("ExportedModel"))
    o["POST /api/v1/compile/features"] = Operation(
      body: body(
        [
          "spec": s.string, "period": s.string, "target": sqlTarget, "events_table": s.string,
          "customers_table": s.string, "previous_table": s.string, "as_of": s.string,
        ], optional: true), response: json("CompiledFeatures"))
    o["POST /api/v1/compile/value"] = Operation(
      body: body(
        [
          "target": sqlTarget, "transactions_table": s.string, "customer_column": s.string, "date_column": s.string,
          "amount_column": s.string, "value_table": s.string, "as_of": s.string,
          "time_unit": s.enumeration(ValueTimeUnit.allCases.map(\.rawValue)),
          "bins": ["type": "integer", "minimum": 2, "maximum": 10],
        ], optional: true), response: json("CompiledValue"))
    o["POST /api/v1/compile/profile"] = Operation(
      body: body(
        [
          "segmentation": s.string, "version": s.integer, "target": sqlTarget, "table": s.string, "scores": s.string,
          "customers": s.string, "spec": s.string,
        ], required: ["segmentation"]), response: json("CompiledProfile"))
    o["POST /api/v1/compile/campaign"] = Operation(
      body: body(
        [
          "campaign": s.string, "target": sqlTarget, "table": s.string, "customers_table": s.string,
          "tag_table": s.string, "statuses_table": s.string, "contacts_table": s.string, "skip_statuses": s.boolean,
          "now": s.string, "list_table": s.string, "period": s.string,
        ], required: ["campaign"]), response: json("CompiledCampaign"))
    o["POST /api/v1/rules/check"] = Operation(
      body: body(["rule": s.string, "period": s.string, "count": s.boolean], required: ["rule"]),
      response: json("RuleCheck"))
    o["GET /api/v1/tags"] = Operation(query: paging, response: page("Tag"))
    o["POST /api/v1/tags"] = Operation(
      body: body(["yaml": s.string, "period": s.string], required: ["yaml"]), response: json("TagsDefined"))
    o["GET /api/v1/tags/:name"] = Operation(query: [version, period], response: json("TagDetail"))
    o["GET /api/v1/products"] = Operation(query: paging, response: page("Product"))
    o["POST /api/v1/products"] = Operation(
      body: body(["yaml": s.string, "period": s.string], required: ["yaml"]), response: json("ProductsDefined"))
    o["POST /api/v1/recommendations/export"] = Operation(
      body: body(["top": ["type": "integer", "minimum": 1, "maximum": 100], "period": s.string], optional: true),
      response: csv)
    o["POST /api/v1/baskets"] = Operation(
      body: body(
        [
          "upload": s.string, "item_column": s.string, "min_support": s.number, "min_confidence": s.number,
          "max_length": s.integer,
        ], required: ["upload"]), response: json("BasketAnalysis"))
    o["GET /api/v1/campaigns"] = Operation(query: paging, response: page("Campaign"))
    o["POST /api/v1/campaigns"] = Operation(
      body: body(["yaml": s.string, "spec": ["type": "object"], "period": s.string]), status: 201,
      response: json("CampaignCreated"))
    o["GET /api/v1/campaigns/:name"] = Operation(response: json("CampaignDetail"))
    o["POST /api/v1/campaigns/:name/export"] = Operation(
      body: body(
        ["reveal": s.boolean, "staff_upload": s.string, "region_column": s.string, "type_column": s.string],
        optional: true), response: csv)
    o["POST /api/v1/campaigns/:name/responses"] = Operation(
      query: [onError], body: rawCSV, response: json("ResponsesImported"))
    o["GET /api/v1/campaigns/:name/evaluation"] = Operation(
      query: [
        ("confidence", ["type": "number", "minimum": 0.5, "maximum": 0.999]),
        ("cost_per_contact", ["type": "number", "minimum": 0]), ("budget", ["type": "number", "minimum": 0]),
        ("value_per_conversion", ["type": "number", "minimum": 0]),
      ], response: json("Evaluation"))
    o["GET /api/v1/campaigns/:name/learning"] = Operation(
      query: [period, ("min_kept", ["type": "number", "minimum": 0.001, "maximum": 1])], response: json("Learning"))
    o["POST /api/v1/campaigns/:name/learning"] = Operation(
      body: body(["apply_tag": s.string, "period": s.string, "min_kept": s.number], optional: true),
      response: json("Learning"))
    o["POST /api/v1/contacts/attempts"] = Operation(
      query: [
        onError, ("max_failures", ["type": "integer", "minimum": 1, "maximum": 1000]), ("methods", s.string),
        ("class_column", s.string), ("own_classes", s.string),
      ], body: rawCSV, response: json("AttemptsImported"))
    o["GET /api/v1/contacts/status"] = Operation(
      query: [("list", s.enumeration(ContactStatus.allCases.map(\.rawValue)))] + paging,
      response: json("ContactStatus"))
    o["POST /api/v1/jobs/build-value"] = Operation(
      body: body(
        [
          "upload": s.string, "customer_column": s.string, "date_column": s.string, "amount_column": s.string,
          "as_of": s.string, "calibration_end": s.string,
          "time_unit": s.enumeration(ValueTimeUnit.allCases.map(\.rawValue)), "delimiter": s.string,
        ], required: ["upload"]), status: 202, response: json("Job"))
    o["POST /api/v1/value/rfm"] = Operation(
      body: body(
        ["bins": ["type": "integer", "minimum": 2, "maximum": 10], "grid": s.string, "name": s.string], optional: true
      ), response: json("ValueRFM"))
    o["POST /api/v1/value/pareto"] = Operation(
      body: body(
        ["column": s.string, "tiers": s.array(s.number), "name": s.string, "where": s.string], required: ["column"]),
      response: json("ValuePareto"))
    o["POST /api/v1/value/clv"] = Operation(
      body: body(
        ["horizon": ["type": "integer", "minimum": 1, "maximum": 120], "discount": ["type": "number", "minimum": 0]],
        optional: true), response: json("ValueLifetime"))
    o["GET /api/v1/value/retention"] = Operation(
      query: [("by", s.string), ("value", s.string), ("churn", s.string), ("kpis", s.string)],
      response: json("ValueRetention"))
    o["POST /api/v1/value/lifecycle"] = Operation(
      body: body(
        [
          "tenure": s.string, "usage": s.string, "from": s.string, "to": s.string, "new_tenure": s.number,
          "change": ["type": "number", "exclusiveMinimum": 0], "lapsed_at_most": s.number,
        ], required: ["tenure", "usage", "from", "to"]), response: json("ValueLifecycle"))
    o["GET /api/v1/value/report"] = Operation(response: json("ValueReport"))
    o["GET /api/v1/value/summaries"] = Operation(query: paging + [("sort", s.string)], response: json("ValueSummaries"))
    o["GET /api/v1/users"] = Operation(query: paging, response: page("User"))
    o["POST /api/v1/users"] = Operation(
      body: body(
        ["name": s.string, "role": s.enumeration(Role.allCases.map(\.rawValue)), "password": s.string],
        required: ["name", "role", "password"]), status: 201, response: json("UserAdded"))
    o["POST /api/v1/users/:name/disable"] = Operation(response: json("UserDisabled"))
    o["POST /api/v1/users/:name/enable"] = Operation(response: json("UserDisabled"))
    o["POST /api/v1/users/:name/token"] = Operation(status: 201, response: json("Token"))
    o["GET /api/v1/openapi.json"] = Operation(response: ("application/json", ["type": "object"]))
    return o
  }()
}

extension JSONEncoder {
  /// An encoder with sorted keys and no key conversion (documents whose keys are fixed, such as OpenAPI's).
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}
