import SegmentaCore

/// A use case of Segmenta: a typed request that runs against a workspace and returns a typed result.
///
/// The front ends (the command line, the server) only translate their input into a workflow value,
/// call ``run(_:)`` and render the ``Output``; every check, loop and decision is here. Errors are
/// ``SegmentaError``s; progress goes to the context's reporter and is never printed.
package protocol Workflow: Sendable {
  /// What the workflow returns.
  associatedtype Output: Sendable
  /// Runs the use case.
  func run(_ context: WorkflowContext) throws(SegmentaError) -> Output
}
