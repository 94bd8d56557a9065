import Foundation

/// Reading a spec file (YAML) with bounded work: only a regular file, at most ``maximumBytes``,
/// valid UTF-8.
package enum SpecFile {
  /// The largest spec file read (1 MiB): specs are a few kilobytes; anything larger is not a spec.
  package static let maximumBytes = 1 << 20

  /// The text of the spec file at `path`; `what` names it in messages ("the tag spec").
  package static func text(at path: String, what: String) throws(SpecFileError) -> String {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let attributes else {
      throw SpecFileError(file: path, message: "cannot read \(what): the file does not exist or cannot be read")
    }
    guard attributes[.type] as? FileAttributeType == .typeRegular else {
      throw SpecFileError(file: path, message: "\(what) is not a regular file")
    }
    if let size = attributes[.size] as? Int, size > maximumBytes {
      throw SpecFileError(
        file: path, message: "\(what) is \(size / 1024) KiB; a spec is at most \(maximumBytes / 1024) KiB")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SpecFileError(file: path, message: "cannot read \(what)")
    }
    guard data.count <= maximumBytes else {
      throw SpecFileError(file: path, message: "\(what) grew beyond \(maximumBytes / 1024) KiB while it was read")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw SpecFileError(file: path, message: "\(what) is not valid UTF-8; save it as UTF-8")
    }
    return text
  }
}
