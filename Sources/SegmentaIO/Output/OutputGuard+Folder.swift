import Foundation
import SegmentaCore

extension OutputGuard {
  /// Checks, before any work starts, a folder an engine writes its output files into (Spark's `INSERT OVERWRITE
  /// DIRECTORY`), which empties the folder first.
  ///
  /// A folder that does not exist yet is checked as an output file (``check(_:option:protected:)``: never one of
  /// `protected`, never a link or device, its parent a writable folder); a file is refused. A folder that exists is refused unless
  /// `replace`, and always when it is, holds or lies inside one of `protected`: emptying it would destroy the
  /// workspace or an input.
  package static func checkFolder(_ path: String, option: String, protected: [ProtectedPath], replace: Bool)
    throws(SegmentaError)
  {
    var folder = path.hasPrefix("file://") ? String(path.dropFirst("file://".count)) : path
    while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
    func refuse(_ problem: String) -> SegmentaError {
      SegmentaError(.invalidRequest, "\(option) '\(path)' \(problem)", file: path)
    }
    let resolved = Self.resolvedFolder(folder)
    for file in protected {
      let other = Self.resolvedFolder(file.path)
      if other == resolved || other.hasPrefix(resolved + "/") || resolved.hasPrefix(other + "/") {
        throw refuse(
          "\(other == resolved ? "is" : other.hasPrefix(resolved + "/") ? "holds" : "lies inside") \(file.role) "
            + "(\(file.path)); writing there would destroy it. Choose another folder.")
      }
    }
    let kind = FileKind.of(linkAt: folder)
    if kind == .regular { throw refuse("is a file; the output is a folder of files. Choose a folder.") }
    if kind == .directory {
      guard replace else {
        throw refuse("exists; pass --replace to write over what it holds, or choose another folder")
      }
      return
    }
    _ = try check(folder, option: option, protected: protected)
  }

  /// `path` made absolute, with the symbolic links of the part that exists resolved.
  private static func resolvedFolder(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
