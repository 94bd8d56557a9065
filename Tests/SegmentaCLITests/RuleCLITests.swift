import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta rule check")
struct RuleCLITests {
  @Test("valid rules are counted over the workspace; errors exit 1 with a caret; injections are syntax errors")
  func check() throws {
    let directory = TemporaryDirectory()
    directory.write(
      "customers.csv",
      """
      customer_id,city,arpu,vip,joined
      A,北京,50,true,2024-01-01
      B,上海,120,false,2024-03-18
      C,,,,
      D,北京,300,true,2022-01-08
      E,深圳,0,false,2024-01-02

      """)
    _ = try segmentaOK(["init"], in: directory.path)
    _ = try segmentaOK(["import", "customers", "customers.csv"], in: directory.path)

    func count(_ rule: String) throws -> (matches: Int, unknown: Int) {
      let output = try jsonObject(try segmentaOK(["rule", "check", rule, "--count", "--json"], in: directory.path))
      #expect(output["valid"] as? Bool == true)
      #expect(output["customers"] as? Int == 5)
      return (output["matches"] as? Int ?? -1, output["unknown"] as? Int ?? -1)
    }
    #expect(try count("arpu > 100").matches == 2)
    #expect(try count("arpu > 100") == (2, 1))
    #expect(try count("city = \"北京\" and vip") == (2, 1))
    #expect(try count("joined >= \"2024-01-01\" or arpu is missing") == (4, 0))
    #expect(try count("at_least(2, arpu >= 50, vip, city in [\"上海\", \"深圳\"])") == (3, 1))
    #expect(try count("not (arpu between 1 and 100)") == (3, 1))

    let text = try segmentaOK(["rule", "check", "arpu > 100", "--count"], in: directory.path)
    #expect(text.contains("2 of 5 customers match (40.0 %)"))

    let unknown = try segmenta(["rule", "check", "arpu > 1 and ciity = \"北京\""], in: directory.path)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("unknown field 'ciity'; did you mean 'city'?"))
    #expect(unknown.stderr.contains("  arpu > 1 and ciity = \"北京\"\n               ^"))

    for attack in ["x\" OR 1=1--", "${jndi:ldap://x/a}", "script::Runtime", "a); DROP TABLE customers"] {
      let result = try segmenta(["rule", "check", attack, "--json"], in: directory.path)
      #expect(result.status == 1, "\(attack)")
      let output = try jsonObject(result.stdout)
      let error = try #require(output["error"] as? [String: Any])
      #expect(error["kind"] as? String == "syntax", "\(attack)")
    }
    // The workspace is untouched.
    #expect(try count("arpu is not missing").matches == 4)
  }
}
