import Dispatch
import Foundation

/// The threads that parse the parts of a file: thread `w` of `W` takes parts `w`, `w + W`, … in
/// order, so each part is started in file order within its thread.
enum ParserThreads {
  /// Starts `workers` threads that call `body` with every part of `parts`; the group is left when
  /// all are done.
  static func start(workers: Int, parts: Int, _ body: @escaping @Sendable (Int) -> Void) -> DispatchGroup {
    let group = DispatchGroup()
    for worker in 0..<workers {
      let thread = Thread {
        var part = worker
        while part < parts {
          body(part)
          part += workers
        }
        group.leave()
      }
      thread.stackSize = 1 << 20
      group.enter()
      thread.start()
    }
    return group
  }
}
