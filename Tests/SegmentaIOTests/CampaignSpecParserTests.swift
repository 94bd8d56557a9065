import Foundation
import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Campaign spec parser: defaults, segments as a rule, located errors")
struct CampaignSpecParserTests {
  @Test("campaign specs: defaults, segments as a rule, and located errors")
  func specs() throws {
    let spec = try CampaignSpecParser.parse(
      """
      name: q2_roaming
      product: 国际漫游包
      segment: {segmentation: demo, segments: [3, "商务"]}
      channel: Call
      cost_per_contact: 2.5
      frequency_cap: {contacts: 2, days: 30}
      """, file: "c.yaml")
    #expect(spec.target == "segment(demo) = 3 or segment(demo) = \"商务\"")
    #expect(spec.channel == .call)
    #expect(spec.controlShare == 0.1)
    #expect(spec.control == .holdout)
    #expect(spec.frequencyCap == CampaignSpec.FrequencyCap(contacts: 2, days: 30))
    func message(_ text: String) -> String {
      do {
        _ = try CampaignSpecParser.parse(text, file: "c.yaml")
        return "no error"
      } catch { return error.description }
    }
    let base = "name: a\nproduct: p\ntarget: arpu > 1\n"
    #expect(message(base + "channel: fax\n").hasPrefix("c.yaml:4:10: unknown channel 'fax'"))
    #expect(
      message(base + "channel: sms\ncontrol_share: 0\n").contains("control_share must lie strictly between 0 and 1"))
    #expect(message(base + "channel: sms\nbudjet: 5\n").contains("did you mean 'budget'?"))
    #expect(message("name: a\nproduct: p\nchannel: sms\n").contains("exactly one of 'target'"))
    #expect(
      message(base + "channel: sms\ncontrol: random\nstratify_by: demo\n").contains("stratify_by applies to a holdout"))
    // A spec stored by an earlier version without the newer keys still decodes.
    let stored = #"{"name":"a","product":"p","target":"x > 1","channel":"sms"}"#
    let decoded = try JSONDecoder().decode(CampaignSpec.self, from: Data(stored.utf8))
    #expect(decoded.control == .holdout && decoded.controlShare == 0.1 && decoded.seed == 1)
  }
}
