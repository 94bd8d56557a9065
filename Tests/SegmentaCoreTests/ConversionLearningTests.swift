import Testing

@testable import SegmentaCore

@Suite("Learning from a campaign")
struct ConversionLearningTests {
  @Test("learning: separation by hand, and the refinement that raises conversion most")
  func learning() throws {
    // Ten targets; converters have high data use; the tag marks 0–4.
    let converted = [true, true, true, false, false, true, false, false, false, false]
    let data: [Double] = [50, 40, 45, 5, 10, 30, 2, 8, 6, .nan]
    let tagged = [true, true, true, true, true, false, false, false, false, false]
    let learning = ConversionLearning(
      converted: converted, features: [("data_mb", FeatureLabel(zh: "流量", en: "Data"), data)],
      tags: [("young", FeatureLabel(zh: "年轻", en: "Young"), tagged)], minimumKept: 0.5)
    #expect(learning.targets == 10 && learning.converters == 4)
    let feature = try #require(learning.features.first)
    #expect(abs(feature.convertedMean - 41.25) < 1e-12)
    #expect(abs(feature.otherMean - 31.0 / 5) < 1e-12)
    // Cohen's d with the pooled standard deviation: sums of squares 218.75 and 36.8 over 7 degrees.
    let pooled = ((218.75 + 36.8) / 7).squareRoot()
    #expect(abs(feature.standardizedDifference - (41.25 - 6.2) / pooled) < 1e-9)
    let tag = try #require(learning.tags.first)
    #expect(tag.tagged == 5 && abs(tag.taggedRate - 0.6) < 1e-12 && abs(tag.otherRate - 0.2) < 1e-12)
    let refinement = try #require(learning.refinement)
    #expect(refinement.rate == 1)
    #expect(refinement.converters == 4)
    #expect(refinement.condition.hasPrefix("data_mb >= "))
    let threshold = try #require(Double(refinement.condition.dropFirst("data_mb >= ".count)))
    #expect(threshold > 10 && threshold <= 30)
  }

  @Test("thresholds are rounded to four significant digits and written as the rule language reads them")
  func thresholds() {
    #expect(ConversionLearning.rounded(12.0123) == 12.01)
    #expect(ConversionLearning.rounded(123_456) == 123_500)
    #expect(ConversionLearning.rounded(0.000123456) == 0.0001235)
    #expect(ConversionLearning.number(12.01) == "12.01")
    #expect(ConversionLearning.number(123_500) == "123500")
  }
}
