/// A reporter that ignores progress.
package struct SilentProgress: ProgressReporter {
  package init() {}
  package func report(_ progress: WorkflowProgress) {}
}
