import Foundation
import SegmentaCore

/// Comma-separated names as options take them (`--by value_tier,churn_risk`, `--features a,b`).
package enum NameList {
  /// The names in `text`, each trimmed of spaces; empty text is no names.
  ///
  /// An empty name (`a,,b`, a comma at either end) is refused with an error naming `option`, so a
  /// typing slip never silently drops a name.
  package static func parse(_ text: String, option: String) throws(SegmentaError) -> [String] {
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
    let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if let empty = names.firstIndex(where: \.isEmpty) {
      throw SegmentaError(
        .invalidRequest,
        "\(option) has an empty name (item \(empty + 1) of \(names.count)); separate names with single commas",
        field: option)
    }
    return names
  }
}
