import SegmentaCore
import SegmentaWorkflows
import Testing

@Suite("Comma-separated names of options")
struct NameListTests {
  @Test("names are trimmed of spaces; empty text is no names")
  func parse() throws {
    #expect(try NameList.parse("value_tier, churn_risk ,demo", option: "--by") == ["value_tier", "churn_risk", "demo"])
    #expect(try NameList.parse("arpu", option: "kpis") == ["arpu"])
    #expect(try NameList.parse("", option: "kpis") == [])
    #expect(try NameList.parse("  ", option: "kpis") == [])
  }

  @Test("an empty name is refused naming the option and the item", arguments: ["a,,b", "a,", ",a", "a, ,b"])
  func emptyName(text: String) {
    let error = #expect(throws: SegmentaError.self) { try NameList.parse(text, option: "--by") }
    #expect(error?.code == .invalidRequest && error?.field == "--by")
    #expect(error?.message.hasPrefix("--by has an empty name (item ") == true, "\(error?.message ?? "")")
  }

  @Test("a churn fit request refuses an empty feature name and an empty list, naming features")
  func churnFitFeatures() {
    var request = ChurnFitRequest(label: "churned")
    request.features = "arpu,,age"
    let empty = #expect(throws: SegmentaError.self) { try request.workflow() }
    #expect(empty?.field == "features" && empty?.message.contains("item 2 of 3") == true)
    request.features = " "
    let none = #expect(throws: SegmentaError.self) { try request.workflow() }
    #expect(none?.field == "features" && none?.message.contains("features is empty") == true)
  }
}
