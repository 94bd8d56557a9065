import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/campaigns` and `/campaigns/:name`: the campaign loop.
///
/// Create from a form, select (a job) with the exclusion counts, export the contact list (audited; unmasked only for roles that may reveal
/// contacts), upload responses, the evaluation with conversion and contact bars and confidence
/// intervals, and what converters share.
enum CampaignsPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(.get, "/campaigns", .readDashboards, kind: .page, "Campaigns, and a form to create one.") {
      request, _, caller in
      try await list(state: state, caller: caller, command: request.auditCommand, form: [:], top: .empty)
    }
    routes.add(
      .post, "/campaigns", .manageCampaigns, kind: .page,
      "Create a campaign from the form's fields (those of a campaign spec); on to its page."
    ) { request, context, caller in
      let form = context.form
      do {
        let spec = try SegmentaError.catching {
          try CampaignSpecParser.parse(CampaignForm.yaml(form), file: "the form")
        }
        let period = form["period"].flatMap { $0.isEmpty ? nil : $0 }
        _ = try await state.write(
          CreateCampaignWorkflow(source: .campaign(spec), period: period), caller: caller,
          command: request.auditCommand, refresh: false)
        return PageResponse.redirect("/campaigns/\(urlPart(spec.name))?done=created")
      } catch let failure as SegmentaError
        where [.invalidSpec, .invalidRule, .invalidRequest, .notFound, .conflict].contains(failure.code)
      {
        return try await list(
          state: state, caller: caller, command: request.auditCommand, form: form,
          top: Layout.notice(failure.description, kind: "error"), status: .unprocessableContent)
      }
    }
    routes.add(
      .get, "/campaigns/:name", .readDashboards, kind: .page,
      "One campaign: spec, selection and exclusions, export, responses, evaluation, learning."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let command = request.auditCommand
      let shown = try await state.read(ShowCampaignWorkflow(name: name), caller: caller, command: command)
      let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
      var evaluation: EvaluateCampaignWorkflow.Output?
      var learning: LearnCampaignWorkflow.Output?
      var learningProblem: String?
      if shown.campaign.responses > 0 {
        evaluation = try await state.read(
          EvaluateCampaignWorkflow(source: .campaign(name)), caller: caller, command: command)
        do {
          learning = try await state.read(LearnCampaignWorkflow(name: name), caller: caller, command: command)
        } catch {
          learningProblem = SegmentaError(error).message
        }
      }
      var top = HTML.empty
      switch request.query("done") {
      case "created": top = Layout.notice("The campaign was created; select its targets next.")
      case "responses": top = Layout.notice("The responses were imported.")
      default: break
      }
      return PageResponse.page(
        "Campaign \(name)", area: .campaigns, caller: caller,
        top
          + campaign(
            shown, periods: periods, evaluation: evaluation, learning: learning, learningProblem: learningProblem,
            caller: caller))
    }
    routes.add(
      .post, "/campaigns/:name/export", .exportData, kind: .page,
      "The campaign's contact list as CSV (masked unless `reveal` and the role may reveal contacts; audited)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let reveal = context.form["reveal"] == "on"
      return try await CSVTransfer.download(
        filename: "campaign-\(name).csv", state: state, caller: caller, request: request
      ) { path in ExportCampaignWorkflow(name: name, out: path, reveal: reveal) }
    }
  }

  /// The list page, the create form filled with `form`.
  static func list(
    state: ServerState, caller: Caller, command: String, form: [String: String], top: HTML,
    status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let campaigns = try await state.read(ListCampaignsWorkflow(), caller: caller, command: command)
    var html: HTML = "<h1>营销活动 Campaigns</h1>\n\(top)"
    let rows = campaigns.map { entry -> [HTML] in
      [
        "<a href=\"/campaigns/\(urlPart(entry.name))\">\(entry.name)</a>", "\(entry.product)", "\(entry.channel)",
        "<code>\(entry.target)</code>", "\(entry.owner)",
        "\(entry.selection.map { "\(Show.count($0.targets)) / \(Show.count($0.controls))" } ?? "not selected")",
        "\(entry.exports)", "\(entry.responses > 0 ? Show.count(entry.responses) : "–")",
      ]
    }
    html +=
      campaigns.isEmpty
      ? "<p class=\"empty\">No campaigns yet.</p>"
      : Layout.table(
        ["campaign", "product", "channel", "target rule", "owner", "targets / controls", "exports", "responses"], rows,
        numeric: [6, 7], id: "campaigns-table")
    if caller.role.allows(.manageCampaigns) {
      let status = try await state.read(WorkspaceStatusWorkflow(), caller: caller, command: command)
      html += createForm(form, caller: caller, status: status)
    }
    return PageResponse.page("Campaigns", area: .campaigns, caller: caller, status: status, html)
  }

  /// The form that creates a campaign.
  static func createForm(_ form: [String: String], caller: Caller, status: WorkspaceStatusWorkflow.Output) -> HTML {
    func value(_ key: String, _ fallback: String = "") -> String { form[key] ?? fallback }
    func choice(_ name: String, _ options: [String], selected: String) -> HTML {
      let items = options.map { option -> HTML in
        "<option value=\"\(option)\"\(HTML.attribute("selected", when: option == selected))>\(option.isEmpty ? "none" : option)</option>"
      }
      return "<select name=\"\(name)\">\(items)</select>"
    }
    let channels = CampaignSpec.Channel.allCases.map(\.rawValue)
    let segmentations = [""] + status.segmentations.map(\.name)
    return """
      <section class="panel"><h2>新建 Create a campaign</h2>
      <form method="post" action="/campaigns" class="stack" id="campaign-form">\(Layout.csrfField(caller))
      <div class="grid">
      \(Forms.text("Name (letters, digits, _)", name: "name", value: value("name"), required: true, placeholder: "stock_app", id: "campaign-name"))
      \(Forms.text("Product", name: "product", value: value("product"), required: true, placeholder: "股票通 app"))
      \(Forms.text("Offer", name: "offer", value: value("offer"), placeholder: "首月免费 / first month free"))
      <label>Channel \(choice("channel", channels, selected: value("channel", "sms")))</label>
      </div>
      <label>Target rule <textarea name="target" id="campaign-target" rows="2" spellcheck="false" required data-rule-check="#campaign-target-result">\(value("target"))</textarea></label>
      <div id="campaign-target-result" class="rule-result" aria-live="polite"><p class="count"></p><pre class="rule-error" hidden></pre></div>
      <div class="grid">
      <label>Control group \(choice("control", ["holdout", "random"], selected: value("control", "holdout")))</label>
      \(Forms.text("Control share", name: "control_share", value: value("control_share", "0.1")))
      <label>Stratify by segmentation \(choice("stratify_by", segmentations, selected: value("stratify_by")))</label>
      \(Forms.text("Most targets", name: "max_targets", value: value("max_targets"), placeholder: "no limit"))
      \(Forms.text("Cost per contact", name: "cost_per_contact", value: value("cost_per_contact", "0")))
      \(Forms.text("Value per conversion", name: "value_per_conversion", value: value("value_per_conversion")))
      \(Forms.text("Budget", name: "budget", value: value("budget")))
      \(Forms.text("Frequency cap: contacts", name: "cap_contacts", value: value("cap_contacts"), placeholder: "e.g. 2"))
      \(Forms.text("… in days", name: "cap_days", value: value("cap_days"), placeholder: "e.g. 30"))
      \(Forms.text("Random seed", name: "seed", value: value("seed", "1")))
      </div>
      <div class="actions"><button type="submit">创建 Create</button></div>
      </form></section>

      """
  }

  /// One campaign's page.
  static func campaign(
    _ shown: ShowCampaignWorkflow.Output, periods: [PeriodInfo], evaluation: EvaluateCampaignWorkflow.Output?,
    learning: LearnCampaignWorkflow.Output?, learningProblem: String?, caller: Caller
  ) -> HTML {
    let spec = shown.spec
    let entry = shown.campaign
    let name = spec.name
    var specRows: [[HTML]] = [
      ["product", "\(spec.product)"], ["offer", "\(spec.offer)"], ["target rule", "<code>\(spec.target)</code>"],
      ["channel", "\(spec.channel.rawValue)"],
      ["control group", "\(spec.control.rawValue), \(Show.percent(spec.controlShare))"],
      ["cost per contact", "\(Show.number(spec.costPerContact))"],
    ]
    if let value = spec.valuePerConversion { specRows.append(["value per conversion", "\(Show.number(value))"]) }
    if let budget = spec.budget { specRows.append(["budget", "\(Show.number(budget))"]) }
    if let stratify = spec.stratifyBy { specRows.append(["stratified by", "\(stratify)"]) }
    if let most = spec.maximumTargets { specRows.append(["most targets", "\(Show.count(most))"]) }
    if let cap = spec.frequencyCap { specRows.append(["frequency cap", "\(cap.contacts) in \(cap.days) days"]) }
    specRows.append(["created", "\(entry.createdAt) by \(entry.owner)"])
    var html: HTML = """
      <h1>营销活动 <span class="name">\(name)</span></h1>
      <section><h2>方案 Spec</h2>\(Layout.table(["", ""], specRows, id: "campaign-spec"))</section>

      """
    html += "<section id=\"selection\"><h2>目标选择 Selection</h2>"
    if let selection = entry.selection {
      html += """
        <div class="metrics">
        \(SegmentsPage.metric("Candidates", Show.count(selection.candidates), "the rule selects"))
        \(SegmentsPage.metric("Targets", Show.count(selection.targets), "contacted"))
        \(SegmentsPage.metric("Controls", Show.count(selection.controls), spec.control == .holdout ? "held out" : "random, contacted"))
        \(SegmentsPage.metric("Excluded", Show.count(selection.excluded.values.reduce(0, +)), "before the split"))
        </div>
        <p class="hint">Selected \(selection.selectedAt).</p>

        """
      let excluded = ExclusionReason.allCases.map { reason -> [HTML] in
        [
          "\(reason.rawValue.replacingOccurrences(of: "_", with: " "))",
          "\(Show.count(selection.excluded[reason] ?? 0))",
        ]
      }
      html += Layout.table(["excluded because", "customers"], excluded, numeric: [1], id: "exclusions")
    } else {
      html += "<p class=\"empty\">Not selected yet.</p>"
    }
    if caller.role.allows(.manageCampaigns) {
      html += Forms.job(
        kind: "select-campaign", id: "select-form",
        submit: entry.selection == nil ? "选择 Select targets" : "选择 Select again", after: "/campaigns/\(urlPart(name))",
        """
        <input type="hidden" name="name" value="\(name)">
        <label>Period (of the features) \(Forms.periods(periods))</label>
        """)
    }
    html += "</section>\n"
    if entry.selection != nil {
      if caller.role.allows(.exportData) {
        let reveal: HTML =
          caller.role.allows(.revealContacts)
          ? "<label class=\"check\"><input type=\"checkbox\" name=\"reveal\"> Unmasked contacts (recorded as revealed)</label>"
          : .empty
        html += """
          <section id="export"><h2>导出 Contact list</h2>
          <form method="post" action="/campaigns/\(urlPart(name))/export" class="inline">\(Layout.csrfField(caller))\(reveal)
          <button type="submit">Download the contact list (CSV)</button></form>
          <p class="hint">Every export is recorded in the audit with your name. Exports so far: \(entry.exports).</p></section>

          """
      }
      if caller.role.allows(.manageCampaigns) {
        html += """
          <section id="responses"><h2>反馈 Responses</h2>
          <form class="stack" id="responses-form" data-upload="responses" data-campaign="\(name)">
          <label>Response file (CSV: customer_id, reached, converted, optional contacted_at, revenue) <input type="file" name="file" id="responses-file" accept=".csv,text/csv" required></label>
          <div class="actions"><button type="submit">上传 Upload responses</button></div>
          <p class="upload-status" aria-live="polite"></p>
          </form>
          <p class="hint">Responses so far: \(Show.count(entry.responses)).</p></section>

          """
      }
    }
    if let evaluation {
      html += evaluationSection(evaluation.evaluation)
    }
    if let learning {
      html += learningSection(learning)
    } else if let learningProblem {
      html += "<section><h2>学习 Learning</h2>\(Layout.notice(learningProblem))</section>"
    }
    return html
  }

  /// Target against control: contact and conversion bars with the difference's interval, and the figures.
  static func evaluationSection(_ evaluation: ExperimentEvaluation) -> HTML {
    let target = evaluation.target
    let control = evaluation.control
    let level = Int((evaluation.confidence * 100).rounded())
    var html: HTML = """
      <section id="evaluation"><h2>效果评估 Evaluation</h2>
      <div class="row">
      <figure><figcaption>接触成功率 Contact success</figcaption>\(Layout.scroll(Charts.comparison("contact success", target: evaluation.contact.targetRate, control: evaluation.contact.controlRate, difference: evaluation.contact.difference, interval: evaluation.contact.differenceInterval, confidence: evaluation.confidence)))</figure>
      <figure><figcaption>转化率 Conversion</figcaption>\(Layout.scroll(Charts.comparison("conversion", target: evaluation.conversion.targetRate, control: evaluation.conversion.controlRate, difference: evaluation.conversion.difference, interval: evaluation.conversion.differenceInterval, confidence: evaluation.confidence)))</figure>
      </div>

      """
    func ratio(_ comparison: ProportionComparison) -> String {
      let interval = comparison.ratioInterval.map { " [\(Show.fixed($0.lower, 2)), \(Show.fixed($0.upper, 2))]" } ?? ""
      return "×\(Show.fixed(comparison.ratio, 2))\(interval)"
    }
    let rows: [[HTML]] = [
      ["customers", "\(Show.count(target.customers))", "\(Show.count(control.customers))", "", ""],
      [
        "reached", "\(Show.count(target.reached)) (\(Show.percent(evaluation.contact.targetRate)))",
        "\(Show.count(control.reached)) (\(Show.percent(evaluation.contact.controlRate)))",
        "\(ratio(evaluation.contact))", "\(Show.fixed(evaluation.contact.pValue, 4))",
      ],
      [
        "converted", "\(Show.count(target.converted)) (\(Show.percent(evaluation.conversion.targetRate)))",
        "\(Show.count(control.converted)) (\(Show.percent(evaluation.conversion.controlRate)))",
        "\(ratio(evaluation.conversion))", "\(Show.fixed(evaluation.conversion.pValue, 4))",
      ],
      [
        "revenue per customer", "\(Show.number(target.revenuePerCustomer))",
        "\(Show.number(control.revenuePerCustomer))",
        "\(Show.number(evaluation.revenueDifference)) [\(Show.number(evaluation.revenueInterval.lower)), \(Show.number(evaluation.revenueInterval.upper))]",
        "",
      ],
    ]
    html += Layout.table(
      ["", "target", "control", "lift (\(level) % CI)", "p-value"], rows, numeric: [1, 2], id: "evaluation-table")
    html += "<p>Incremental conversions: <b>\(Show.number(evaluation.incrementalConversions))</b>"
    if let economics = evaluation.economics {
      html +=
        " · cost \(Show.number(economics.cost)) · incremental value \(Show.number(economics.incrementalValue)) · ROI \(Show.percent(economics.returnOnInvestment))"
    }
    html += "</p></section>\n"
    return html
  }

  /// What converters share, and the refinement that raises conversion most.
  static func learningSection(_ output: LearnCampaignWorkflow.Output) -> HTML {
    let learning = output.learning
    var html: HTML = """
      <section id="learning"><h2>学习 What converters share</h2>
      <p class="summary">\(Show.count(learning.converters)) of \(Show.count(learning.targets)) targets converted.</p>

      """
    if let refinement = learning.refinement {
      html += """
        <p>Best refinement: <code>\(refinement.condition)</code>: conversion \(Show.percent(refinement.rate)) among \(Show.count(refinement.targets)) targets, keeping \(Show.percent(refinement.convertersKept)) of the converters.</p>
        \(output.refinedRule.map { "<p>Refined rule: <code>\($0)</code></p>" as HTML } ?? HTML.empty)

        """
    }
    let features = learning.features.sorted { abs($0.standardizedDifference) > abs($1.standardizedDifference) }.prefix(
      10
    )
    .map { feature -> [HTML] in
      [
        "\(Show.label(feature.label))", "\(Show.number(feature.convertedMean))", "\(Show.number(feature.otherMean))",
        "\(Show.fixed(feature.standardizedDifference, 2))",
      ]
    }
    html += Layout.table(
      ["feature", "converters' mean", "others' mean", "standardised difference"], features, numeric: [1, 2, 3],
      id: "learning-features")
    let tags = learning.tags.map { tag -> [HTML] in
      [
        "\(Show.label(tag.label))", "\(Show.count(tag.tagged))", "\(Show.percent(tag.taggedRate))",
        "\(Show.percent(tag.otherRate))",
      ]
    }
    if !tags.isEmpty {
      html += Layout.table(
        ["tag", "tagged targets", "their conversion", "others' conversion"], tags, numeric: [1, 2, 3])
    }
    html += "</section>\n"
    return html
  }
}

/// A campaign spec from the create form's fields.
enum CampaignForm {
  static let textKeys = ["name", "product", "offer", "target", "channel", "control", "stratify_by"]
  static let numberKeys = [
    "budget", "cost_per_contact", "value_per_conversion", "control_share", "seed", "max_targets",
  ]

  /// The spec as YAML for ``CampaignSpecParser``, which checks it (its messages name the key): every text
  /// value is written as a quoted string and every number as a number only when it is one, so no value
  /// can change the document's structure.
  static func yaml(_ form: [String: String]) -> String {
    func field(_ key: String) -> String? {
      let value = (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      return value.isEmpty ? nil : value
    }
    var lines: [String] = []
    for key in textKeys {
      if let value = field(key) { lines.append("\(key): \(quoted(value))") }
    }
    for key in numberKeys {
      if let value = field(key) { lines.append("\(key): \(number(value))") }
    }
    if let contacts = field("cap_contacts"), let days = field("cap_days") {
      lines.append("frequency_cap: {contacts: \(number(contacts)), days: \(number(days))}")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` as a double-quoted scalar (JSON string syntax, which YAML reads the same).
  static func quoted(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    guard let data = try? encoder.encode(text) else { return "\"\"" }
    return String(decoding: data, as: UTF8.self)
  }

  /// `text` as written when it is a plain decimal number, quoted otherwise (the parser then says the
  /// key takes a number).
  static func number(_ text: String) -> String {
    let plain = text.range(of: #"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    return plain ? text : quoted(text)
  }
}
