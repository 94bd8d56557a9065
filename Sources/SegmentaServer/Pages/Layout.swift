import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO

/// The dashboard's areas, in navigation order, and the permission each needs.
enum Area: String, CaseIterable, Sendable {
  case overview, data, segments, value, churn, rules, tags, campaigns, customers, engines, jobs

  /// The area's page.
  var path: String {
    switch self {
    case .overview: "/"
    default: "/" + rawValue
    }
  }

  /// The navigation label.
  var label: String {
    switch self {
    case .overview: "概览 Overview"
    case .data: "数据 Data"
    case .segments: "分群 Segments"
    case .value: "价值 Value"
    case .churn: "流失 Churn"
    case .rules: "规则 Rules"
    case .tags: "标签 Tags"
    case .campaigns: "营销 Campaigns"
    case .customers: "客户 Customers"
    case .engines: "数仓 Engines"
    case .jobs: "任务 Jobs"
    }
  }

  /// What a role needs to see the area.
  var permission: Permission {
    switch self {
    case .customers: .readCustomers
    default: .readDashboards
    }
  }
}

/// The page shell every dashboard page shares: head (style sheet, script, CSRF token), navigation
/// showing only the areas the role may use, the signed-in user and sign-out.
enum Layout {
  /// A whole page.
  static func page(title: String, area: Area?, caller: Caller?, body: HTML) -> HTML {
    var nav = HTML.empty
    var who = HTML.empty
    if let caller {
      let links = Area.allCases.filter { caller.role.allows($0.permission) }.map { item -> HTML in
        item == area
          ? "<a href=\"\(item.path)\" class=\"active\" aria-current=\"page\">\(item.label)</a>"
          : "<a href=\"\(item.path)\">\(item.label)</a>"
      }
      nav = "<nav class=\"areas\" aria-label=\"areas\">\(links)</nav>"
      who = """
        <div class="who"><span class="user">\(caller.user.name)</span> <span class="role">\(caller.role.rawValue)</span>
        <form method="post" action="/logout" class="inline">\(csrfField(caller))<button type="submit" class="link">退出 Sign out</button></form></div>
        """
    }
    return """
      <!DOCTYPE html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="csrf-token" content="\(caller?.csrf ?? "")">
      <title>\(title) · Segmenta</title>
      <link rel="stylesheet" href="/assets/app.css">
      <script src="/assets/app.js" defer></script>
      </head>
      <body>
      <header class="top"><a class="brand" href="/">Segmenta <span>客户分群</span></a>\(nav)\(who)</header>
      <main>
      \(body)
      </main>
      <footer>Segmenta \(SegmentaVersion.current)</footer>
      </body>
      </html>

      """
  }

  /// The hidden field carrying the session's CSRF token, which every form posts.
  static func csrfField(_ caller: Caller) -> HTML {
    "<input type=\"hidden\" name=\"_csrf\" value=\"\(caller.csrf)\">"
  }

  /// A message box: `kind` is `ok` or `error`.
  static func notice(_ text: String, kind: String = "ok") -> HTML {
    "<p class=\"notice \(kind)\" role=\"\(kind == "error" ? "alert" : "status")\">\(text)</p>"
  }

  /// A box whose content scrolls sideways when it is wider than the screen (tables, charts).
  static func scroll(_ content: HTML) -> HTML {
    "<div class=\"scroll\">\(content)</div>"
  }

  /// A table from a header (none when every title is empty) and rows of cells (HTML, already escaped).
  static func table(_ header: [String], _ rows: [[HTML]], numeric: Set<Int> = [], id: String? = nil) -> HTML {
    let head = header.enumerated().map { index, title -> HTML in
      numeric.contains(index) ? "<th class=\"num\">\(title)</th>" : "<th>\(title)</th>"
    }
    let body = rows.map { cells -> HTML in
      let tds = cells.enumerated().map { index, cell -> HTML in
        numeric.contains(index) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
      }
      return "<tr>\(tds)</tr>\n"
    }
    let idAttribute: HTML = id.map { " id=\"\($0)\"" } ?? .empty
    let thead: HTML = header.allSatisfy(\.isEmpty) ? .empty : "<thead><tr>\(head)</tr></thead>"
    return scroll("<table\(idAttribute)>\(thead)<tbody>\n\(body)</tbody></table>")
  }
}

/// Responses of pages.
enum PageResponse {
  /// An HTML page.
  static func html(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: html.text)))
  }

  /// A page in the shared layout.
  static func page(
    _ title: String, area: Area?, caller: Caller?, status: HTTPResponse.Status = .ok, _ body: HTML
  ) -> Response {
    html(Layout.page(title: title, area: area, caller: caller, body: body), status: status)
  }

  /// 303 See Other to `location` (after a form was handled).
  static func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
  }

  /// Whether `path` is a path of this server (`/x`), never another site (`//host`, `/\host`, `http:`).
  static func isLocal(_ path: String) -> Bool {
    guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.utf8.count <= 2000 else {
      return false
    }
    return !path.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F }
  }
}

/// Number formats of the pages: the reports' own (``ReportText``).
enum Show {
  /// 1234567 → "1,234,567".
  static func count(_ value: Int) -> String { ReportText.grouped(value) }

  /// A fraction as a percentage with one decimal ("–" when missing).
  static func percent(_ value: Double?) -> String { ReportText.percent(value) }

  /// A number with about four significant digits ("–" when missing).
  static func number(_ value: Double?) -> String { ReportText.number(value) }

  /// A value to `decimals` decimals ("–" when missing).
  static func fixed(_ value: Double?, _ decimals: Int = 3) -> String { ReportText.fixed(value, decimals) }

  /// A label in both languages ("中文 / English", one when they are equal).
  static func label(_ label: FeatureLabel) -> String { ReportText.both(label) }

  /// Bytes as KB / MB.
  static func bytes(_ value: Int) -> String {
    if value >= 1 << 20 { return String(format: "%.1f MB", Double(value) / Double(1 << 20)) }
    if value >= 1 << 10 { return String(format: "%.1f KB", Double(value) / Double(1 << 10)) }
    return "\(value) B"
  }
}
