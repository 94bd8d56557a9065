import Foundation
import SegmentaCore
import SegmentaIO

/// Long work the server runs as a job.
///
/// One writer at a time, in a process of its own so that it can be cancelled, with progress streamed
/// to the page. Each case is a request of a workflow; the worker
/// process decodes it, runs the workflow and writes the output as JSON.
package enum JobRequest: Sendable, Equatable, Codable {
  /// Import customers from an uploaded CSV file.
  case importCustomers(ImportCustomersRequest)
  /// Build a period's wide table from uploaded event files and a spec.
  case buildFeatures(BuildFeaturesRequest)
  /// Run a segmentation.
  case segment(SegmentRequest)
  /// Apply every tag to a period.
  case applyTags(ApplyTagsRequest)
  /// Select a campaign's targets and control group.
  case selectCampaign(SelectCampaignRequest)
  /// Fit a churn model.
  case churnFit(ChurnFitRequest)
  /// Summarise an uploaded transaction file per customer into the value table.
  case buildValue(BuildValueRequest)
  /// Store an uploaded wide table made elsewhere as a period.
  case importFeatures(ImportFeaturesRequest)

  /// The kind of job, as lists show it.
  package var kind: String {
    switch self {
    case .importCustomers: "import_customers"
    case .buildFeatures: "build_features"
    case .segment: "segment"
    case .applyTags: "apply_tags"
    case .selectCampaign: "select_campaign"
    case .churnFit: "churn_fit"
    case .buildValue: "build_value"
    case .importFeatures: "import_features"
    }
  }

  /// A short description for job lists.
  package var title: String {
    switch self {
    case .importCustomers(let request): "import customers from \(request.fileName)"
    case .buildFeatures(let request): "build features" + (request.period.map { " for \($0)" } ?? "")
    case .segment(let request):
      request.method == "som"
        ? "segment '\(request.name)' (som \(request.grid ?? "10x10"))"
        : "segment '\(request.name)' (\(request.method == "kprototypes" ? "k-prototypes, " : "")k \(request.k))"
    case .applyTags(let request): "apply tags" + (request.period.map { " to \($0)" } ?? "")
    case .selectCampaign(let request): "select campaign '\(request.name)'"
    case .churnFit(let request): "fit churn model (\(request.model.rawValue))"
    case .buildValue(let request): "build the value table from \(request.fileName)"
    case .importFeatures(let request):
      "import the wide table \(request.fileName)" + (request.period.map { " as \($0)" } ?? "")
    }
  }

  /// What the user starting the job must be allowed to do.
  package var permission: Permission {
    switch self {
    case .importCustomers: .importData
    case .buildFeatures: .buildFeatures
    case .segment: .segment
    case .applyTags: .editTags
    case .selectCampaign: .manageCampaigns
    case .churnFit: .segment
    case .buildValue: .buildFeatures
    case .importFeatures: .importData
    }
  }

  /// Checks the request without running it (so that a bad form is refused before a job is queued).
  package func check() throws(SegmentaError) {
    switch self {
    case .importCustomers(let request): _ = try request.workflow()
    case .buildFeatures(let request): _ = try request.workflow()
    case .segment(let request): _ = try request.workflow()
    case .buildValue(let request): _ = try request.workflow()
    case .importFeatures(let request): _ = try request.workflow()
    case .applyTags, .selectCampaign: break
    case .churnFit(let request): _ = try request.workflow()
    }
  }

  /// Runs the job's workflow and returns its output as JSON; an error names the uploaded files as their users know
  /// them.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> String {
    try Self.naming(uploads) { () throws(SegmentaError) in try output(context) }
  }

  /// The uploaded files the job reads: where the server stored them, and the names their users know.
  var uploads: [(stored: String, known: String)] {
    switch self {
    case .importCustomers(let request): [(request.path, request.fileName)]
    case .buildValue(let request): [(request.path, request.fileName)]
    case .importFeatures(let request): [(request.path, request.fileName), (request.specPath, request.specName)]
    case .buildFeatures, .segment, .applyTags, .selectCampaign, .churnFit: []
    }
  }

  private func output(_ context: WorkflowContext) throws(SegmentaError) -> String {
    switch self {
    case .importCustomers(let request): try Self.json(request.workflow().run(context))
    case .buildFeatures(let request): try Self.json(request.workflow().run(context))
    case .segment(let request): try Self.json(request.workflow().run(context))
    case .applyTags(let request): try Self.json(ApplyTagsWorkflow(period: request.period).run(context))
    case .selectCampaign(let request):
      try Self.json(SelectCampaignWorkflow(name: request.name, period: request.period).run(context))
    case .churnFit(let request): try Self.json(request.workflow().run(context))
    case .buildValue(let request): try Self.json(request.workflow().run(context))
    case .importFeatures(let request): try Self.json(request.workflow().run(context))
    }
  }

  /// Runs `body`; its error names the uploaded files as their users know them (`known`), not where the server
  /// stored them.
  static func naming<T>(_ files: [(stored: String, known: String)], _ body: () throws(SegmentaError) -> T)
    throws(SegmentaError) -> T
  {
    do {
      return try body()
    } catch {
      var named = error
      for file in files {
        if named.file == file.stored { named.file = file.known }
        named.message = named.message.replacingOccurrences(of: file.stored, with: file.known)
      }
      throw named
    }
  }

  private static func json<T: Encodable>(_ value: T) throws(SegmentaError) -> String {
    try SegmentaError.catching { try ReportJSON.encode(value) }
  }
}

/// A customer import as the server's upload form asks for it.
package struct ImportCustomersRequest: Sendable, Equatable, Codable {
  /// The uploaded file, as the server stored it.
  package var path: String
  /// The name the user's file had (for titles and messages).
  package var fileName: String
  package var idColumn: String = "customer_id"
  package var onError: BadRowPolicy = .fail
  /// One character, or tab, comma, semicolon, pipe.
  package var delimiter: String = ","
  /// Where rejected rows go with `onError` skip.
  package var rejectsPath: String?

  package init(path: String, fileName: String) {
    self.path = path
    self.fileName = fileName
  }

  package func workflow() throws(SegmentaError) -> ImportCustomersWorkflow {
    ImportCustomersWorkflow(
      path: path, dialect: try RequestValues.dialect(delimiter: delimiter),
      options: CustomerImportOptions(idColumn: idColumn, onError: onError),
      rejectsPath: rejectsPath)
  }
}

/// A wide-table build as the server's form asks for it.
package struct BuildFeaturesRequest: Sendable, Equatable, Codable {
  /// The spec file, as the server stored it.
  package var specPath: String
  /// The event files, as the server stored them.
  package var eventPaths: [String]
  package var period: String?
  /// Reference date YYYY-MM-DD, overriding the spec's.
  package var asOf: String?
  package var strict: Bool = false
  package var replace: Bool = false
  package var allowEmpty: Bool = false
  package var delimiter: String = ","

  package init(specPath: String, eventPaths: [String]) {
    self.specPath = specPath
    self.eventPaths = eventPaths
  }

  package func workflow() throws(SegmentaError) -> BuildFeaturesWorkflow {
    BuildFeaturesWorkflow(
      specPath: specPath, eventPaths: eventPaths, period: period, asOf: try RequestValues.day(asOf, field: "as-of"),
      strict: strict, replace: replace, allowEmpty: allowEmpty, dialect: try RequestValues.dialect(delimiter: delimiter)
    )
  }
}

/// Applying tags as the server's form asks for it.
package struct ApplyTagsRequest: Sendable, Equatable, Codable {
  package var period: String?

  package init(period: String? = nil) {
    self.period = period
  }
}

/// A campaign selection as the server's form asks for it.
package struct SelectCampaignRequest: Sendable, Equatable, Codable {
  package var name: String
  package var period: String?

  package init(name: String, period: String? = nil) {
    self.name = name
    self.period = period
  }
}

/// A value-table build as the server's form asks for it.
package struct BuildValueRequest: Sendable, Equatable, Codable {
  /// The uploaded transaction file, as the server stored it.
  package var path: String
  /// The name the user's file had (for titles and messages).
  package var fileName: String
  package var customerColumn: String = "customer_id"
  package var dateColumn: String = "date"
  package var amountColumn: String = "amount"
  /// End of the observation, YYYY-MM-DD (default: the last transaction's day).
  package var asOf: String?
  /// End of the calibration part, YYYY-MM-DD.
  package var calibrationEnd: String?
  package var timeUnit: ValueTimeUnit = .days
  /// One character, or tab, comma, semicolon, pipe.
  package var delimiter: String = ","

  package init(path: String, fileName: String) {
    self.path = path
    self.fileName = fileName
  }

  package func workflow() throws(SegmentaError) -> BuildValueWorkflow {
    let dialect = try RequestValues.dialect(delimiter: delimiter)
    for (value, field) in [
      (customerColumn, "customer_column"), (dateColumn, "date_column"), (amountColumn, "amount_column"),
    ]
    where value.isEmpty || value.count > 200 {
      throw SegmentaError(.invalidRequest, "\(field) takes a column name of 1 to 200 characters", field: field)
    }
    return BuildValueWorkflow(
      transactionsPath: path, customerColumn: customerColumn, dateColumn: dateColumn, amountColumn: amountColumn,
      asOf: try RequestValues.day(asOf, field: "as_of"),
      calibrationEnd: try RequestValues.day(calibrationEnd, field: "calibration_end"),
      timeUnit: timeUnit, dialect: dialect)
  }
}

/// A wide-table import (`segmenta features import`) as the server's upload form asks for it.
package struct ImportFeaturesRequest: Sendable, Equatable, Codable {
  /// The spec the table was made with, as the server stored it.
  package var specPath: String
  /// The name the spec has in messages.
  package var specName: String = "the spec"
  /// The uploaded CSV file, as the server stored it.
  package var path: String
  /// The name the user's file had (for titles and messages).
  package var fileName: String
  /// The period label (default: the spec's reference date).
  package var period: String?
  package var replace: Bool = false
  /// One character, or tab, comma, semicolon, pipe.
  package var delimiter: String = ","

  package init(specPath: String, path: String, fileName: String) {
    self.specPath = specPath
    self.path = path
    self.fileName = fileName
  }

  package func workflow() throws(SegmentaError) -> ImportFeaturesWorkflow {
    ImportFeaturesWorkflow(
      specPath: specPath, input: path, period: period, replace: replace,
      dialect: try RequestValues.dialect(delimiter: delimiter))
  }
}
