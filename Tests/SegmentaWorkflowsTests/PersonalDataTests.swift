import Foundation
import PropertyBased
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Personal data: never a feature, a category, a rule field or part of a report")
struct PersonalDataTests {
  @Test("every place a spec or command could ask for a personal column refuses, naming it")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let asFeature = #expect(throws: SegmentaError.self) {
      try SegmentWorkflow(name: "x", features: .named(["calls", "phone"]), options: SegmentationOptions(k: 2))
        .run(context)
    }
    #expect(asFeature?.message == "'phone' holds personal data, which is never a feature of a segmentation")
    let inRule = try CheckRuleWorkflow(rule: "phone = \"13800000001\"", count: true).run(context)
    #expect(
      !inRule.valid && inRule.error?.message.contains("'phone' holds personal data, which rules never read") == true)
    let tag = TagDefinition(
      name: "t", category: .business, label: FeatureLabel(zh: "t", en: "t"), description: "", rule: "email = \"x\"")
    #expect(throws: SegmentaError.self) {
      try DefineTagsWorkflow(source: .definitions([tag], source: "t")).run(context)
    }
    for (yaml, words) in [
      ("categories: [city, email]\n", "'email' holds personal data and is never a profile category"),
      (
        "kpis:\n  - label: Phones\n    share: {column: phone, value: '1'}\n",
        "'phone' holds personal data and is never read by a KPI"
      ),
    ] {
      let spec = directory.write("profile.yaml", yaml)
      let profile = #expect(throws: SegmentaError.self) {
        try ProfileWorkflow(name: "usage", specPath: spec).run(context)
      }
      #expect(profile?.message.hasPrefix(words) == true, "\(profile?.message ?? "")")
      let show = #expect(throws: SegmentaError.self) { try ShowTagWorkflow(tag: "busy", specPath: spec).run(context) }
      #expect(show?.message.hasPrefix(words) == true)
    }
    let described = try DescribeFeaturesWorkflow().run(context)
    #expect(!described.columns.contains { $0.name == "phone" || $0.name == "email" })
  }

  @Test("the audit records the process's user and the command; only --reveal-contact shows contacts")
  func audit() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let exporter = WorkflowContext(
      workspace: try store(context), user: WorkflowContext.systemUser, command: "segmenta campaign export c1")
    _ = try ExportCampaignWorkflow(name: "c1", out: directory.file("masked.csv")).run(exporter)
    _ = try ExportCampaignWorkflow(name: "c1", out: directory.file("open.csv"), reveal: true).run(exporter)
    let audit = try CampaignAuditWorkflow(campaign: "c1").run(context)
    #expect(audit.map(\.revealed) == [false, true])
    #expect(audit.allSatisfy { $0.user == WorkflowContext.systemUser && $0.command == "segmenta campaign export c1" })
    #expect(!WorkflowContext.systemUser.isEmpty && WorkflowContext.systemUser != "unknown")
    let masked = try String(contentsOfFile: directory.file("masked.csv"), encoding: .utf8)
    let open = try String(contentsOfFile: directory.file("open.csv"), encoding: .utf8)
    #expect(!masked.contains("13800000") && masked.contains("138****"))
    #expect(open.contains("13800000"))
  }

  /// Random personal values: mobile numbers, e-mail addresses and names.
  static let personalValues = Gen.int(in: 0...9_999).array(of: 12...12)

  @Test("property: no personal value appears in any report, list, description or rule answer")
  func neverLeaks() async throws {
    await propertyCheck(count: 6, input: Self.personalValues) { numbers in
      do {
        let directory = TemporaryDirectory()
        let context = try makeContext()
        var lines = ["customer_id,calls,sms,city,phone,email,姓名"]
        var secrets: [String] = []
        for (index, number) in numbers.enumerated() {
          let phone = "139\(String(format: "%04d", number))\(String(format: "%04d", index))"
          let email = "p\(number)x\(index)@secret.example"
          let name = "秘密\(number)号"
          secrets += [phone, email, name]
          lines.append(
            "K\(index),\(index % 3 * 100 + number % 7),\(index % 2 * 50),城\(index % 2),\(phone),\(email),\(name)")
        }
        try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
        var options = SegmentationOptions(k: 2, seed: 2)
        options.preprocessing.winsorize = nil
        let segmented = try SegmentWorkflow(name: "s", features: .all, options: options).run(context)
        let tag = TagDefinition(
          name: "t", category: .business, label: FeatureLabel(zh: "t", en: "t"), description: "", rule: "calls > 100")
        let defined = try DefineTagsWorkflow(source: .definitions([tag], source: "t")).run(context)
        let applied = try ApplyTagsWorkflow().run(context)
        var outputs: [String] = [
          try ReportJSON.encode(segmented), try ReportJSON.encode(defined), try ReportJSON.encode(applied),
          try ReportJSON.encode(try DescribeFeaturesWorkflow().run(context)),
          try ReportJSON.encode(try ListSegmentationsWorkflow().run(context)),
          try ReportJSON.encode(try ListTagsWorkflow().run(context)),
          try ReportJSON.encode(try ShowTagWorkflow(tag: "t").run(context)),
          try ReportJSON.encode(try CheckRuleWorkflow(rule: "calls > 1 and city = \"城1\"", count: true).run(context)),
          try ReportJSON.encode(try CheckRuleWorkflow(rule: "phone > 1", count: true).run(context)),
        ]
        for format in ProfileWorkflow.Format.allCases {
          outputs.append(try ProfileWorkflow(name: "s", format: format).run(context).text)
        }
        for secret in secrets {
          for (index, output) in outputs.enumerated() {
            #expect(!output.contains(secret), "output \(index) shows \(secret)")
          }
        }
      } catch {
        Issue.record("\(error)")
      }
    }
  }
}
