import Foundation
import Hummingbird
import Logging
import SegmentaCore
import SegmentaWorkflows

/// Builds the Segmenta server for `configuration`.
///
/// The HTTP API under `/api/v1`, the dashboard pages and their assets. Opens (and migrates) the workspace, recovers jobs interrupted by a stop and registers
/// every route.
package func buildApplication(
  configuration: ServerConfiguration, logger: Logger? = nil,
  onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws(SegmentaError) -> some ApplicationProtocol {
  let (router, state) = try await SegmentaServer.router(configuration, logger: logger)
  return Application(
    router: router,
    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "segmenta"),
    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
    logger: state.logger)
}

/// The server's entry points.
package enum SegmentaServer {
  /// The router and the server state (tests drive the router in process).
  static func router(_ configuration: ServerConfiguration, logger: Logger? = nil) async throws(SegmentaError) -> (
    Router<AppContext>, ServerState
  ) {
    let logger =
      logger
      ?? {
        var logger = Logger(label: "segmenta")
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        return logger
      }()
    let state = ServerState(configuration: configuration, logger: logger)
    _ = try await Blocking.run { [base = state.base] () throws(SegmentaError) in try ServerStartup().run(base) }
    try await state.jobs.start(onChange: { state.changed() })
    state.customers.refresh()
    state.customers.watch(every: 5)
    let router = Router(context: AppContext.self)
    let pages = PageRenderer(state: state)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: AuthenticationMiddleware(state: state))
    let routes = Routes(router: router, table: state.routes, maxBodyBytes: configuration.maxBodyBytes)
    APIRoutes.register(routes, state: state)
    pages.register(routes)
    return (router, state)
  }

  /// Runs the server until it is stopped (SIGINT or SIGTERM end it gracefully: open requests finish,
  /// a running job is left to end).
  package static func run(
    _ configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void
  )
    async throws
  {
    let app = try await buildApplication(configuration: configuration, onServerRunning: onServerRunning)
    try await app.runService()
  }
}
