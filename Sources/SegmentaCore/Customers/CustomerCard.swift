/// What the front line sees of one customer: segments, tags, recommended products, masked contacts and a
/// few attributes.
public struct CustomerCard: Sendable, Equatable, Codable {
  /// A customer's segment in one segmentation (its latest version).
  public struct Segment: Sendable, Equatable, Codable {
    /// The segmentation's name.
    public var segmentation: String
    /// Its latest version.
    public var version: Int
    /// The customer's segment, 1-based.
    public var segment: Int
    /// The segment's name.
    public var name: FeatureLabel

    /// Creates a segment entry.
    public init(segmentation: String, version: Int, segment: Int, name: FeatureLabel) {
      self.segmentation = segmentation
      self.version = version
      self.segment = segment
      self.name = name
    }
  }

  /// A tag the customer carries (latest apply).
  public struct Tag: Sendable, Equatable, Codable {
    /// The tag's name.
    public var name: String
    /// Its label.
    public var label: FeatureLabel

    /// Creates a tag entry.
    public init(name: String, label: FeatureLabel) {
      self.name = name
      self.label = label
    }
  }

  /// A recommended product, best first.
  public struct Product: Sendable, Equatable, Codable {
    /// The product's id.
    public var id: String
    /// Its name.
    public var name: FeatureLabel
    /// How strongly the customer matches the product's target rule.
    public var strength: Double

    /// Creates a product entry.
    public init(id: String, name: FeatureLabel, strength: Double) {
      self.id = id
      self.name = name
      self.strength = strength
    }
  }

  /// A personal column: masked unless revealed.
  public struct Contact: Sendable, Equatable, Codable {
    /// The personal column.
    public var column: String
    /// Its value, masked unless revealed.
    public var value: String
    /// Whether `value` is masked.
    public var masked: Bool

    /// Creates a contact entry.
    public init(column: String, value: String, masked: Bool) {
      self.column = column
      self.value = value
      self.masked = masked
    }
  }

  /// A non-personal customer column.
  public struct Attribute: Sendable, Equatable, Codable {
    /// The column's name.
    public var name: String
    /// The value as text; nil when missing.
    public var value: String?

    /// Creates an attribute entry.
    public init(name: String, value: String?) {
      self.name = name
      self.value = value
    }
  }

  /// The customer's id.
  public var id: String
  /// The customer's segment in each segmentation.
  public var segments: [Segment]
  /// The tags the customer carries.
  public var tags: [Tag]
  /// Recommended products, best first.
  public var products: [Product]
  /// Whether the customer must not be contacted (products are then not offered).
  public var doNotContact: Bool
  /// Personal columns.
  public var contacts: [Contact]
  /// Other columns.
  public var attributes: [Attribute]

  /// Creates a card.
  public init(
    id: String, segments: [Segment], tags: [Tag], products: [Product], doNotContact: Bool, contacts: [Contact],
    attributes: [Attribute]
  ) {
    self.id = id
    self.segments = segments
    self.tags = tags
    self.products = products
    self.doNotContact = doNotContact
    self.contacts = contacts
    self.attributes = attributes
  }
}
