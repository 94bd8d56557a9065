import Foundation
import GRDB
import SegmentaTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A demo workspace in a fresh folder, shared by the checks of one test.
private func demoFolder(customers: Int = 300) throws -> TemporaryDirectory {
  let directory = TemporaryDirectory()
  _ = try segmentaOK(["demo", "--customers", "\(customers)", "--out", "d"], in: directory.path)
  return directory
}

@Suite("Safety from the command line: outputs, opening, JSON errors, exit statuses, hostile input")
struct SafetyCLITests {
  @Test("export --out onto the workspace is refused with status 1, and the workspace is whole afterwards")
  func exportOverWorkspace() throws {
    let directory = try demoFolder()
    let workspace = "d/segmenta.db"
    for out in [workspace, workspace + "-wal", "d/customers.csv"] {
      let arguments =
        out == "d/customers.csv"
        ? ["import", "customers", "d/customers.csv", "--workspace", workspace, "--on-error", "skip", "--rejects", out]
        : ["export", "demo", "--workspace", workspace, "--out", out]
      let result = try segmenta(arguments, in: directory.path)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.stderr.contains("writing there would destroy it"), "\(result.stderr)")
    }
    let described = try jsonObject(
      try segmentaOK(["features", "describe", "--workspace", workspace, "--json"], in: directory.path))
    #expect(described["customers"] as? Int == 300)
    #expect(try String(contentsOfFile: directory.file("d/customers.csv"), encoding: .utf8).hasPrefix("customer_id,"))
  }

  @Test("--json prints errors as JSON on standard output with a stable code; exit statuses are 1, 2 and 3")
  func jsonErrorsAndStatuses() throws {
    let directory = try demoFolder()
    let missing = try segmenta(["features", "describe", "--workspace", "nowhere.db", "--json"], in: directory.path)
    #expect(missing.status == 1 && missing.stderr.isEmpty)
    let error = try #require(try jsonObject(missing.stdout)["error"] as? [String: Any])
    #expect(error["code"] as? String == "not_found" && (error["message"] as? String)?.contains("no workspace") == true)
    let usage = try segmenta(["segment", "--name", "x", "--k", "0", "--json"], in: directory.path)
    #expect(usage.status == 2)
    #expect((try jsonObject(usage.stdout)["error"] as? [String: Any])?["code"] as? String == "invalid_request")
    let usageText = try segmenta(["segment", "--name", "x", "--k-range", "9..2"], in: directory.path)
    #expect(usageText.status == 2 && usageText.stderr.contains("Usage: segmenta segment"))
    let unknown = try segmenta(["frobnicate"], in: directory.path)
    #expect(unknown.status == 2)
    // A workspace whose schema pages are damaged: a database fault, status 3.
    try FileManager.default.copyItem(atPath: directory.file("d/segmenta.db"), toPath: directory.file("broken.db"))
    let handle = try #require(FileHandle(forWritingAtPath: directory.file("broken.db")))
    try handle.seek(toOffset: 4096)
    handle.write(Data(repeating: 0xFF, count: 60_000))
    try handle.close()
    let broken = try segmenta(["segments", "list", "--workspace", "broken.db", "--json"], in: directory.path)
    #expect(broken.status == 3)
    #expect((try jsonObject(broken.stdout)["error"] as? [String: Any])?["code"] as? String == "database")
    let ok = try segmenta(["segments", "list", "--workspace", "d/segmenta.db", "--json"], in: directory.path)
    #expect(ok.status == 0)
  }

  @Test("another program's database is refused without a single write; it stays in its journal mode")
  func foreignDatabase() throws {
    let directory = TemporaryDirectory()
    let foreign = directory.file("other.db")
    try DatabaseQueue(path: foreign).write { db in try db.execute(sql: "CREATE TABLE t(x); INSERT INTO t VALUES (1)") }
    let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
    for command in [["segments", "list"], ["tags", "apply"], ["features", "describe"]] {
      let result = try segmenta(command + ["--workspace", foreign], in: directory.path)
      #expect(result.status == 1 && result.stderr.contains("is not a Segmenta workspace"))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
    #expect(!FileManager.default.fileExists(atPath: foreign + "-wal"))
    let mode = try DatabaseQueue(path: foreign).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "delete")
  }

  @Test("a read-only workspace is read, and a command that writes is refused before any work")
  func readOnlyWorkspace() throws {
    let directory = try demoFolder()
    let workspace = directory.file("d/segmenta.db")
    // The folder stays writable (SQLite keeps -shm beside the file); only the file is read-only.
    chmod(directory.file("d"), 0o777)
    chmod(directory.path, 0o755)
    chmod(workspace, 0o444)
    // As root every file is writable; run as nobody then, which must see the read-only file (from a
    // copy of the executable that nobody can reach wherever the package was checked out).
    let prefix = geteuid() == 0 ? ["--reuid=65534", "--regid=65534", "--clear-groups"] : []
    let executable = directory.file("segmenta")
    try FileManager.default.copyItem(atPath: segmentaExecutable.path, toPath: executable)
    chmod(executable, 0o755)
    func run(_ arguments: [String]) throws -> CommandResult {
      if prefix.isEmpty { return try segmenta(arguments, in: directory.path) }
      return try runProcess("/usr/bin/setpriv", prefix + [executable] + arguments, in: directory.path)
    }
    let list = try run(["segments", "list", "--workspace", "d/segmenta.db"])
    #expect(list.status == 0 && list.stdout.contains("demo"), "\(list.stderr)")
    let apply = try run(["tags", "apply", "--workspace", "d/segmenta.db"])
    #expect(apply.status == 1)
    #expect(apply.stderr.contains("is read-only (the file's permissions do not allow writing)"), "\(apply.stderr)")
  }

  @Test("/dev/zero, a folder and an oversized spec are refused quickly with a clear message")
  func hostileInputs() throws {
    let directory = try demoFolder()
    let started = Date()
    let zero = try segmenta(["import", "customers", "/dev/zero", "--workspace", "d/segmenta.db"], in: directory.path)
    #expect(zero.status == 1 && zero.stderr.contains("not a regular file"), "\(zero.stderr)")
    let spec = try segmenta(
      ["features", "build", "--spec", "/dev/zero", "--workspace", "d/segmenta.db", "--events", "d/calls.csv"],
      in: directory.path)
    #expect(spec.status == 1 && spec.stderr.contains("not a regular file"), "\(spec.stderr)")
    let line = String(repeating: "x", count: 5 << 20)
    directory.write("long.csv", "customer_id,a\n" + line)
    let long = try segmenta(["import", "customers", "long.csv", "--workspace", "d/segmenta.db"], in: directory.path)
    #expect(long.status == 1 && long.stderr.contains("longer than 4 MiB") && long.stderr.utf8.count < 2_000)
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test("the interface: profile --json, --out - to standard output, rename 中文 / English, every version listed")
  func interface() throws {
    let directory = try demoFolder()
    let workspace = "d/segmenta.db"
    let report = try jsonObject(
      try segmentaOK(["profile", "demo", "--workspace", workspace, "--json"], in: directory.path))
    #expect((report["cards"] as? [Any])?.count == 8 && report["name"] as? String == "demo")
    let streamed = try segmenta(["export", "demo", "--workspace", workspace, "--out", "-"], in: directory.path)
    #expect(streamed.status == 0 && streamed.stdout.hasPrefix("customer_id,cluster_id,segment_id,segment_name\n"))
    #expect(streamed.stdout.split(separator: "\n").count == 301 && streamed.stderr.contains("Exported 300 customers"))
    let clash = try segmenta(["export", "demo", "--workspace", workspace, "--out", "-", "--json"], in: directory.path)
    #expect(clash.status == 2)
    let renamed = try jsonObject(
      try segmentaOK(
        ["segments", "rename", "demo", "2", "商旅 / Travellers", "--workspace", workspace, "--json"], in: directory.path))
    #expect((renamed["name"] as? [String: String]) == ["zh": "商旅", "en": "Travellers"])
    let rule = try segmentaOK(
      ["rule", "check", "segment(demo) = \"Travellers\"", "--count", "--workspace", workspace], in: directory.path)
    #expect(rule.contains("features of period 2024Q1"))
    _ = try segmentaOK(["segment", "--name", "demo", "--k", "3", "--workspace", workspace], in: directory.path)
    let list = try segmentaOK(["segments", "list", "--workspace", workspace, "--json"], in: directory.path)
    let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
    // The demo also stores its value tiers as a segmentation.
    #expect(Set(listed.compactMap { $0["name"] as? String }) == ["demo", "value_tier"])
    let versions = listed.filter { $0["name"] as? String == "demo" }
    #expect(
      versions.map { $0["version"] as? Int } == [1, 2] && versions.map { $0["latest"] as? Bool } == [false, true])
  }
}
