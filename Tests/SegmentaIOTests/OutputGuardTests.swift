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

/// A folder holding a workspace `ws.db` (no `-wal` yet) and an input `c.csv`.
private struct Scene {
  let directory = TemporaryDirectory()
  let workspace: String
  let input: String

  init() {
    workspace = directory.write("ws.db", "SQLite format 3\0")
    input = directory.write("c.csv", "id\n1\n")
  }

  var protected: [ProtectedPath] { ProtectedPath.workspace(workspace) + [.input(input)] }

  /// The error `check` throws for `path`, or nil.
  func refusal(_ path: String, option: String = "--out") -> SegmentaError? {
    do {
      _ = try OutputGuard.check(path, option: option, protected: protected)
      return nil
    } catch {
      return error
    }
  }

  func link(_ name: String, to target: String) throws -> String {
    let path = directory.file(name)
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    return path
  }
}

@Suite("Output guard: outputs never destroy the workspace, inputs or special files")
struct OutputGuardTests {
  @Test("- is standard output; a new or existing regular file is a file target")
  func accepted() throws {
    let scene = Scene()
    #expect(try OutputGuard.check("-", option: "--out", protected: scene.protected) == .standardOutput)
    let fresh = scene.directory.file("report.csv")
    #expect(try OutputGuard.check(fresh, option: "--out", protected: scene.protected) == .file(fresh))
    let existing = scene.directory.write("old.csv", "a\n")
    #expect(try OutputGuard.check(existing, option: "--out", protected: scene.protected) == .file(existing))
    // A file whose name merely starts like the workspace's is fine.
    let similar = scene.directory.file("ws.db-backup")
    #expect(try OutputGuard.check(similar, option: "--out", protected: scene.protected) == .file(similar))
  }

  @Test("the workspace itself is refused with a message that says what to do")
  func workspace() {
    let scene = Scene()
    let error = scene.refusal(scene.workspace)
    #expect(error?.code == .invalidRequest)
    #expect(
      error?.message
        == "--out '\(scene.workspace)' is the workspace; writing there would destroy it. Choose another file.")
  }

  @Test("the workspace's -wal, -shm and -journal are refused even before they exist")
  func companions() {
    let scene = Scene()
    for suffix in ["-wal", "-shm", "-journal"] {
      let error = scene.refusal(scene.workspace + suffix)
      #expect(error?.code == .invalidRequest)
      #expect(error?.message.contains("is part of the workspace") == true, "\(suffix)")
    }
  }

  @Test("an input reached through a symbolic link or a hard link is refused, naming the input")
  func inputThroughLinks() throws {
    let scene = Scene()
    let alias = try scene.link("alias.csv", to: scene.input)
    let error = scene.refusal(alias, option: "--rejects")
    #expect(
      error?.message
        == "--rejects '\(alias)' is an input of this command (\(scene.input)); writing there would destroy it. Choose another file."
    )
    let hard = scene.directory.file("hard.db")
    #expect(link(scene.workspace, hard) == 0)
    #expect(scene.refusal(hard)?.message.contains("is the workspace (\(scene.workspace))") == true)
    // A relative link to the -wal that does not exist yet still leads there.
    let dangling = try scene.link("future-wal", to: "ws.db-wal")
    #expect(scene.refusal(dangling)?.message.contains("is part of the workspace") == true)
  }

  @Test("a path through a symbolically linked folder is resolved before comparing")
  func symlinkedFolder() throws {
    let scene = Scene()
    let folder = try scene.link("alias", to: scene.directory.path)
    #expect(scene.refusal(folder + "/ws.db")?.message.contains("is the workspace") == true)
    #expect(scene.refusal(folder + "/ws.db-wal")?.message.contains("is part of the workspace") == true)
    #expect(scene.refusal(folder + "/./c.csv")?.message.contains("is an input of this command") == true)
    let fresh = folder + "/new.csv"
    #expect(try OutputGuard.check(fresh, option: "--out", protected: scene.protected) == .file(fresh))
  }

  @Test("a symbolic link, a directory, a FIFO and a device are refused; only regular files are replaced")
  func nonRegularFiles() throws {
    let scene = Scene()
    let other = scene.directory.write("other.csv", "x\n")
    let link = try scene.link("link.csv", to: other)
    #expect(scene.refusal(link)?.message == "--out '\(link)' is a symbolic link; name the file it points to")
    let dangling = try scene.link("nowhere.csv", to: scene.directory.file("missing.csv"))
    #expect(scene.refusal(dangling)?.message == "--out '\(dangling)' is a symbolic link; name the file it points to")
    let folder = scene.directory.file("folder")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    #expect(scene.refusal(folder)?.message == "--out '\(folder)' is a directory, not a file")
    let fifo = scene.directory.file("pipe")
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(scene.refusal(fifo)?.message == "--out '\(fifo)' is not a regular file; use - for standard output")
    #expect(scene.refusal("/dev/null")?.message == "--out '/dev/null' is not a regular file; use - for standard output")
    #expect(scene.refusal("/dev/null")?.code == .invalidRequest)
  }

  @Test("a folder that does not exist or is not a folder is refused; so are an empty path and a trailing /")
  func folders() {
    let scene = Scene()
    let missing = scene.directory.file("nope/out.csv")
    #expect(scene.refusal(missing)?.message.contains("is in a folder that does not exist") == true)
    let underFile = scene.input + "/out.csv"
    #expect(scene.refusal(underFile)?.message.contains("which is not a folder") == true)
    #expect(scene.refusal("")?.message.contains("names no file") == true)
    #expect(scene.refusal(scene.directory.path + "/")?.message.contains("names a folder") == true)
  }

  @Test(
    "a folder where files cannot be created is refused before any work",
    .enabled(if: getuid() != 0, "root may write anywhere"))
  func readOnlyFolder() throws {
    let scene = Scene()
    let folder = scene.directory.file("locked")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    chmod(folder, 0o500)
    defer { chmod(folder, 0o700) }
    #expect(scene.refusal(folder + "/out.csv")?.message.contains("where files cannot be created") == true)
  }
}
