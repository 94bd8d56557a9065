import SegmentaCore
import SegmentaIO

extension WorkflowContext {
  /// Checks an output path before any work starts: `-` is standard output; a file must be a regular
  /// file (or new) and never the workspace, its `-wal`, `-shm` or journal, nor any of `inputs`.
  ///
  /// Every command that writes a file calls this first, so no output can destroy data.
  func checkOutput(_ path: String, option: String, inputs: [String?] = []) throws(SegmentaError) -> OutputTarget {
    let protected =
      (workspacePath.isEmpty ? [] : ProtectedPath.workspace(workspacePath))
      + inputs.compactMap { $0 }.map(ProtectedPath.input)
    return try OutputGuard.check(path, option: option, protected: protected)
  }
}

extension WorkflowContext {
  /// Checks an output folder an engine fills (see ``OutputGuard/checkFolder(_:option:protected:replace:)``): never
  /// the workspace's folder or an input's, an existing folder only with `replace`.
  func checkOutputFolder(_ path: String, option: String, inputs: [String?] = [], replace: Bool) throws(SegmentaError) {
    let protected =
      (workspacePath.isEmpty ? [] : ProtectedPath.workspace(workspacePath))
      + inputs.compactMap { $0 }.map(ProtectedPath.input)
    try OutputGuard.checkFolder(path, option: option, protected: protected, replace: replace)
  }
}
