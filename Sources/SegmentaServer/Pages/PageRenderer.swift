import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The dashboard: server-rendered pages over the same workflows as the API and the command line.
struct PageRenderer: Sendable {
  let state: ServerState

  /// Registers every page and asset.
  func register(_ routes: Routes) {
    AssetRoutes.register(routes)
    LoginPage.register(routes, state: state)
    OverviewPage.register(routes, state: state)
    DataPage.register(routes, state: state)
    let reports = state.reports
    SegmentsPage.register(routes, state: state, cache: reports)
    ValuePage.register(routes, state: state)
    ChurnPage.register(routes, state: state)
    RulesPage.register(routes, state: state)
    TagsPage.register(routes, state: state)
    MembersForm.register(routes, state: state)
    CampaignsPage.register(routes, state: state)
    CustomersPage.register(routes, state: state)
    EnginesPage.register(routes, state: state)
    JobsPage.register(routes, state: state)
    // The explorer's reports of the latest versions, ready before anyone asks (again after each change,
    // such as a segmentation job).
    let base = state.base
    let warm: @Sendable () -> Void = {
      Task.detached(priority: .background) {
        let latest = try? await Blocking.run { () throws(SegmentaError) in
          try ListSegmentationsWorkflow(latestOnly: true).run(base)
        }
        reports.warm(latest ?? [], context: base)
      }
    }
    warm()
    state.onChange(warm)
  }

  /// An error as a page: the sign-in form (401) for a request without a session, which comes back to
  /// the page asked for; otherwise a page saying what went wrong, without the server's internals.
  func error(_ failure: SegmentaError, request: Request, context: AppContext) -> Response {
    let status = ErrorMiddleware.status(failure.code)
    if failure.code == .unauthenticated {
      var next = "/"
      if request.method == .get || request.method == .head {
        next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
      }
      return LoginPage.form(next: next, error: nil, status: status)
    }
    let title: String
    let text: String
    switch failure.code {
    case .forbidden:
      title = "不允许 Not allowed"
      text = failure.field == "_csrf" ? failure.message : "Your role may not do this: \(failure.message)."
    case .notFound:
      title = "未找到 Not found"
      text = failure.message
    case .conflict, .missingPrerequisite, .cancelled:
      title = "暂不可行 Not possible now"
      text = failure.message
    case .internal, .database, .fileAccess, .notAWorkspace, .newerWorkspace:
      title = "服务器错误 Server error"
      text = "The server could not complete the request; the error was logged. Try again, or tell an administrator."
    default:
      title = "请求有误 The request was not accepted"
      text = failure.message
    }
    let body: HTML = """
      <h1>\(title)</h1>
      \(Layout.notice(text, kind: "error"))
      <p><a href="/">返回 Back to the overview</a></p>
      """
    return PageResponse.page(title, area: nil, caller: context.caller, status: status, body)
  }
}

/// The dashboard's script and style sheet, compiled into the binary.
enum AssetRoutes {
  static func register(_ routes: Routes) {
    routes.open(.get, "/assets/app.js", kind: .asset, "The dashboard's script.") { _, _ in
      asset(PackageResources.app_js, type: "text/javascript; charset=utf-8")
    }
    routes.open(.get, "/assets/app.css", kind: .asset, "The dashboard's style sheet.") { _, _ in
      asset(PackageResources.app_css, type: "text/css; charset=utf-8")
    }
  }

  static func asset(_ bytes: [UInt8], type: String) -> Response {
    Response(
      status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
