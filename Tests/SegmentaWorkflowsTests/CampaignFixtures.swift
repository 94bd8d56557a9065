import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

/// A workspace of 200 customers for the campaign workflow tests, and helpers to run the workflows.
enum CampaignFixtures {
  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    var lines = ["customer_id,arpu,phone,email,sms_opt_out,email_opt_out,do_not_contact,city"]
    for i in 1...200 {
      let phone = i % 11 == 0 ? "n/a" : "1380000\(String(format: "%04d", i))"
      lines.append(
        "C\(i),\(i),\(phone),c\(i)@example.com,\(i % 7 == 0),\(i % 5 == 0),\(i % 13 == 0 ? "yes" : "no"),"
          + (i % 2 == 0 ? "=1+1" : "北京"))
    }
    try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
    return context
  }

  static func create(_ spec: CampaignSpec, _ context: WorkflowContext) throws {
    _ = try CreateCampaignWorkflow(source: .campaign(spec)).run(context)
  }

  static func select(_ name: String, _ context: WorkflowContext) throws -> SelectCampaignWorkflow.Output {
    try SelectCampaignWorkflow(name: name).run(context)
  }

  static func number(_ id: String) throws -> Int {
    try #require(Int(id.dropFirst()))
  }

  static func spec(_ name: String = "c1", target: String = "arpu > 50", channel: CampaignSpec.Channel = .sms)
    -> CampaignSpec
  {
    CampaignSpec(
      name: name, product: "=产品", offer: "+offer", target: target, channel: channel, costPerContact: 1,
      controlShare: 0.2, seed: 3)
  }
}
