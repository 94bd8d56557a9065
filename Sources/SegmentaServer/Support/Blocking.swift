import NIOPosix
import SegmentaCore

/// Runs synchronous work (workflows, SQLite) on NIO's blocking thread pool, off the event loops and
/// the cooperative pool.
enum Blocking {
  static func run<T: Sendable>(_ body: @escaping @Sendable () throws(SegmentaError) -> T) async throws(SegmentaError)
    -> T
  {
    let result: Result<T, SegmentaError>
    do {
      result = try await NIOThreadPool.singleton.runIfActive {
        do {
          return .success(try body())
        } catch {
          return .failure(SegmentaError(error))
        }
      }
    } catch {
      throw SegmentaError(.internal, "the server is shutting down")
    }
    return try result.get()
  }
}
