import Foundation
import SegmentaCore

/// Timestamps written into the workspace.
enum Timestamp {
  /// Now, as ISO 8601 in UTC with seconds.
  static func now() -> String {
    let seconds = Int64(Date().timeIntervalSince1970)
    return CivilDate.isoString(seconds: seconds) + "Z"
  }
}
