import Foundation
import SegmentaCore
import Yams

/// Reads campaign specs (the format is in docs/campaigns.md).
package enum CampaignSpecParser {
  static let keys = [
    "name", "product", "offer", "target", "segment", "channel", "budget", "cost_per_contact",
    "value_per_conversion", "control_share", "control", "seed", "stratify_by", "max_targets", "frequency_cap",
    "opt_out",
    "contact_column", "exclude_statuses",
  ]

  /// Parses a spec.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> CampaignSpec {
    let root = try YAMLValue.parse(text, file: file)
    let fields = try root.fields("the campaign spec", allowed: keys)
    func required(_ key: String, _ example: String) throws(SpecFileError) -> YAMLValue {
      guard let value = fields[key] else { throw root.error("a campaign needs '\(key)', e.g. \(key): \(example)") }
      return value
    }
    let nameNode = try required("name", "stock_app_q2")
    let name = try nameNode.text("name")
    guard TagSpecParser.isName(name) else {
      throw nameNode.error(
        "campaign name '\(name)' must start with a letter or '_' and hold only letters, digits and '_'")
    }
    let channelNode = try required("channel", "sms")
    let channelText = try channelNode.text("channel")
    guard let channel = CampaignSpec.Channel(rawValue: channelText.lowercased()) else {
      throw channelNode.error(
        "unknown channel '\(channelText)'; channels are \(CampaignSpec.Channel.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    let target: String
    switch (fields["target"], fields["segment"]) {
    case (let rule?, nil):
      target = try rule.text("target")
    case (nil, let segment?):
      let choice = try segment.fields("segment", allowed: ["segmentation", "segments"])
      guard let segmentation = choice["segmentation"], let segments = choice["segments"] else {
        throw segment.error("segment needs 'segmentation' and 'segments', e.g. {segmentation: demo, segments: [3, 5]}")
      }
      let name = try segmentation.text("segmentation")
      let ids = try segments.texts("segments")
      guard !ids.isEmpty else { throw segments.error("segments lists no segments") }
      target = ids.map { id in
        let value = Int(id).map(String.init) ?? TagSpecParser.literal(id)
        return "segment(\(TagSpecParser.quoted(name))) = \(value)"
      }.joined(separator: " or ")
    default:
      throw root.error("a campaign needs exactly one of 'target' (a rule) or 'segment' ({segmentation, segments})")
    }
    var spec = CampaignSpec(
      name: name, product: try required("product", "股票通 app").text("product"), target: target, channel: channel)
    spec.offer = try fields["offer"]?.text("offer") ?? ""
    if let node = fields["budget"] { spec.budget = try positive(node, "budget") }
    if let node = fields["cost_per_contact"] {
      spec.costPerContact = try positive(node, "cost_per_contact", zero: true)
    }
    if let node = fields["value_per_conversion"] {
      spec.valuePerConversion = try positive(node, "value_per_conversion", zero: true)
    }
    if let node = fields["control_share"] {
      let share = try node.number("control_share")
      guard share > 0 && share < 1 else {
        throw node.error(
          "control_share must lie strictly between 0 and 1, such as 0.1; a campaign needs a control group")
      }
      spec.controlShare = share
    }
    if let node = fields["control"] {
      let text = try node.text("control")
      guard let mode = CampaignSpec.ControlMode(rawValue: text.lowercased()) else {
        throw node.error(
          "control is holdout (a share of the selection, not contacted) or random (random other customers, contacted)")
      }
      spec.control = mode
    }
    if let node = fields["seed"] {
      guard case .scalar(let scalar) = node.node, let seed = UInt64(scalar.string) else {
        throw node.error("seed must be a whole number ≥ 0")
      }
      spec.seed = seed
    }
    if let stratifyNode = fields["stratify_by"] {
      spec.stratifyBy = try stratifyNode.text("stratify_by")
      if spec.control == .random {
        throw stratifyNode.error("stratify_by applies to a holdout control group, not to control: random")
      }
    }
    if let node = fields["max_targets"] {
      let value = try node.integer("max_targets")
      guard value >= 1 else { throw node.error("max_targets must be at least 1") }
      spec.maximumTargets = value
    }
    if let node = fields["frequency_cap"] {
      let cap = try node.fields("frequency_cap", allowed: ["contacts", "days"])
      guard let contacts = cap["contacts"], let days = cap["days"] else {
        throw node.error("frequency_cap needs 'contacts' and 'days', e.g. {contacts: 2, days: 30}")
      }
      let c = try contacts.integer("contacts")
      let d = try days.integer("days")
      guard c >= 1, d >= 1 else { throw node.error("frequency_cap needs contacts ≥ 1 and days ≥ 1") }
      spec.frequencyCap = CampaignSpec.FrequencyCap(contacts: c, days: d)
    }
    if let node = fields["opt_out"] { spec.optOutColumns = try node.texts("opt_out") }
    spec.contactColumn = try fields["contact_column"]?.text("contact_column")
    if let node = fields["exclude_statuses"] {
      var statuses: [ContactStatus] = []
      if case .sequence(let items) = node.node, items.isEmpty {
        statuses = []
      } else {
        for text in try node.texts("exclude_statuses") {
          guard let status = ContactStatus(rawValue: text.lowercased()) else {
            throw node.error("exclude_statuses lists '\(text)'; the statuses are dormant and void")
          }
          statuses.append(status)
        }
      }
      spec.excludedStatuses = statuses
    }
    return spec
  }

  /// Reads and parses the spec at `path`.
  package static func load(path: String) throws(SpecFileError) -> CampaignSpec {
    try parse(SpecFile.text(at: path, what: "the campaign spec"), file: path)
  }

  static func positive(_ node: YAMLValue, _ what: String, zero: Bool = false) throws(SpecFileError) -> Double {
    let value = try node.number(what)
    guard value > 0 || (zero && value == 0) else { throw node.error("\(what) must be \(zero ? "≥ 0" : "> 0")") }
    return value
  }
}
