import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta segments rename`: gives a segment a name of the analyst's own, replacing the automatic one.
package struct RenameSegmentWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var segmentation: String
    package var version: Int
    package var segment: Int
    /// The segment's name afterwards, in both languages.
    package var name: FeatureLabel
  }

  /// The segmentation.
  package var name: String
  /// The 1-based segment id (1 = the largest).
  package var segment: Int
  /// The new name, without surrounding spaces.
  ///
  /// With `language: .both`, "中文 / English" sets the
  /// two names separately (split at the first slash with a space beside it); a name without one, such
  /// as "3G/4G", sets both to the same text.
  package var label: String
  /// Which language's name to set: zh, en or both.
  package var language: SegmentNameLanguage
  /// The version (default: the latest).
  package var version: Int?

  package init(name: String, segment: Int, label: String, language: SegmentNameLanguage = .both, version: Int? = nil) {
    self.name = name
    self.segment = segment
    self.label = label
    self.language = language
    self.version = version
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let stored = try workspace.segmentation(named: name, version: version)
    let text = label.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else { throw SegmentaError(.invalidRequest, "the new name is empty") }
    var zh = text
    var en = text
    // A slash with a space on either side separates the languages; "3G/4G" is one name.
    if language == .both, let slash = text.range(of: #"\s+/\s*|\s*/\s+"#, options: .regularExpression) {
      zh = text[..<slash.lowerBound].trimmingCharacters(in: .whitespaces)
      en = text[slash.upperBound...].trimmingCharacters(in: .whitespaces)
      guard !zh.isEmpty && !en.isEmpty else {
        throw SegmentaError(.invalidRequest, "'\(text)' names only one language; write 中文 / English, or use --lang")
      }
    }
    let renamed = try workspace.renameSegment(
      stored, segment: segment, zh: language == .en ? nil : zh, en: language == .zh ? nil : en)
    return Output(
      segmentation: name, version: stored.version, segment: segment, name: renamed.displayNames[segment - 1])
  }
}
