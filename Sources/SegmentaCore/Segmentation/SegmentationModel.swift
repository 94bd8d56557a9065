/// Everything needed to reproduce, explain and apply a segmentation.
///
/// What it was asked, how the features were prepared, the centres and the merging; stored with
/// every segmentation version.
public struct SegmentationModel: Sendable, Equatable, Codable {
  /// One feature of the model and where it comes from.
  public struct Feature: Sendable, Equatable, Codable {
    /// The feature's name, as in the wide table or the customer table.
    public var name: String
    /// `feature` (a wide-table feature of the period) or `customer` (a numeric customer column).
    public var source: String
    /// The Chinese and English labels reports show.
    public var label: FeatureLabel

    /// Creates a feature of the model.
    public init(name: String, source: String, label: FeatureLabel) {
      self.name = name
      self.source = source
      self.label = label
    }
  }

  /// How the segments were made: `kmeans`, `som` (a self-organising map whose units are the
  /// clusters), `kprototypes` (numeric and categorical columns together), or the rule of an assigned segmentation (`rfm`, `value_tier`).
  public var method: String
  /// The features, in matrix column order.
  public var features: [Feature]
  /// The options the segmentation ran with.
  public var options: SegmentationOptions
  /// The preprocessing fitted on the segmented customers, applied unchanged to new ones.
  public var preprocessing: PreprocessingModel
  /// The number of clusters.
  public var k: Int
  /// Centres in the scaled space, `k × stride`, cluster 0 the largest (for a map: the units' weights in
  /// grid order).
  public var centres: [Float]
  /// The padded row length of the centres (the number of features rounded up to a multiple of 8).
  public var stride: Int
  /// The number of customers in each cluster.
  public var clusterSizes: [Int]
  /// Each cluster's group (0-based).
  public var clusterGroups: [Int]
  /// The number of customers in each group (segment).
  public var groupSizes: [Int]
  /// Ward merges of the centres (empty without merging).
  public var merges: [WardMerge]
  /// Quality for every k tried.
  public var kTable: [KQuality]
  /// Quality of the chosen k.
  public var chosen: KQuality
  /// How k was chosen, for the report.
  public var kRule: String
  /// Notes for the user (for example why clusters were not merged).
  public var notes: [String]
  /// Automatic segment names (by 0-based segment), from each segment's strongest traits.
  public var automaticNames: [FeatureLabel]
  /// The grid and errors of the self-organising map (method `som`).
  ///
  /// Nil for k-means and in models stored before maps existed. The units' weights are ``centres``,
  /// unit u at grid row u / columns.
  public var map: SelfOrganizingMapSummary? = nil
  /// The categorical columns, modes, γ and cost of k-prototypes (method `kprototypes`).
  ///
  /// Nil for other methods and in models stored before k-prototypes existed. The numeric part of the
  /// prototypes is ``centres``.
  public var prototypes: KPrototypesSummary? = nil

  /// The dimensions and cells of a cube segmentation (method `cube`).
  ///
  /// Nil for every other method and in models stored before cubes existed.
  public var cube: CubeModel? = nil

  /// The model of a finished segmentation.
  public init(method: String, features: [Feature], options: SegmentationOptions, segmentation: Segmentation) {
    self.method = method
    self.features = features
    self.options = options
    preprocessing = segmentation.preprocessing
    k = segmentation.k
    centres = segmentation.centres
    stride = segmentation.stride
    clusterSizes = segmentation.clusterSizes
    clusterGroups = segmentation.clusterGroups
    groupSizes = segmentation.groupSizes
    merges = segmentation.merges
    kTable = segmentation.kTable
    chosen = segmentation.chosen
    kRule = segmentation.kRule
    notes = segmentation.notes
    automaticNames = []
    map = segmentation.map
    prototypes = segmentation.prototypes
  }

  /// The number of segments (groups).
  public var segmentCount: Int { groupSizes.count }

  /// The rating of the chosen k's silhouette.
  public var rating: SilhouetteRating { SilhouetteRating(chosen.silhouette) }

  /// Assigns rows of raw feature values (in ``features`` order, NaN missing) to the nearest centre:
  /// returns each row's cluster and its Euclidean distance to that centre in the scaled space.
  ///
  /// For k-prototypes, `categorical` holds each categorical column's values (in
  /// ``KPrototypesSummary/columns`` order, nil missing) and the nearest prototype is the one of least
  /// dissimilarity (``KPrototypes``); the distance is the square root of that dissimilarity.
  public func assign(_ columns: [[Double]], categorical: [[String?]] = []) -> (clusters: [Int32], distances: [Double]) {
    let matrix = preprocessing.matrix(columns)
    if let prototypes {
      let data = MixedMatrix(
        matrix, categorical: zip(prototypes.columns, categorical).map { $0.codes($1) },
        levels: prototypes.columns.map(\.levels))
      var numeric = [Double](repeating: 0, count: k * matrix.columns)
      for j in 0..<k {
        for f in 0..<matrix.columns { numeric[j * matrix.columns + f] = Double(centres[j * stride + f]) }
      }
      let nearest = KPrototypes.nearest(
        data, numeric: numeric, modes: prototypes.modes, k: k, gamma: prototypes.gamma)
      return (nearest.labels, nearest.distances.map { $0.squareRoot() })
    }
    let clusters = KMeans.assign(matrix, centres: centres, k: k)
    var distances: [Double] = []
    distances.reserveCapacity(matrix.rows)
    for row in 0..<matrix.rows {
      let centre = Int(clusters[row]) * stride
      var total = 0.0
      for f in 0..<matrix.columns {
        let d = Double(matrix[row, f]) - Double(centres[centre + f])
        total += d * d
      }
      distances.append(total.squareRoot())
    }
    return (clusters, distances)
  }
}
