import Foundation
import Testing

/// The dashboard's journeys in a real browser.
///
/// Runs scripts/browser-tests.sh (Debian's chromium and
/// chromium-driver driven by Selenium against `segmenta serve` over a demo workspace) with the
/// `segmenta` executable built beside the tests. A missing browser or tool is a failure, never a skip.
@Suite("Browser journeys")
struct BrowserJourneyTests {
  /// The package's root folder.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `segmenta` executable built beside the test bundle (or in .build/debug).
  static var executable: String {
    let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let beside = here.appendingPathComponent("segmenta").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return root.appendingPathComponent(".build/debug/segmenta").path
  }

  @Test(
    "log in, upload and import, segment with progress, rename, rules, churn fit and score, lifecycle and retention, a campaign end to end, the front line, 400 px, CSP",
    .timeLimit(.minutes(8)))
  func journeys() throws {
    #expect(
      FileManager.default.isExecutableFile(atPath: Self.executable), "no segmenta executable at \(Self.executable)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [Self.root.appendingPathComponent("scripts/browser-tests.sh").path, Self.executable]
    process.currentDirectoryURL = Self.root
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // A browser that hangs must not hang the test run: stop the script after six minutes.
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 360, execute: watchdog)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    let text = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0, "scripts/browser-tests.sh failed:\n\(text)")
    #expect(text.contains(" passed, 0 failed"), "the journeys did not all pass:\n\(text)")
    let screenshots = Self.root.appendingPathComponent(".build/artefacts/screenshots")
    for page in [
      "login", "overview", "data", "segments", "segment-explorer", "segments-stability", "segments-assess", "value",
      "value-lifecycle",
      "churn",
      "rules", "tags",
      "campaign",
      "customers",
      "jobs",
    ] {
      // This run took it (the script lists its own screenshots) and it is among the artefacts.
      #expect(text.contains(" \(page).png"), "this run took no screenshot of \(page)")
      #expect(
        FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("\(page).png").path),
        "no screenshot of \(page) in the artefacts")
    }
  }
}
