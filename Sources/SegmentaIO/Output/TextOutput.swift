import SegmentaCore

/// Writes a whole text (reports, specs) to a target: to standard output, or to a temporary sibling renamed over
/// the file on success.
///
/// A file is never half-written: readers see the old file or the new one. A symbolic link or other non-regular
/// file at the target is never replaced; this is checked when writing starts and again right before the rename.
/// Check the path first with ``OutputGuard/check(_:option:protected:)`` so a command refuses it before any work.
package enum TextOutput {
  /// Writes `text` as UTF-8 to `target`.
  ///
  /// Throws ``SegmentaError/Code/invalidRequest`` when the target is not a regular file, and
  /// ``SegmentaError/Code/fileAccess`` when the system fails (no space, no permission).
  package static func write(_ text: String, to target: OutputTarget) throws(SegmentaError) {
    do throws(OutputFailure) {
      let sink = try OutputSink(target)
      var text = text
      if let failure = text.withUTF8({ sink.write(UnsafeRawBufferPointer($0)) }) { throw failure }
      try sink.commit()
    } catch {
      let name = target == .standardOutput ? "standard output" : "'\(target.path)'"
      let file = target == .standardOutput ? nil : target.path
      if error.isRefusal { throw SegmentaError(.invalidRequest, "\(name) \(error.message)", file: file) }
      throw SegmentaError(.fileAccess, "cannot write \(name): \(error.message)", file: file)
    }
  }
}
