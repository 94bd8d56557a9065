import Foundation
import Testing

@testable import SegmentaCore

@Suite("Cube segmentation: cells, folding, unknown values, names, assignment")
struct CubeModelTests {
  static let dimensions = [
    CubeModel.Dimension(name: "industry", source: "customer", label: FeatureLabel(zh: "industry", en: "industry")),
    CubeModel.Dimension(name: "it_level", source: "customer", label: FeatureLabel(zh: "it_level", en: "it_level")),
  ]

  /// Ten customers: (production, high) ×4, (wholesale_retail, low) ×3, (production, low) ×1,
  /// (production, missing) ×1, (life_services, high) ×1.
  static let columns: [[String?]] = [
    [
      "production", "wholesale_retail", "production", "production", "wholesale_retail", "production", "production",
      "wholesale_retail", "production", "life_services",
    ],
    ["high", "low", "high", "low", "low", "high", nil, "low", "high", "high"],
  ]

  @Test("cells of at least the minimum are segments, largest first; smaller ones fold into 'other', the last")
  func folding() {
    let (model, segments) = CubeModel.build(dimensions: Self.dimensions, columns: Self.columns, minimumSize: 2)
    #expect(model.cells.map(\.values) == [["production", "high"], ["wholesale_retail", "low"]])
    #expect(model.cells.map(\.customers) == [4, 3])
    // The three cells of one customer, ordered by their values (a missing value last).
    #expect(model.folded.map(\.values) == [["life_services", "high"], ["production", "low"], ["production", nil]])
    #expect(model.otherSegment == 2 && model.segmentCount == 3)
    #expect(segments == [0, 1, 0, 2, 1, 0, 2, 1, 0, 2])
  }

  @Test("a missing value is a value of its own ('unknown'), kept as a cell when large enough")
  func unknownCell() {
    let (model, segments) = CubeModel.build(dimensions: Self.dimensions, columns: Self.columns, minimumSize: 1)
    #expect(model.folded.isEmpty && model.otherSegment == nil)
    // Equal sizes (1) ordered by values: life_services < production; for production, low < missing.
    #expect(
      model.cells.map(\.values) == [
        ["production", "high"], ["wholesale_retail", "low"], ["life_services", "high"], ["production", "low"],
        ["production", nil],
      ])
    #expect(segments[6] == 4)
    #expect(model.segmentNames[4] == FeatureLabel(zh: "生产制造 · 未知", en: "production · unknown"))
  }

  @Test("names read the dimension values in both languages; 'other' names the minimum")
  func names() {
    let (model, _) = CubeModel.build(dimensions: Self.dimensions, columns: Self.columns, minimumSize: 2)
    #expect(
      model.segmentNames == [
        FeatureLabel(zh: "生产制造 · 高", en: "production · high IT"),
        FeatureLabel(zh: "批发零售 · 低", en: "wholesale/retail · low IT"),
        FeatureLabel(zh: "其他小单元", en: "Other (cells below 2)"),
      ])
    #expect(CubeVocabulary.label(dimension: "region", value: "east") == FeatureLabel(zh: "east", en: "east"))
  }

  @Test("assignment puts customers in their stored cell, folded or unseen cells in 'other', nil without one")
  func assignment() {
    let (folded, _) = CubeModel.build(dimensions: Self.dimensions, columns: Self.columns, minimumSize: 2)
    let newcomers: [[String?]] = [
      ["wholesale_retail", "production", "logistics", "production"], ["low", "low", "high", "high"],
    ]
    #expect(folded.assign(newcomers) == [1, 2, 2, 0])
    let (all, _) = CubeModel.build(dimensions: Self.dimensions, columns: Self.columns, minimumSize: 1)
    #expect(all.assign(newcomers) == [1, 3, nil, 0])
  }

  @Test("the default minimum is 1 % of the customers, rounded up, at least 1")
  func defaultMinimum() {
    #expect(CubeModel.defaultMinimumSize(customers: 3_000) == 30)
    #expect(CubeModel.defaultMinimumSize(customers: 3_050) == 31)
    #expect(CubeModel.defaultMinimumSize(customers: 50) == 1)
  }

  @Test("a model stored before cubes existed reads with no cube")
  func oldModels() throws {
    let (model, _) = CubeModel.build(dimensions: Self.dimensions, columns: Self.columns, minimumSize: 2)
    var stored = SegmentationModel.assigned(
      method: "cube", features: [], preprocessing: PreprocessingModel(options: PreprocessingOptions(), transforms: []),
      names: model.segmentNames,
      groupSizes: [4, 3, 3], notes: [])
    stored.cube = model
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let decoded = try decoder.decode(SegmentationModel.self, from: try encoder.encode(stored))
    #expect(decoded.cube == model)
    stored.cube = nil
    var text = String(decoding: try encoder.encode(stored), as: UTF8.self)
    #expect(!text.contains("\"cube\":"))
    text = text.replacingOccurrences(of: "\"method\":\"cube\"", with: "\"method\":\"rfm\"")
    #expect(try decoder.decode(SegmentationModel.self, from: Data(text.utf8)).cube == nil)
  }
}
