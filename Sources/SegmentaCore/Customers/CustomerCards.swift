/// Every customer's card in a compact, read-only form for fast lookups (the server keeps one in memory):
/// ids in a hash table, segments, tags and products as small integer columns, masked contacts and
/// attributes as columns.
public struct CustomerCards: Sendable {
  /// One segmentation: each row's 0-based segment (−1: not segmented) and the segments' names.
  public struct SegmentColumn: Sendable {
    /// The segmentation's name.
    public var name: String
    /// Its latest version.
    public var version: Int
    /// Each row's 0-based segment, −1 when not segmented.
    public var segments: [Int16]
    /// The segments' names.
    public var names: [FeatureLabel]

    /// Creates a segmentation column.
    public init(name: String, version: Int, segments: [Int16], names: [FeatureLabel]) {
      self.name = name
      self.version = version
      self.segments = segments
      self.names = names
    }
  }

  /// A column of text per row (masked contacts, text attributes).
  public struct TextColumn: Sendable {
    /// The column's name.
    public var name: String
    private var arena: [UInt8] = []
    private var ends: [UInt32] = []
    private var missing: [Bool] = []

    /// A column of `values`, one per row.
    public init(name: String, values: [String?]) {
      self.name = name
      ends.reserveCapacity(values.count)
      missing.reserveCapacity(values.count)
      for value in values {
        arena.append(contentsOf: (value ?? "").utf8)
        ends.append(UInt32(truncatingIfNeeded: arena.count))
        missing.append(value == nil)
      }
    }

    /// The value of `row`, nil when missing.
    public func value(_ row: Int) -> String? {
      guard !missing[row] else { return nil }
      let start = row == 0 ? 0 : Int(ends[row - 1])
      return arena.withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[start..<Int(ends[row])]), as: UTF8.self)
      }
    }
  }

  /// Customer ids; the index of an id is its row.
  public let ids: ByteStringTable
  /// Every segmentation's latest version.
  public let segmentations: [SegmentColumn]
  /// Tags: names and labels, and each row's tag indices (`tagStarts[row]..<tagStarts[row + 1]`).
  public let tags: [CustomerCard.Tag]
  /// Where each row's tags start in `tagIndices` (one more entry than rows).
  public let tagStarts: [Int32]
  /// Indices into `tags`.
  public let tagIndices: [UInt16]
  /// Products: ids and names, and each row's picks with strengths, best first.
  public let products: [(id: String, name: FeatureLabel)]
  /// Where each row's picks start in `productIndices` (one more entry than rows).
  public let productStarts: [Int32]
  /// Indices into `products`.
  public let productIndices: [UInt16]
  /// The strength of each pick.
  public let productStrengths: [Float]
  /// Whether each row must not be contacted.
  public let doNotContact: [Bool]
  /// Personal columns, masked.
  public let contacts: [TextColumn]
  /// Non-personal columns as text.
  public let attributes: [TextColumn]
  /// Rows in id order (byte-wise), for prefix search.
  private let sorted: [Int32]

  /// Assembles the cards; `tagsOfRow` and `picksOfRow` are per row.
  public init(
    ids: ByteStringTable, segmentations: [SegmentColumn], tags: [CustomerCard.Tag], tagsOfRow: [[UInt16]],
    products: [(id: String, name: FeatureLabel)], picksOfRow: [[(product: UInt16, strength: Float)]],
    doNotContact: [Bool], contacts: [TextColumn], attributes: [TextColumn]
  ) {
    self.ids = ids
    self.segmentations = segmentations
    self.tags = tags
    var starts: [Int32] = [0]
    var indices: [UInt16] = []
    starts.reserveCapacity(tagsOfRow.count + 1)
    for row in tagsOfRow {
      indices.append(contentsOf: row)
      starts.append(Int32(indices.count))
    }
    tagStarts = starts
    tagIndices = indices
    self.products = products
    var productStarts: [Int32] = [0]
    var productIndices: [UInt16] = []
    var strengths: [Float] = []
    productStarts.reserveCapacity(picksOfRow.count + 1)
    for row in picksOfRow {
      for pick in row {
        productIndices.append(pick.product)
        strengths.append(pick.strength)
      }
      productStarts.append(Int32(productIndices.count))
    }
    self.productStarts = productStarts
    self.productIndices = productIndices
    productStrengths = strengths
    self.doNotContact = doNotContact
    self.contacts = contacts
    self.attributes = attributes
    let keys = (0..<ids.count).map { Array(ids.key(at: $0).utf8) }
    sorted = (0..<ids.count).map(Int32.init).sorted { keys[Int($0)].lexicographicallyPrecedes(keys[Int($1)]) }
  }

  /// The number of customers.
  public var count: Int { ids.count }

  /// The card of customer `id`, nil when there is no such customer.
  public func card(id: String) -> CustomerCard? {
    guard let row = ids.index(of: id) else { return nil }
    return card(row: row)
  }

  /// The card of `row`.
  public func card(row: Int) -> CustomerCard {
    var segments: [CustomerCard.Segment] = []
    for column in segmentations {
      let segment = Int(column.segments[row])
      guard segment >= 0, segment < column.names.count else { continue }
      segments.append(
        CustomerCard.Segment(
          segmentation: column.name, version: column.version, segment: segment + 1, name: column.names[segment]))
    }
    let tagRange = Int(tagStarts[row])..<Int(tagStarts[row + 1])
    let productRange = Int(productStarts[row])..<Int(productStarts[row + 1])
    return CustomerCard(
      id: ids.key(at: row), segments: segments, tags: tagRange.map { tags[Int(tagIndices[$0])] },
      products: productRange.map { index in
        let product = products[Int(productIndices[index])]
        return CustomerCard.Product(id: product.id, name: product.name, strength: Double(productStrengths[index]))
      },
      doNotContact: doNotContact[row],
      contacts: contacts.compactMap { column in
        column.value(row).map { CustomerCard.Contact(column: column.name, value: $0, masked: true) }
      },
      attributes: attributes.map { CustomerCard.Attribute(name: $0.name, value: $0.value(row)) })
  }

  /// Up to `limit` ids that start with `prefix`, in byte order.
  public func search(prefix: String, limit: Int) -> [String] {
    let target = Array(prefix.utf8)
    guard limit > 0 else { return [] }
    // The first row whose id is not below the prefix.
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if Array(ids.key(at: Int(sorted[middle])).utf8).lexicographicallyPrecedes(target) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    var found: [String] = []
    var index = low
    while index < sorted.count, found.count < limit {
      let key = ids.key(at: Int(sorted[index]))
      guard key.utf8.starts(with: target) else { break }
      found.append(key)
      index += 1
    }
    return found
  }
}
