import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Text output: whole files, atomically, never through links")
struct TextOutputTests {
  @Test("a text replaces a file whole, keeping its permissions and leaving no temporary file")
  func replaces() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("report.md", "old report, much longer than the new one\n")
    chmod(path, 0o640)
    try TextOutput.write("# 报告\n", to: .file(path))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "# 报告\n")
    let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(permissions == 0o640)
    let fresh = directory.file("spec.yaml")
    try TextOutput.write("a: 1\n", to: .file(fresh))
    #expect(try String(contentsOfFile: fresh, encoding: .utf8) == "a: 1\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["report.md", "spec.yaml"])
  }

  @Test("a symbolic link, a directory or a FIFO at the target is refused and left alone")
  func refuses() throws {
    let directory = TemporaryDirectory()
    let kept = directory.write("kept.md", "precious\n")
    let link = directory.file("link.md")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: kept)
    let folder = directory.file("folder")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let fifo = directory.file("fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(
      throws: SegmentaError(.invalidRequest, "'\(link)' is a symbolic link; name the file it points to", file: link)
    ) {
      try TextOutput.write("x", to: .file(link))
    }
    #expect(throws: SegmentaError(.invalidRequest, "'\(folder)' is a directory, not a file", file: folder)) {
      try TextOutput.write("x", to: .file(folder))
    }
    #expect(throws: SegmentaError.self) { try TextOutput.write("x", to: .file(fifo)) }
    #expect(try String(contentsOfFile: kept, encoding: .utf8) == "precious\n")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
        "fifo", "folder", "kept.md", "link.md",
      ])
  }

  @Test("a folder that cannot be written is a file access error naming the file")
  func systemFailure() {
    #expect {
      try TextOutput.write("x", to: .file("/nonexistent-folder/report.md"))
    } throws: { error in
      let error = error as? SegmentaError
      return error?.code == .fileAccess
        && error?.message.hasPrefix("cannot write '/nonexistent-folder/report.md': ") == true
    }
  }

  @Test("standard output receives the text as it is")
  func standardOutput() async {
    let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
      try TextOutput.write("line 1\n行 2\n", to: .standardOutput)
    }
    #expect(result.map { String(decoding: $0.standardOutputContent, as: UTF8.self) } == "line 1\n行 2\n")
  }
}
