/// A cube segmentation: every customer's cell is the combination of its values on a few categorical
/// dimensions (industry × informatisation level × key purchase factor); cells holding fewer than a
/// minimum of customers are folded into one "other" segment.
///
/// Stored with the segmentation's model (``SegmentationModel/cube``) so that a refresh puts customers
/// in the same cells. A missing value is a value of its own, ``unknown`` (`nil` in ``cells``).
public struct CubeModel: Sendable, Equatable, Codable {
  /// One dimension of the cube.
  public struct Dimension: Sendable, Equatable, Codable {
    /// The customer column or wide-table feature.
    public var name: String
    /// `customer` (a text customer column) or `feature` (a wide-table feature with categories).
    public var source: String
    /// The Chinese and English labels reports show.
    public var label: FeatureLabel

    /// Creates a dimension.
    public init(name: String, source: String, label: FeatureLabel) {
      self.name = name
      self.source = source
      self.label = label
    }
  }

  /// One cell: a combination of values and its customers when the segmentation was made.
  public struct Cell: Sendable, Equatable, Codable {
    /// One value per dimension; nil where the customer has none (shown as "unknown").
    public var values: [String?]
    /// The customers in the cell.
    public var customers: Int

    /// Creates a cell.
    public init(values: [String?], customers: Int) {
      self.values = values
      self.customers = customers
    }
  }

  /// The dimensions, in the order asked.
  public var dimensions: [Dimension]
  /// The smallest cell kept as a segment of its own.
  public var minimumSize: Int
  /// The kept cells, segment `i` (0-based) being `cells[i]`: largest first, ties by their values.
  public var cells: [Cell]
  /// The cells folded into the "other" segment, largest first.
  public var folded: [Cell]

  /// Creates a cube model.
  public init(dimensions: [Dimension], minimumSize: Int, cells: [Cell], folded: [Cell]) {
    self.dimensions = dimensions
    self.minimumSize = minimumSize
    self.cells = cells
    self.folded = folded
  }

  /// The 0-based segment of the folded cells (the last), nil when no cell was folded.
  public var otherSegment: Int? { folded.isEmpty ? nil : cells.count }

  /// The number of segments: the kept cells, and "other" when cells were folded.
  public var segmentCount: Int { cells.count + (folded.isEmpty ? 0 : 1) }

  /// The text shown for a missing value.
  public static let unknown = FeatureLabel(zh: "未知", en: "unknown")

  /// The default minimum cell size for `customers` customers: 1 % of them, rounded up, at least 1.
  public static func defaultMinimumSize(customers: Int) -> Int {
    max(1, (customers + 99) / 100)
  }

  /// The cells of `columns` and each row's segment.
  ///
  /// `columns` holds one array per dimension, aligned by customer row (nil missing). Counts every
  /// combination, orders the cells by size (largest first; equal sizes by their values, a missing value
  /// after every text) and folds those holding fewer than `minimumSize` customers into "other", the last
  /// segment. Returns the model and each row's 0-based segment.
  public static func build(dimensions: [Dimension], columns: [[String?]], minimumSize: Int) -> (
    model: CubeModel, segments: [Int32]
  ) {
    let rows = columns.first?.count ?? 0
    var cellOfKey: [[String?]: Int] = [:]
    var keys: [[String?]] = []
    var counts: [Int] = []
    var cellOfRow = [Int](repeating: 0, count: rows)
    var key = [String?](repeating: nil, count: columns.count)
    for row in 0..<rows {
      for dimension in columns.indices { key[dimension] = columns[dimension][row] }
      if let cell = cellOfKey[key] {
        counts[cell] += 1
        cellOfRow[row] = cell
      } else {
        cellOfKey[key] = keys.count
        cellOfRow[row] = keys.count
        keys.append(key)
        counts.append(1)
      }
    }
    let order = keys.indices.sorted { a, b in
      counts[a] != counts[b] ? counts[a] > counts[b] : precedes(keys[a], keys[b])
    }
    var kept: [Cell] = []
    var folded: [Cell] = []
    var segmentOfCell = [Int32](repeating: 0, count: keys.count)
    for cell in order where counts[cell] >= minimumSize {
      segmentOfCell[cell] = Int32(kept.count)
      kept.append(Cell(values: keys[cell], customers: counts[cell]))
    }
    for cell in order where counts[cell] < minimumSize {
      segmentOfCell[cell] = Int32(kept.count)
      folded.append(Cell(values: keys[cell], customers: counts[cell]))
    }
    let model = CubeModel(dimensions: dimensions, minimumSize: minimumSize, cells: kept, folded: folded)
    return (model, cellOfRow.map { segmentOfCell[$0] })
  }

  /// Whether the values `a` come before `b`: dimension by dimension, texts in code-point order, a
  /// missing value last.
  static func precedes(_ a: [String?], _ b: [String?]) -> Bool {
    for (x, y) in zip(a, b) where x != y {
      guard let x else { return false }
      guard let y else { return true }
      return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
    }
    return false
  }

  /// Each row's 0-based segment under this model: its cell's segment, "other" for a folded cell or a
  /// cell not seen when the model was made, nil (no segment) for an unseen cell when nothing was folded.
  public func assign(_ columns: [[String?]]) -> [Int32?] {
    var segmentOfKey: [[String?]: Int32] = [:]
    for (index, cell) in cells.enumerated() { segmentOfKey[cell.values] = Int32(index) }
    let other = otherSegment.map { Int32($0) }
    let rows = columns.first?.count ?? 0
    var key = [String?](repeating: nil, count: columns.count)
    return (0..<rows).map { row in
      for dimension in columns.indices { key[dimension] = columns[dimension][row] }
      return segmentOfKey[key] ?? other
    }
  }

  /// The name of each segment: the cell's values joined by " · " in each language (labels from
  /// ``CubeVocabulary`` where it knows the value), then "其他 / Other" for the folded cells.
  public var segmentNames: [FeatureLabel] {
    var names = cells.map { cell in
      let labels = zip(dimensions, cell.values).map { dimension, value in
        value.map { CubeVocabulary.label(dimension: dimension.name, value: $0) } ?? Self.unknown
      }
      return FeatureLabel(
        zh: labels.map(\.zh).joined(separator: " · "), en: labels.map(\.en).joined(separator: " · "))
    }
    if !folded.isEmpty {
      names.append(FeatureLabel(zh: "其他小单元", en: "Other (cells below \(minimumSize))"))
    }
    return names
  }
}
