import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
  let path: String

  init() {
    path = (NSTemporaryDirectory() as NSString).appendingPathComponent("segmenta-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `bytes` to `name` and returns the full path.
  @discardableResult
  func write(_ name: String, bytes: [UInt8]) -> String {
    let file = (path as NSString).appendingPathComponent(name)
    FileManager.default.createFile(atPath: file, contents: Data(bytes))
    return file
  }

  /// Writes UTF-8 `text` to `name` and returns the full path.
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    write(name, bytes: Array(text.utf8))
  }

  /// The full path of `name`.
  func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}
