import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
///
/// Swift Testing runs tests in parallel, so every test that touches files makes its own.
public final class TemporaryDirectory: @unchecked Sendable {
  /// The folder's path.
  public let path: String

  /// Creates the folder.
  public init() {
    path = (NSTemporaryDirectory() as NSString).appendingPathComponent("segmenta-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The full path of `name` inside the folder.
  public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

  /// Writes `bytes` to `name` and returns the full path.
  @discardableResult
  public func write(_ name: String, bytes: [UInt8]) -> String {
    let file = file(name)
    _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    return file
  }

  /// Writes UTF-8 `text` to `name` and returns the full path.
  @discardableResult
  public func write(_ name: String, _ text: String) -> String {
    write(name, bytes: Array(text.utf8))
  }
}
