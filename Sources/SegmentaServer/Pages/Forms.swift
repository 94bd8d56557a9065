import Foundation
import SegmentaCore

/// Pieces of forms the pages share.
enum Forms {
  /// A form that starts a job through `POST /api/v1/jobs/<kind>` (or `url`).
  ///
  /// The script sends its fields as JSON and follows the job's progress live; `after` is a link shown
  /// when the job succeeded, where `{field}` stands for a field's value. A `hidden` form is shown by the script when it is ready.
  static func job(
    kind: String, id: String, submit: String, after: String? = nil, hidden: Bool = false, url: String? = nil,
    _ fields: HTML
  ) -> HTML {
    let afterAttribute: HTML = after.map { " data-after=\"\($0)\"" } ?? .empty
    let urlAttribute: HTML = url.map { " data-job-url=\"\($0)\"" } ?? .empty
    return """
      <form class="stack job-form" id="\(id)" data-job="\(kind)"\(afterAttribute)\(urlAttribute)\(HTML.attribute("hidden", when: hidden))>
      \(fields)
      <div class="actions"><button type="submit">\(submit)</button></div>
      <div class="job-status" aria-live="polite" hidden><progress></progress> <span class="job-text"></span></div>
      </form>
      """
  }

  /// A `<select>` of the wide-table periods, the latest chosen ("latest" first when `latest` is true).
  static func periods(_ periods: [PeriodInfo], name: String = "period", selected: String? = nil, latest: Bool = true)
    -> HTML
  {
    var options: [HTML] = []
    if latest { options.append("<option value=\"\">latest</option>") }
    for period in periods.reversed() {
      let label = period.label
      options.append(
        "<option value=\"\(label)\"\(HTML.attribute("selected", when: label == selected))>\(label)</option>")
    }
    return "<select name=\"\(name)\">\(options)</select>"
  }

  /// A labelled text input.
  static func text(
    _ label: String, name: String, value: String = "", required: Bool = false, placeholder: String = "",
    type: String = "text", id: String? = nil
  ) -> HTML {
    let idAttribute: HTML = id.map { " id=\"\($0)\"" } ?? .empty
    return """
      <label>\(label) <input type="\(type)" name="\(name)" value="\(value)" placeholder="\(placeholder)"\(idAttribute)\(HTML.attribute("required", when: required))></label>
      """
  }
}
