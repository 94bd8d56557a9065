/// How far a piece of long work is.
package struct WorkflowProgress: Sendable, Equatable, Codable {
  /// What is being counted.
  package enum Unit: String, Sendable, Equatable, Codable {
    /// Bytes of a file.
    case bytes
    /// Items: rows, tags, customers.
    case items
  }

  /// The step, such as "importing customers.csv" or "segmenting".
  package var step: String
  /// What is being worked on within the step ("checking", "(calls.csv)", a tag's name, "k = 7").
  package var detail: String
  /// Amount done, when the step counts.
  package var done: Int?
  /// Amount in all, when the step counts.
  package var total: Int?
  /// What `done` and `total` count.
  package var unit: Unit

  /// A step that counts `done` of `total`.
  package static func amount(_ step: String, _ done: Int, of total: Int, detail: String = "", unit: Unit = .bytes)
    -> WorkflowProgress
  {
    WorkflowProgress(step: step, detail: detail, done: done, total: total, unit: unit)
  }

  /// A step that only says what it is doing.
  package static func status(_ step: String, _ detail: String) -> WorkflowProgress {
    WorkflowProgress(step: step, detail: detail, done: nil, total: nil, unit: .items)
  }
}
