import Foundation
import SegmentaCore
import SegmentaStore

/// Selecting, exporting and evaluating campaigns over a workspace.
public enum CampaignPipeline {
  /// What `campaign select` did.
  public struct SelectionReport: Sendable, Codable {
    /// The campaign.
    public var campaign: String
    /// Customers in the workspace.
    public var customers: Int
    /// The stored selection.
    public var selection: StoredSelection
    /// Targets and controls per stratum (segment id → counts) when stratified.
    public var strata: [String: [String: Int]]?
  }

  /// Checks the spec against the workspace (the target rule, the stratifying segmentation, the
  /// opt-out and contact columns) and stores it.
  public static func create(_ spec: CampaignSpec, workspace: Workspace) throws {
    let data = try WorkspaceRuleData(workspace: workspace)
    do {
      _ = try CompiledRule(spec.target, schema: data.schema)
    } catch {
      throw WorkspaceError.invalidRequest("the target rule of campaign '\(spec.name)' \(error.description)")
    }
    if let segmentation = spec.stratifyBy, data.schema.segmentations[segmentation] == nil {
      throw WorkspaceError.invalidRequest(
        "stratify_by names segmentation '\(segmentation)', which the workspace does not have")
    }
    _ = try contactSetup(spec, workspace: workspace)
    try workspace.createCampaign(spec)
  }

  /// The opt-out columns and the contact column a campaign uses.
  static func contactSetup(_ spec: CampaignSpec, workspace: Workspace) throws -> (
    optOut: [String], doNotContact: String?, contact: CustomerColumn?
  ) {
    let columns = try workspace.customerColumns()
    func column(_ name: String) -> CustomerColumn? { columns.first { $0.name.lowercased() == name.lowercased() } }
    var optOut: [String] = []
    var doNotContact: String?
    if let named = spec.optOutColumns {
      for name in named {
        guard let found = column(name) else {
          throw WorkspaceError.invalidRequest("opt_out names '\(name)', which is not a customer column")
        }
        optOut.append(found.name)
      }
    } else {
      if let found = column("\(spec.channel.rawValue)_opt_out") { optOut.append(found.name) }
      doNotContact = try workspace.doNotContactColumn()
    }
    var contact: CustomerColumn?
    if let kind = spec.channel.address {
      if let name = spec.contactColumn {
        guard let found = column(name) else {
          throw WorkspaceError.invalidRequest("contact_column names '\(name)', which is not a customer column")
        }
        contact = found
      } else {
        let parts = kind == .phone ? ["phone", "mobile", "msisdn", "手机", "电话"] : ["email", "e-mail", "e_mail", "邮箱"]
        contact = columns.first { column in
          column.personal && parts.contains { column.name.lowercased().contains($0) }
        }
        guard contact != nil else {
          throw WorkspaceError.invalidRequest(
            "channel \(spec.channel.rawValue) needs a \(kind.rawValue) column, and the workspace has none that looks like "
              + "one; name it with contact_column")
        }
      }
    }
    return (optOut, doNotContact, contact)
  }

  /// Builds and stores the target and control groups of campaign `name`.
  public static func select(workspace: Workspace, name: String, period: String? = nil, now: Date = Date()) throws
    -> SelectionReport
  {
    let spec = try workspace.campaign(named: name).spec
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let rule = try CompiledRule(spec.target, schema: data.schema)
    var evaluator = RuleEvaluator(data: data)
    let truth = try evaluator.truth(rule)
    let candidates = truth.indices.filter { truth[$0] == Truth.yes }
    let others = spec.control == .random ? truth.indices.filter { truth[$0] != Truth.yes } : nil
    let keys = data.keys

    let setup = try contactSetup(spec, workspace: workspace)
    let optedOut = try workspace.anyFlag(setup.optOut, keys: keys)
    let blocked = try workspace.anyFlag([setup.doNotContact].compactMap { $0 }, keys: keys)
    var addresses: [String?]?
    if let contact = setup.contact {
      addresses = try workspace.customerText(columns: [contact.name], keys: keys)[contact.name]
    }
    let statuses = spec.excludedStatuses.isEmpty ? [:] : try workspace.contactStatuses()
    let excludedStatuses = Set(spec.excludedStatuses)
    var capped = Set<Int64>()
    if let cap = spec.frequencyCap {
      let since = CivilDate.isoString(seconds: Int64(now.timeIntervalSince1970) - Int64(cap.days) * 86_400) + "Z"
      for (key, count) in try workspace.contactCounts(since: since) where count >= cap.contacts { capped.insert(key) }
    }
    let strata = try spec.stratifyBy.map { try data.segments($0) }
    let selection = CampaignSelection(
      candidates: candidates,
      exclusion: { row in
        if optedOut[row] { return .optedOut }
        if blocked[row] { return .doNotContact }
        if let status = statuses[keys[row]], excludedStatuses.contains(status) { return .contactStatus }
        if let addresses {
          let address = addresses[row]?.trimmingCharacters(in: .whitespaces) ?? ""
          let valid =
            setup.contact.map { _ in
              spec.channel.address == .phone ? ContactSafety.phone(address) != nil : address.contains("@")
            } ?? true
          if !valid { return .noContactAddress }
        }
        if capped.contains(keys[row]) { return .frequencyCap }
        return nil
      }, strata: strata, controlShare: spec.controlShare, maximumTargets: spec.maximumTargets, randomPool: others,
      seed: spec.seed)
    var members: [CampaignMember] = []
    for row in selection.targets {
      members.append(CampaignMember(key: keys[row], isTarget: true, stratum: strata?[row]))
    }
    for row in selection.controls {
      members.append(CampaignMember(key: keys[row], isTarget: false, stratum: strata?[row]))
    }
    members.sort { $0.key < $1.key }
    let stored = try workspace.saveSelection(
      campaign: name, candidates: candidates.count, members: members, excluded: selection.excluded)
    var perStratum: [String: [String: Int]]?
    if let strata {
      var counts: [String: [String: Int]] = [:]
      for row in selection.targets { counts["\(strata[row])", default: [:]]["targets", default: 0] += 1 }
      for row in selection.controls { counts["\(strata[row])", default: [:]]["controls", default: 0] += 1 }
      perStratum = counts
    }
    return SelectionReport(campaign: name, customers: keys.count, selection: stored, strata: perStratum)
  }

  /// Staff to assign exported contacts to.
  public struct StaffOptions: Sendable {
    /// The staff.
    public var members: [StaffMember]
    /// The customer column with the customer's region (matched against the staff's region).
    public var regionColumn: String?
    /// The customer column with the customer's type (matched against the types a member serves).
    public var typeColumn: String?

    /// Creates options.
    public init(members: [StaffMember], regionColumn: String?, typeColumn: String?) {
      self.members = members
      self.regionColumn = regionColumn
      self.typeColumn = typeColumn
    }
  }

  /// Per staff member, what an export assigned.
  public struct StaffLoad: Sendable, Codable {
    /// Staff id.
    public var id: String
    /// Name.
    public var name: String
    /// Contacts assigned.
    public var assigned: Int
    /// Capacity.
    public var capacity: Int
  }

  /// What an export wrote.
  public struct ExportResult: Sendable, Codable {
    /// The audit record.
    public var record: ExportRecord
    /// Per staff member, when staff were assigned.
    public var staff: [StaffLoad]?
    /// Contacts left without staff, by reason.
    public var unassigned: [String: Int]?
  }

  /// Writes the target list of campaign `name` for its channel and records the export.
  ///
  /// Columns: customer_id, the contact column (masked unless `reveal`), product, offer, channel, the
  /// group (with a random control group, which is contacted too) and, when stratified, segment.
  /// Every cell is neutralised against spreadsheet formulas; phone numbers are written in their safe
  /// form. A hold-out control group is never exported.
  public static func export(
    workspace: Workspace, name: String, path: String, reveal: Bool, user: String, staff: StaffOptions? = nil
  ) throws -> ExportResult {
    let campaign = try workspace.campaign(named: name)
    let spec = campaign.spec
    guard campaign.selection != nil else {
      throw WorkspaceError.invalidRequest(
        "campaign '\(name)' has no selection yet; run `segmenta campaign select \(name)`")
    }
    // A hold-out control group is never contacted; a random one is contacted like the targets.
    let targets = try workspace.campaignMembers(name).filter { $0.isTarget || spec.control == .random }
    let keys = targets.map(\.key)
    let setup = try contactSetup(spec, workspace: workspace)
    let ids = try workspace.customerIDs(keys: keys)
    let addresses = try setup.contact.map { try workspace.customerText(columns: [$0.name], keys: keys)[$0.name] ?? [] }
    var header = ["customer_id"]
    if let contact = setup.contact { header.append(contact.name) }
    header += ["product", "offer", "channel"]
    if spec.control == .random { header.append("group") }
    let stratified = spec.stratifyBy != nil
    if stratified { header.append("segment") }
    var assignment: StaffAssignment?
    if let staff {
      let columns = try workspace.customerColumns()
      for name in [staff.regionColumn, staff.typeColumn].compactMap({ $0 })
      where !columns.contains(where: { $0.name == name }) {
        throw WorkspaceError.invalidRequest("'\(name)' is not a customer column (staff are matched on it)")
      }
      let texts = try workspace.customerText(
        columns: [staff.regionColumn, staff.typeColumn].compactMap { $0 }, keys: keys)
      let regions = staff.regionColumn.flatMap { texts[$0] }
      let types = staff.typeColumn.flatMap { texts[$0] }
      assignment = StaffAssignment(
        contacts: keys.indices.map { (regions?[$0] ?? nil, types?[$0] ?? nil) }, members: staff.members)
      header += ["staff_id", "staff_name"]
    }
    let writer = try CSVWriter(path: path, header: header.map(ContactSafety.neutralised))
    for (index, member) in targets.enumerated() {
      var row = [ContactSafety.neutralised(ids[index])]
      if let addresses {
        let raw = addresses[index] ?? ""
        if spec.channel.address == .phone, let safe = ContactSafety.phone(raw) {
          row.append(reveal ? safe : ContactSafety.maskPhone(safe))
        } else if spec.channel.address == .email {
          row.append(ContactSafety.neutralised(reveal ? raw : ContactSafety.maskEmail(raw)))
        } else {
          row.append(reveal ? ContactSafety.neutralised(raw) : "***")
        }
      }
      row += [spec.product, spec.offer, spec.channel.rawValue].map(ContactSafety.neutralised)
      if spec.control == .random { row.append(member.isTarget ? "target" : "control") }
      if stratified { row.append(member.stratum.map { "\($0)" } ?? "") }
      if let assignment, let staff {
        let assigned = assignment.staff[index].map { staff.members[$0] }
        row += [assigned?.id ?? "", assigned?.name ?? ""].map(ContactSafety.neutralised)
      }
      try writer.write(row)
    }
    try writer.close()
    let record = ExportRecord(
      campaign: name, exportedAt: CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z", user: user,
      file: path, rows: targets.count, revealed: reveal)
    try workspace.recordExport(record, channel: spec.channel.rawValue, keys: keys)
    guard let assignment, let staff else { return ExportResult(record: record) }
    return ExportResult(
      record: record,
      staff: staff.members.enumerated().map { index, member in
        StaffLoad(id: member.id, name: member.name, assigned: assignment.load[index], capacity: member.capacity)
      },
      unassigned: Dictionary(uniqueKeysWithValues: assignment.unassigned.map { ($0.key.rawValue, $0.value) }))
  }

  /// The evaluation of campaign `name` from its members and responses (members without a response
  /// count as not reached and not converted).
  public static func evaluate(workspace: Workspace, name: String, confidence: Double = 0.95) throws
    -> ExperimentEvaluation
  {
    let campaign = try workspace.campaign(named: name)
    guard campaign.selection != nil else {
      throw WorkspaceError.invalidRequest(
        "campaign '\(name)' has no selection yet; run `segmenta campaign select \(name)`")
    }
    let responses = try workspace.campaignResponses(name)
    var target = ArmOutcome()
    var control = ArmOutcome()
    for member in try workspace.campaignMembers(name) {
      let response = responses[member.key]
      let reached = response?.reached ?? false
      let converted = response?.converted ?? false
      let revenue = response?.revenue ?? 0
      if member.isTarget {
        target.add(reached: reached, converted: converted, revenue: revenue)
      } else {
        control.add(reached: reached, converted: converted, revenue: revenue)
      }
    }
    return try ExperimentEvaluation(
      target: target, control: control, confidence: confidence, costPerContact: campaign.spec.costPerContact,
      budget: campaign.spec.budget, valuePerConversion: campaign.spec.valuePerConversion)
  }

  /// Compares converters with the other targets of campaign `name` (features of `period`, numeric
  /// customer columns that are not personal data, and every applied tag).
  public static func learn(workspace: Workspace, name: String, period: String? = nil, minimumKept: Double = 0.5)
    throws -> ConversionLearning
  {
    let campaign = try workspace.campaign(named: name)
    guard campaign.responses > 0 else {
      throw WorkspaceError.invalidRequest(
        "campaign '\(name)' has no responses yet; import them with `segmenta campaign responses \(name) --input FILE`")
    }
    let responses = try workspace.campaignResponses(name)
    let targets = try workspace.campaignMembers(name).filter(\.isTarget).map(\.key)
    let converted = targets.map { responses[$0]?.converted ?? false }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    var position: [Int64: Int] = [:]
    for (index, key) in data.keys.enumerated() { position[key] = index }
    let rows = targets.map { position[$0] }
    func pick<T>(_ values: [T], missing: T) -> [T] { rows.map { $0.map { values[$0] } ?? missing } }

    let features = try workspace.numericColumns(table: data.table, keys: data.keys).map { column in
      (column.name, column.label, pick(column.values, missing: .nan))
    }
    var tags: [(name: String, label: FeatureLabel, members: [Bool])] = []
    for tag in try workspace.tags() where tag.latest != nil {
      tags.append((tag.definition.name, tag.definition.label, pick(try data.tag(tag.definition.name), missing: false)))
    }
    return ConversionLearning(converted: converted, features: features, tags: tags, minimumKept: minimumKept)
  }

  /// The rule of a refined tag: the campaign's target rule (or, when the target is exactly
  /// `tag(NAME)` and the refined tag is NAME, that tag's own rule) and the refinement's condition.
  public static func refinedRule(workspace: Workspace, campaign name: String, tag: String, condition: String) throws
    -> String
  {
    let target = try workspace.campaign(named: name).spec.target.trimmingCharacters(in: .whitespaces)
    var base = target
    if target == "tag(\(tag))" || target == "tag(\"\(tag)\")",
      let own = try workspace.tags().first(where: { $0.definition.name == tag })
    {
      base = own.definition.rule
    }
    return "(\(base)) and \(condition)"
  }
}
