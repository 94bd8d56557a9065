import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// Literals for writing JSON documents (schemas) in code.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
  init(stringLiteral value: String) { self = .string(value) }
  init(integerLiteral value: Int) { self = .number(Double(value)) }
  init(floatLiteral value: Double) { self = .number(value) }
  init(booleanLiteral value: Bool) { self = .bool(value) }
  init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}

/// Building blocks of JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses them).
enum Schema {
  static let string: JSONValue = ["type": "string"]
  static let integer: JSONValue = ["type": "integer"]
  static let boolean: JSONValue = ["type": "boolean"]
  static let number: JSONValue = ["type": "number"]
  /// A number that is null where it is not finite (a mean of no values, an undefined ratio).
  static let real: JSONValue = nullable(number)
  /// Any JSON value.
  static let any: JSONValue = [:]

  /// `schema` or null.
  static func nullable(_ schema: JSONValue) -> JSONValue {
    ["anyOf": [schema, ["type": "null"]]]
  }

  /// An array of `items`.
  static func array(_ items: JSONValue) -> JSONValue {
    ["type": "array", "items": items]
  }

  /// An object with `properties`, of which `required` must be present (others may be absent).
  static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
    var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
    if !required.isEmpty { schema["required"] = .array(required.sorted().map { .string($0) }) }
    return .object(schema)
  }

  /// An object whose values are all `values` (a count per reason, per segment).
  static func map(_ values: JSONValue) -> JSONValue {
    ["type": "object", "additionalProperties": values]
  }

  /// A string that is one of `values`.
  static func enumeration(_ values: [String]) -> JSONValue {
    ["type": "string", "enum": .array(values.map { .string($0) })]
  }

  /// A reference to the component schema `name`.
  static func ref(_ name: String) -> JSONValue {
    ["$ref": .string("#/components/schemas/" + name)]
  }

  /// The name of the schema of a page of `item`'s.
  static func pageName(_ item: String) -> String { "PageOf" + item }

  /// A page of a list of `item`'s (``PageOf``).
  static func page(of item: JSONValue) -> JSONValue {
    object(
      ["items": array(item), "total": integer, "offset": integer, "limit": integer],
      required: ["items", "total", "offset", "limit"])
  }
}

/// The schemas of the API's bodies, written by hand from the types the routes encode (snake_case keys;
/// optional fields absent when empty; numbers that are not finite are null).
enum OpenAPISchemas {
  /// Items of lists that the API pages.
  static let pagedItems = [
    "Job", "Upload", "Period", "ExportRecord", "SegmentationSummary", "Tag", "Product", "Campaign", "User", "String",
  ]

  /// Every component schema, by name.
  static let all: [String: JSONValue] = {
    var schemas = named
    for item in pagedItems {
      schemas[Schema.pageName(item)] = Schema.page(of: item == "String" ? Schema.string : Schema.ref(item))
    }
    return schemas
  }()

  private static let label = Schema.object(["zh": Schema.string, "en": Schema.string], required: ["zh", "en"])

  private static let named: [String: JSONValue] = {
    let s = Schema.self
    var schemas: [String: JSONValue] = [:]
    let failure = s.object(
      [
        "code": s.enumeration(SegmentaError.Code.allCases.map(\.rawValue)), "message": s.string,
        "description": s.string, "field": s.string, "file": s.string, "line": s.integer, "column": s.integer,
        "spec_key": s.string, "position": s.integer, "sqlite_code": s.integer,
      ], required: ["code", "message", "description"])
    schemas["Error"] = s.object(["error": failure], required: ["error"])
    schemas["Label"] = label
    schemas["Health"] = s.object(
      ["status": s.enumeration(["ok"]), "version": s.string], required: ["status", "version"])
    schemas["Me"] = s.object(
      [
        "name": s.string, "role": s.enumeration(Role.allCases.map(\.rawValue)),
        "permissions": s.array(s.enumeration(Permission.allCases.map(\.rawValue))), "csrf": s.string,
      ], required: ["name", "role", "permissions", "csrf"])
    schemas["Progress"] = s.object(
      ["step": s.string, "detail": s.string, "done": s.integer, "total": s.integer, "unit": s.string],
      required: ["step"])
    schemas["Job"] = s.object(
      [
        "id": s.integer, "kind": s.string, "title": s.string, "owner": s.string,
        "status": s.enumeration(JobStatus.allCases.map(\.rawValue)), "created_at": s.string, "started_at": s.string,
        "finished_at": s.string, "progress": s.ref("Progress"), "result": s.any,
        "error": failure,
      ], required: ["id", "kind", "title", "owner", "status", "created_at"])
    schemas["Upload"] = s.object(
      ["id": s.string, "name": s.string, "bytes": s.integer, "uploaded_at": s.string, "uploaded_by": s.string],
      required: ["id", "name", "bytes", "uploaded_at", "uploaded_by"])
    schemas["Preview"] = s.object(
      [
        "header": s.array(s.string),
        "columns": s.array(
          s.object(
            [
              "name": s.string, "type": s.enumeration(ColumnType.allCases.map(\.rawValue)), "personal": s.boolean,
              "source": s.enumeration(["inferred", "workspace"]), "id": s.boolean,
              "shape": s.enumeration(PersonalDataShape.allCases.map(\.rawValue)),
            ], required: ["name", "type", "personal", "source", "id"])),
        "rows": s.array(s.array(s.string)), "rows_sampled": s.integer, "truncated": s.boolean,
      ], required: ["header", "columns", "rows", "rows_sampled", "truncated"])
    schemas["Period"] = s.object(
      [
        "label": s.string, "built_at": s.string, "reference_date": s.string, "customer_count": s.integer,
        "events_read": s.integer, "unknown_customer_rows": s.integer, "after_reference_rows": s.integer,
        "sources": s.array(s.string), "feature_count": s.integer,
      ], required: ["label", "built_at", "customer_count", "feature_count"])
    schemas["Status"] = s.object(
      [
        "customers": s.integer,
        "columns": s.array(
          s.object(
            [
              "name": s.string, "type": s.enumeration(ColumnType.allCases.map(\.rawValue)), "personal": s.boolean,
            ], required: ["name", "type", "personal"])),
        "periods": s.array(s.ref("Period")),
        "segmentations": s.array(
          s.object(
            [
              "name": s.string, "version": s.integer, "versions": s.integer, "customers": s.integer,
              "segments": s.integer, "period": s.string, "created_at": s.string,
            ], required: ["name", "version", "versions", "customers", "segments", "created_at"])),
        "tags": s.object(["defined": s.integer, "applied": s.integer], required: ["defined", "applied"]),
        "products": s.integer, "campaigns": s.integer, "users": s.integer,
      ], required: ["customers", "columns", "periods", "segmentations", "tags", "products", "campaigns", "users"])
    schemas["ExportRecord"] = s.object(
      [
        "kind": s.enumeration(ExportRecord.Kind.allCases.map(\.rawValue)), "campaign": s.string,
        "exported_at": s.string, "user": s.string, "command": s.string, "file": s.string, "rows": s.integer,
        "revealed": s.boolean,
      ], required: ["kind", "campaign", "exported_at", "user", "rows", "revealed"])
    let summary = s.object(
      [
        "count": s.integer, "missing": s.integer, "mean": s.real, "std": s.real, "min": s.real, "p01": s.real,
        "p25": s.real, "p50": s.real, "p75": s.real, "p99": s.real, "max": s.real, "skewness": s.real,
      ], required: ["count", "missing"])
    schemas["FeatureStatistics"] = s.object(
      [
        "period": s.string, "customers": s.integer,
        "columns": s.array(
          s.object(
            [
              "name": s.string, "source": s.enumeration(["feature", "customer"]), "label": s.string,
              "summary": summary,
              "categories": s.array(
                s.object(["category": s.string, "customers": s.integer], required: ["category", "customers"])),
            ], required: ["name", "source", "summary"])),
      ], required: ["customers", "columns"])
    schemas["SegmentationSummary"] = s.object(
      [
        "name": s.string, "version": s.integer, "created_at": s.string, "period": s.string, "customers": s.integer,
        "k": s.integer, "segments": s.integer, "silhouette": s.real, "latest": s.boolean, "refreshes": s.integer,
      ], required: ["name", "version", "created_at", "customers", "k", "segments", "latest"])
    schemas["SegmentationReport"] = s.object(
      [
        "name": s.string, "version": s.integer, "created_at": s.string, "period": s.string, "method": s.string,
        "customers": s.integer, "k": s.integer, "k_rule": s.string, "segments": s.integer, "inertia": s.real,
        "silhouette": s.real, "rating": s.string, "calinski_harabasz": s.real, "davies_bouldin": s.real,
        "k_table": s.array(s.object(["k": s.integer], required: ["k"])), "preprocessing": s.array(s.any),
        "features": s.array(s.object(["name": s.string], required: ["name"])),
        "cards": s.array(
          s.object(
            [
              "name": label, "renamed": s.boolean,
              "profile": s.object(
                ["id": s.integer, "size": s.integer, "share": s.real, "automatic_name": label],
                required: ["id", "size", "share"]),
            ], required: ["name", "renamed", "profile"])),
        "notes": s.array(s.string),
        "flows": s.object(
          [
            "from_version": s.integer, "from_period": s.string, "linked": s.boolean, "from_names": s.array(label),
            "migration": s.ref("Migration"),
          ], required: ["from_version", "linked", "from_names", "migration"]),
        "history": s.array(s.ref("VersionSizes")),
        "cube": s.object(
          [
            "dimensions": s.array(
              s.object(["name": s.string, "source": s.string, "label": label], required: ["name"])),
            "minimum_size": s.integer, "cells": s.array(s.object(["customers": s.integer], required: ["customers"])),
            "folded": s.array(s.object(["customers": s.integer], required: ["customers"])),
          ], required: ["dimensions", "minimum_size", "cells", "folded"]),
        "assessment": s.object(
          ["rows": s.array(s.object(["segment": s.integer], required: ["segment"]))], required: ["rows"]),
        "map": s.object(
          [
            "rows": s.integer, "columns": s.integer, "quantization_error": s.real, "topographic_error": s.real,
            "hits": s.array(s.integer), "segments": s.array(s.integer), "unified_distances": s.array(s.real),
            "components": s.array(
              s.object(
                ["name": s.string, "label": label, "values": s.array(s.real), "prepared": s.array(s.real)],
                required: ["name", "values", "prepared"])),
          ],
          required: [
            "rows", "columns", "quantization_error", "topographic_error", "hits", "segments", "unified_distances",
            "components",
          ]),
        "prototypes": s.object(
          [
            "gamma": s.real, "gamma_is_default": s.boolean, "cost": s.real, "columns": s.array(s.string),
            "clusters": s.array(
              s.object(
                [
                  "cluster": s.integer, "segment": s.integer, "customers": s.integer, "modes": s.array(s.string),
                ], required: ["cluster", "segment", "customers", "modes"])),
          ], required: ["gamma", "gamma_is_default", "cost", "columns", "clusters"]),
      ], required: ["name", "version", "customers", "k", "segments", "k_table", "cards", "history"])
    schemas["VersionSizes"] = s.object(
      ["version": s.integer, "period": s.string, "refreshes": s.integer, "sizes": s.array(s.integer)],
      required: ["version", "sizes"])
    schemas["Migration"] = s.object(
      [
        "flows": s.array(s.array(s.integer)), "row_shares": s.array(s.array(s.real)),
        "from_sizes": s.array(s.integer), "to_sizes": s.array(s.integer), "common": s.integer,
        "stayers": s.integer, "stayers_share": s.real, "movers": s.integer, "entries": s.integer,
        "exits": s.integer, "entries_by_segment": s.array(s.integer), "exits_by_segment": s.array(s.integer),
      ],
      required: [
        "flows", "row_shares", "from_sizes", "to_sizes", "common", "stayers", "stayers_share", "movers", "entries",
        "exits", "entries_by_segment", "exits_by_segment",
      ])
    let migrationVersion = s.object(
      [
        "version": s.integer, "period": s.string, "customers": s.integer, "refreshes": s.integer,
        "created_at": s.string,
      ], required: ["version", "customers", "created_at"])
    schemas["SegmentationMigration"] = s.object(
      [
        "name": s.string, "from": migrationVersion, "to": migrationVersion, "linked": s.boolean,
        "segments": s.array(
          s.object(
            ["id": s.integer, "name": label, "from_size": s.integer, "to_size": s.integer], required: ["id", "name"])),
        "migration": s.ref("Migration"), "file": s.string, "history": s.array(s.ref("VersionSizes")),
        "seconds": s.real,
      ], required: ["name", "from", "to", "linked", "segments", "migration", "history"])
    let side = s.object(
      [
        "name": s.string, "version": s.integer, "period": s.string, "customers": s.integer,
        "segments": s.array(label),
      ], required: ["name", "version", "customers", "segments"])
    schemas["SegmentationComparison"] = s.object(
      [
        "first": side, "second": side, "table": s.array(s.array(s.integer)), "common": s.integer,
        "only_first": s.array(s.integer), "only_second": s.array(s.integer), "adjusted_rand_index": s.real,
        "matches": s.array(
          s.object(
            ["first": s.integer, "second": s.integer, "customers": s.integer, "jaccard": s.real],
            required: ["first", "second", "customers", "jaccard"])),
        "matched_share": s.real,
      ], required: ["first", "second", "table", "common", "only_first", "only_second", "matches", "matched_share"])
    schemas["SegmentationStability"] = s.object(
      [
        "segmentation": s.string, "version": s.integer, "period": s.string, "customers": s.integer,
        "resamples": s.integer, "seed": s.integer,
        "segments": s.array(
          s.object(
            [
              "id": s.integer, "name": label, "customers": s.integer, "jaccard": s.real,
              "rating": ["type": "string", "enum": ["dissolved", "unclear", "stable", "highly_stable"]],
              "dissolved_in": s.integer,
            ], required: ["id", "name", "customers", "rating", "dissolved_in"])),
        "seed_agreement": s.array(s.real), "mean_seed_agreement": s.real, "unstable": s.array(s.integer),
      ], required: ["segmentation", "version", "customers", "resamples", "segments", "seed_agreement", "unstable"])
    let quadrant = s.enumeration(SegmentAssessment.Quadrant.allCases.map(\.rawValue))
    schemas["SegmentAssessment"] = s.object(
      [
        "segmentation": s.string, "version": s.integer, "method": s.string, "customers": s.integer, "svg": s.string,
        "assessment": s.object(
          [
            "criteria": s.array(
              s.object(
                ["label": label, "weight": s.number, "mapping": s.string], required: ["label", "weight", "mapping"])),
            "capabilities": s.array(s.string), "attractiveness_threshold": s.number, "fit_threshold": s.number,
            "rows": s.array(
              s.object(
                [
                  "rank": s.integer, "segment": s.integer, "name": label, "customers": s.integer, "share": s.number,
                  "attractiveness": s.real,
                  "criteria": s.array(s.object(["value": s.real, "score": s.real])),
                  "capabilities": s.array(s.number), "fit": s.number, "quadrant": quadrant,
                ],
                required: [
                  "rank", "segment", "name", "customers", "share", "criteria", "capabilities", "fit", "quadrant",
                ])),
          ], required: ["criteria", "capabilities", "attractiveness_threshold", "fit_threshold", "rows"]),
      ], required: ["segmentation", "version", "method", "customers", "assessment", "svg"])
    schemas["SegmentationRefresh"] = s.object(
      [
        "name": s.string, "version": s.integer, "refreshes": s.integer, "period": s.string,
        "previous_period": s.string, "customers": s.integer, "left_out": s.integer, "sizes": s.array(s.integer),
        "mean_squared_distance": s.real, "fit_mean_squared_distance": s.real, "migration": s.ref("Migration"),
        "seconds": s.real,
      ], required: ["name", "version", "refreshes", "customers", "left_out", "sizes", "migration"])
    schemas["SegmentationDetail"] = s.object(
      [
        "report": s.ref("SegmentationReport"), "sizes": s.array(s.integer),
        "versions": s.array(s.ref("SegmentationSummary")),
      ], required: ["report", "sizes", "versions"])
    schemas["RenamedSegment"] = s.object(
      ["segmentation": s.string, "version": s.integer, "segment": s.integer, "name": label],
      required: ["segmentation", "version", "segment", "name"])
    schemas["Members"] = s.object(
      [
        "segmentation": s.string, "version": s.integer, "segment": s.integer, "total": s.integer,
        "offset": s.integer, "limit": s.integer, "features": s.array(s.string),
        "items": s.array(
          s.object(
            [
              "customer_id": s.string, "cluster": s.integer, "segment": s.integer, "segment_name": s.string,
              "features": s.array(s.object(["name": s.string, "value": s.real], required: ["name"])),
            ], required: ["customer_id", "cluster", "segment", "segment_name", "features"])),
      ], required: ["segmentation", "version", "total", "offset", "limit", "features", "items"])
    schemas["MemberList"] = s.object(
      [
        "source": s.enumeration(["segment", "tag", "rule"]), "subject": s.string, "rule": s.string,
        "period": s.string, "count": s.integer, "customers": s.integer, "unknown": s.integer,
        "columns": s.array(
          s.object(
            ["name": s.string, "kind": s.string, "personal": s.boolean, "masked": s.boolean],
            required: ["name", "kind", "personal", "masked"])),
        "offset": s.integer, "limit": s.integer,
        "rows": s.array(s.array(["anyOf": [s.string, s.number, ["type": "null"]]])), "file": s.string,
        "revealed": s.boolean, "seconds": s.number,
      ], required: ["source", "subject", "count", "customers", "columns", "offset", "limit", "rows", "revealed"])
    schemas["ChurnModel"] = s.object(
      [
        "version": s.integer, "created_at": s.string, "model": s.string, "label": s.string, "period": s.string,
        "features": s.integer, "customers": s.integer, "churners": s.integer, "churn_rate": s.number,
        "folds": s.integer, "seed": s.integer, "auc": s.number, "fold_aucs": s.array(s.number),
        "pooled_auc": s.number, "log_loss": s.number, "top_decile_lift": s.number, "gains": s.array(s.any),
        "calibration": s.array(s.any), "importance": s.array(s.any), "importance_kind": s.string,
        "band_thresholds": s.any,
      ], required: ["version", "auc", "fold_aucs", "gains"])
    schemas["ChurnScores"] = s.object(
      [
        "model_version": s.integer, "model": s.string, "column": s.string, "customers": s.integer,
        "mean_score": s.number, "bands": s.any, "thresholds": s.any, "segmentation": s.string,
        "segmentation_version": s.integer, "seconds": s.number,
      ], required: ["model_version", "customers", "bands"])
    let sqlTarget = s.enumeration(SQLDialect.allCases.map(\.rawValue))
    schemas["CompiledModel"] = s.object(
      [
        "segmentation": s.string, "version": s.integer, "target": sqlTarget, "table": s.string,
        "features": s.array(s.string), "clusters": s.integer, "segments": s.integer, "sql": s.string,
      ], required: ["segmentation", "version", "target", "table", "features", "clusters", "segments", "sql"])
    schemas["CompiledRule"] = s.object(
      [
        "rule": s.string, "target": sqlTarget, "table": s.string, "fields": s.map(s.string),
        "segmentations": s.map(s.string), "tags": s.array(s.string), "condition": s.string, "sql": s.string,
      ], required: ["rule", "target", "table", "fields", "segmentations", "tags", "condition", "sql"])
    schemas["CompiledTags"] = s.object(
      [
        "target": sqlTarget, "table": s.string, "tag_table": s.string, "tags": s.array(s.string),
        "fields": s.map(s.string), "segmentations": s.map(s.string), "sql": s.string,
      ], required: ["target", "table", "tag_table", "tags", "fields", "segmentations", "sql"])
    let column = s.object(["name": s.string, "type": s.string], required: ["name", "type"])
    schemas["CompiledFeatures"] = s.object(
      [
        "spec": s.string, "target": sqlTarget,
        "tables": s.array(
          s.object(
            [
              "role": s.enumeration(["events", "customers", "previous"]), "name": s.string, "columns": s.array(column),
            ],
            required: ["role", "name", "columns"])),
        "features": s.array(
          s.object(
            [
              "name": s.string, "column": s.string,
              "kind": s.enumeration(["aggregate", "ratio", "share", "customer", "bands", "changed"]),
              "definition": s.string, "holds": s.string,
            ], required: ["name", "column", "kind", "definition", "holds"])),
        "reference_day": s.string, "sql": s.string,
      ], required: ["spec", "target", "tables", "features", "reference_day", "sql"])
    schemas["CompiledProfile"] = s.object(
      [
        "segmentation": s.string, "version": s.integer, "target": sqlTarget, "tables": s.map(s.string),
        "features": s.array(s.string), "categories": s.array(s.string), "kpis": s.integer, "segments": s.integer,
        "sql": s.string,
      ],
      required: ["segmentation", "version", "target", "tables", "features", "categories", "kpis", "segments", "sql"])
    schemas["CompiledCampaign"] = s.object(
      [
        "campaign": s.string, "target": sqlTarget,
        "tables": s.object(
          [
            "table": s.string, "customers": s.string, "tags": s.string, "statuses": s.string, "contacts": s.string,
            "list": s.string,
          ], required: ["table", "tags", "list"]),
        "control": s.enumeration(CampaignSpec.ControlMode.allCases.map(\.rawValue)), "control_share": s.number,
        "seed": s.integer, "stratify_by": s.string, "maximum_targets": s.integer, "fields": s.map(s.string),
        "segmentations": s.map(s.string), "tags": s.array(s.string), "suppression_columns": s.array(s.string),
        "statuses_checked": s.boolean, "now": s.string, "frequency_cap_since": s.string, "sql": s.string,
      ],
      required: [
        "campaign", "target", "tables", "control", "control_share", "seed", "fields", "segmentations", "tags",
        "suppression_columns", "statuses_checked", "now", "sql",
      ])
    schemas["ExportedModel"] = s.object(
      [
        "segmentation": s.string, "version": s.integer,
        "format": s.enumeration(ExportModelWorkflow.Format.allCases.map(\.rawValue)), "features": s.integer,
        "clusters": s.integer, "text": s.string,
      ], required: ["segmentation", "version", "format", "features", "clusters", "text"])
    schemas["RuleCheck"] = s.object(
      [
        "valid": s.boolean, "period": s.string, "fields": s.array(s.string), "segmentations": s.array(s.string),
        "tags": s.array(s.string), "matches": s.integer, "unknown": s.integer, "customers": s.integer,
        "error": s.object(
          ["kind": s.string, "position": s.integer, "message": s.string, "display": s.string],
          required: ["kind", "position", "message", "display"]),
      ], required: ["valid"])
    schemas["Tag"] = s.object(
      [
        "name": s.string, "family": s.string, "category": s.string, "label": label, "description": s.string,
        "rule": s.string, "revision": s.integer, "version": s.integer, "applied_at": s.string, "count": s.integer,
        "coverage": s.real, "stale": s.boolean,
      ], required: ["name", "category", "label", "rule", "revision", "stale"])
    schemas["TagsDefined"] = s.object(
      ["defined": s.array(s.string), "changed": s.array(s.string), "tags": s.integer, "period": s.string],
      required: ["defined", "changed", "tags"])
    schemas["TagDetail"] = s.object(
      [
        "tag": s.ref("Tag"),
        "versions": s.array(
          s.object(
            [
              "version": s.integer, "applied_at": s.string, "rule": s.string, "customers": s.integer,
              "count": s.integer, "coverage": s.real, "gained": s.integer, "lost": s.integer,
            ], required: ["version", "applied_at", "rule", "customers", "count", "gained", "lost"])),
        "report": s.object(
          [
            "name": s.string, "label": label, "version": s.integer, "count": s.integer, "customers": s.integer,
            "coverage": s.real, "features": s.array(s.object(["name": s.string], required: ["name"])),
          ], required: ["name", "version", "count", "customers"]),
      ], required: ["tag", "versions"])
    schemas["Product"] = s.object(
      [
        "id": s.string, "name": label, "tags": s.array(s.string), "priority": s.integer, "eligibility": s.string,
        "target": s.string,
      ], required: ["id", "name", "target"])
    schemas["ProductsDefined"] = s.object(
      ["products": s.array(s.ref("Product")), "period": s.string], required: ["products"])
    schemas["BasketAnalysis"] = s.object(
      [
        "customers": s.integer, "items": s.integer,
        "itemsets": s.array(
          s.object(["items": s.array(s.string), "support": s.real], required: ["items", "support"])),
        "rules": s.array(
          s.object(
            [
              "antecedents": s.array(s.string), "consequents": s.array(s.string), "antecedent_support": s.real,
              "consequent_support": s.real, "support": s.real, "confidence": s.real, "lift": s.real,
              "leverage": s.real, "conviction": s.real,
            ], required: ["antecedents", "consequents", "support", "confidence", "lift"])),
      ], required: ["customers", "items", "itemsets", "rules"])
    let selection = s.object(
      [
        "selected_at": s.string, "candidates": s.integer, "targets": s.integer, "controls": s.integer,
        "excluded": s.map(s.integer),
      ], required: ["selected_at", "candidates", "targets", "controls"])
    schemas["Campaign"] = s.object(
      [
        "name": s.string, "product": s.string, "channel": s.string, "target": s.string, "created_at": s.string,
        "owner": s.string, "selection": selection, "exports": s.integer, "responses": s.integer,
      ], required: ["name", "product", "channel", "target", "created_at", "owner", "exports", "responses"])
    schemas["CampaignSpec"] = s.object(
      ["name": s.string, "product": s.string, "offer": s.string, "target": s.string, "channel": s.string],
      required: ["name", "product", "target", "channel"])
    schemas["CampaignCreated"] = s.object(
      ["campaign": s.ref("CampaignSpec"), "period": s.string], required: ["campaign"])
    schemas["CampaignDetail"] = s.object(
      ["campaign": s.ref("Campaign"), "spec": s.ref("CampaignSpec")], required: ["campaign", "spec"])
    let arm = s.object(
      [
        "n": s.integer, "reached": s.integer, "converted": s.integer, "contact_rate": s.real,
        "conversion_rate": s.real, "revenue": s.real, "revenue_per_customer": s.real,
      ], required: ["n", "reached", "converted"])
    schemas["Evaluation"] = s.object(
      [
        "campaign": s.string, "confidence": s.real, "target": arm, "control": arm, "contact_lift": s.real,
        "conversion_lift": s.real, "p_value": s.real, "contact": s.object([:]), "conversion": s.object([:]),
        "cost": s.real, "budget": s.real, "roi": s.real,
      ], required: ["confidence", "target", "control", "contact", "conversion"])
    schemas["Learning"] = s.object(
      [
        "campaign": s.string, "period": s.string,
        "learning": s.object(
          [
            "targets": s.integer, "converters": s.integer,
            "features": s.array(s.object(["name": s.string, "label": label], required: ["name"])),
            "tags": s.array(s.object(["name": s.string], required: ["name"])),
          ], required: ["targets", "converters", "features", "tags"]),
        "refined_rule": s.string, "applied_tag": s.string,
      ], required: ["campaign", "learning"])
    schemas["ResponsesImported"] = s.object(
      [
        "campaign": s.string, "rows_read": s.integer, "stored": s.integer, "targets": s.integer,
        "controls": s.integer, "skipped": s.map(s.integer), "first_skipped_line": s.map(s.integer),
      ], required: ["campaign", "rows_read", "stored", "targets", "controls"])
    let settings = s.object(
      [
        "maximum_failures": s.integer, "methods": s.array(s.enumeration(ContactMethod.allCases.map(\.rawValue))),
        "class_column": s.string, "own_classes": s.array(s.string),
      ], required: ["maximum_failures", "methods"])
    schemas["ContactStatus"] = s.object(
      [
        "dormant": s.integer, "void": s.integer, "settings": settings,
        "customers": s.ref(Schema.pageName("String")),
      ], required: ["dormant", "void", "settings"])
    schemas["AttemptsImported"] = s.object(
      [
        "rows_read": s.integer, "stored": s.integer, "already_stored": s.integer, "skipped": s.map(s.integer),
        "first_skipped_line": s.map(s.integer), "settings": settings, "class_column_found": s.boolean,
        "statuses": s.map(s.integer),
      ], required: ["rows_read", "stored", "already_stored", "settings", "statuses"])
    let roles = s.enumeration(Role.allCases.map(\.rawValue))
    schemas["User"] = s.object(
      ["name": s.string, "role": roles, "disabled": s.boolean, "created_at": s.string, "tokens": s.integer],
      required: ["name", "role", "disabled", "created_at", "tokens"])
    schemas["UserAdded"] = s.object(
      [
        "user": s.object(
          ["name": s.string, "role": roles, "disabled": s.boolean, "created_at": s.string],
          required: ["name", "role", "disabled", "created_at"])
      ], required: ["user"])
    schemas["UserDisabled"] = s.object(["name": s.string, "disabled": s.boolean], required: ["name", "disabled"])
    schemas["Token"] = s.object(["user": s.string, "token": s.string], required: ["user", "token"])
    schemas["CustomerSearch"] = s.object(["items": s.array(s.string)], required: ["items"])
    schemas["CustomerCard"] = s.object(
      [
        "id": s.string,
        "segments": s.array(
          s.object(
            ["segmentation": s.string, "version": s.integer, "segment": s.integer, "name": label],
            required: ["segmentation", "version", "segment", "name"])),
        "tags": s.array(s.object(["name": s.string, "label": label], required: ["name", "label"])),
        "products": s.array(s.object(["id": s.string, "name": label], required: ["id", "name"])),
      ], required: ["id", "segments", "tags", "products"])
    schemas.merge(valueSchemas) { _, new in new }
    return schemas
  }()

  /// The schemas of the value routes (`/api/v1/value/…`).
  private static let valueSchemas: [String: JSONValue] = {
    let s = Schema.self
    var schemas: [String: JSONValue] = [:]
    let unit = s.enumeration(ValueTimeUnit.allCases.map(\.rawValue))
    schemas["ValueTable"] = s.object(
      [
        "label": s.string, "built_at": s.string, "as_of": s.string, "calibration_end": s.string, "time_unit": unit,
        "source": s.string, "transactions_read": s.integer, "unknown_customer_rows": s.integer, "customers": s.integer,
      ],
      required: [
        "label", "built_at", "as_of", "time_unit", "source", "transactions_read", "unknown_customer_rows", "customers",
      ])
    schemas["ParetoAnalysis"] = s.object(
      [
        "customers": s.integer, "total": s.real, "top_fifth_share": s.real, "customers_for_four_fifths": s.real,
        "gini": s.real,
        "lorenz": s.array(s.object(["customers": s.real, "value": s.real], required: ["customers", "value"])),
        "tier_bounds": s.array(s.real), "tier_sizes": s.array(s.integer), "tier_values": s.array(s.real),
      ], required: ["customers", "total", "lorenz", "tier_bounds", "tier_sizes", "tier_values"])
    schemas["ValueRFM"] = s.object(
      [
        "table": s.string, "segmentation": s.string, "version": s.integer, "bins": s.integer, "customers": s.integer,
        "segments": s.array(
          s.object(
            [
              "id": s.integer, "name": label, "customers": s.integer, "share": s.real, "total_value": s.real,
              "mean_recency_days": s.real, "mean_frequency": s.real,
            ], required: ["id", "name", "customers", "share", "total_value"])),
        "grid": s.array(s.array(s.integer)), "grid_segments": s.array(s.array(s.integer)),
      ], required: ["table", "segmentation", "version", "bins", "customers", "segments", "grid", "grid_segments"])
    schemas["ValueRetention"] = s.object(
      [
        "dimensions": s.array(s.string), "value": s.string, "churn": s.string,
        "table": s.object(
          [
            "dimensions": s.array(
              s.object(["name": s.string, "labels": s.array(s.string)], required: ["name", "labels"])),
            "kpi_names": s.array(s.string), "customers": s.integer,
            "cells": s.array(
              s.object(
                [
                  "labels": s.array(s.string), "customers": s.integer, "share": s.real, "value": s.real,
                  "value_at_risk": s.real, "kpis": s.array(s.real),
                ], required: ["labels", "customers", "share", "kpis"])),
          ], required: ["dimensions", "kpi_names", "customers", "cells"]),
      ], required: ["dimensions", "table"])
    schemas["ValueLifecycle"] = s.object(
      [
        "segmentation": s.string, "version": s.integer,
        "rule": s.object(
          ["new_tenure": s.real, "change": s.real, "lapsed_at_most": s.real],
          required: ["new_tenure", "change", "lapsed_at_most"]),
        "stages": s.array(
          s.object(
            [
              "stage": s.enumeration(LifecycleStage.allCases.map(\.rawValue)), "label": label,
              "customers": s.integer, "share": s.real, "tag": s.string,
            ], required: ["stage", "label", "customers", "share", "tag"])),
        "unknown": s.integer,
      ], required: ["segmentation", "version", "rule", "stages", "unknown"])
    schemas["ValuePareto"] = s.object(
      [
        "column": s.string, "source": s.enumeration(["value", "feature", "customer"]),
        "analysis": s.ref("ParetoAnalysis"),
        "tiers": s.array(
          s.object(
            ["id": s.integer, "name": label, "share": s.real, "customers": s.integer, "value": s.real],
            required: ["id", "name", "share", "customers", "value"])),
        "segmentation": s.string, "version": s.integer, "rule": s.string, "customers_in_scope": s.integer,
      ], required: ["column", "source", "analysis", "tiers", "segmentation", "version"])
    let purchases = s.object(
      [
        "r": s.real, "alpha": s.real, "a": s.real, "b": s.real, "log_likelihood": s.real, "customers": s.integer,
        "distinct_rows": s.integer, "iterations": s.integer, "converged": s.boolean,
      ], required: ["r", "alpha", "a", "b", "log_likelihood", "customers", "distinct_rows", "iterations", "converged"])
    let calibration = s.array(
      s.object(
        ["frequency": s.integer, "customers": s.integer, "actual": s.real, "predicted": s.real],
        required: ["frequency", "customers", "actual", "predicted"]))
    let spend = s.object(
      [
        "p": s.real, "q": s.real, "v": s.real, "log_likelihood": s.real, "customers": s.integer,
        "iterations": s.integer, "converged": s.boolean,
      ], required: ["p", "q", "v", "log_likelihood", "customers", "iterations", "converged"])
    schemas["ValueLifetime"] = s.object(
      [
        "table": s.string, "time_unit": unit, "horizon_months": s.integer, "discount": s.real, "bgnbd": purchases,
        "gamma_gamma": spend,
        "column": s.string, "customers": s.integer, "total_clv": s.real, "mean_clv": s.real,
        "mean_probability_alive": s.real, "calibration_model": purchases, "calibration": calibration,
        "alive_matrix": s.object(
          [
            "age": s.real, "recencies": s.array(s.real), "frequencies": s.array(s.integer),
            "values": s.array(s.array(s.real)),
          ], required: ["age", "recencies", "frequencies", "values"]),
        "notes": s.array(s.string),
      ],
      required: [
        "table", "time_unit", "horizon_months", "discount", "bgnbd", "gamma_gamma", "column", "customers",
        "calibration", "alive_matrix", "notes",
      ])
    schemas["CompiledValue"] = s.object(
      [
        "target": s.enumeration(SQLDialect.allCases.map(\.rawValue)), "transactions_table": s.string,
        "value_table": s.string, "as_of": s.string, "time_unit": unit, "bins": s.integer, "columns": s.array(s.string),
        "not_compiled": s.array(s.object(["column": s.string, "reason": s.string], required: ["column", "reason"])),
        "bgnbd": purchases, "gamma_gamma": spend, "horizon_months": s.integer, "discount": s.real,
        "series_terms": s.integer, "notes": s.array(s.string), "sql": s.string,
      ],
      required: [
        "target", "transactions_table", "value_table", "as_of", "time_unit", "bins", "columns", "not_compiled",
        "notes", "sql",
      ])
    schemas["ValueReport"] = s.object(
      [
        "table": s.object(
          [
            "label": s.string, "as_of": s.string, "calibration_end": s.string, "time_unit": unit,
            "customers": s.integer, "transactions": s.integer,
          ], required: ["label", "as_of", "time_unit", "customers", "transactions"]),
        "pareto": s.object(
          ["column": s.string, "analysis": s.ref("ParetoAnalysis"), "tier_names": s.array(label), "rule": s.string],
          required: ["column", "analysis", "tier_names"]),
        "rfm": s.object(
          [
            "bins": s.integer,
            "segments": s.array(
              s.object(
                ["name": label, "customers": s.integer, "total_value": s.real],
                required: ["name", "customers", "total_value"])),
            "counts": s.array(s.array(s.integer)), "grid_segments": s.array(s.array(s.integer)),
          ], required: ["bins", "segments", "counts", "grid_segments"]),
        "lifetime": s.object(
          [
            "parameters": s.map(s.real), "horizon_months": s.integer, "discount": s.real, "column": s.string,
            "total_clv": s.real, "mean_clv": s.real, "mean_probability_alive": s.real, "calibration": calibration,
            "matrix_recencies": s.array(s.real), "matrix_frequencies": s.array(s.integer),
            "matrix": s.array(s.array(s.real)),
          ],
          required: [
            "parameters", "horizon_months", "discount", "column", "calibration", "matrix_recencies",
            "matrix_frequencies", "matrix",
          ]),
      ], required: ["table"])
    schemas["ValueSummaries"] = s.object(
      [
        "table": s.ref("ValueTable"), "columns": s.array(s.string), "sort": s.string, "total": s.integer,
        "offset": s.integer, "limit": s.integer,
        "items": s.array(
          s.object(
            [
              "customer_id": s.string, "first_purchase": s.string, "last_purchase": s.string,
              "values": s.array(s.real),
            ], required: ["customer_id", "values"])),
      ], required: ["table", "columns", "total", "offset", "limit", "items"])
    return schemas
  }()
}
