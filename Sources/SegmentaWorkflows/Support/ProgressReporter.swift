/// Receives the progress of long work; the command line draws it on the terminal, the server streams it.
package protocol ProgressReporter: Sendable {
  /// Called with each new state of the work (often; a reporter decides how often to show it).
  func report(_ progress: WorkflowProgress)
}
