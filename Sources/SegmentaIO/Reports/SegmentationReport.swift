import Foundation
import SegmentaCore

/// Everything a profile report shows, as data: what `segmenta profile --format json` prints and what
/// the Markdown and HTML renderers draw.
package struct SegmentationReport: Sendable, Codable {
  /// A segment's card.
  package struct Card: Sendable, Codable {
    /// The name shown: the analyst's if given, else the automatic one.
    package var name: FeatureLabel
    /// Whether the analyst named it.
    package var renamed: Bool
    package var profile: SegmentProfile

    package init(name: FeatureLabel, renamed: Bool, profile: SegmentProfile) {
      self.name = name
      self.renamed = renamed
      self.profile = profile
    }
  }

  /// Segmentation name.
  package var name: String
  package var version: Int
  /// When it was made.
  package var createdAt: String
  /// Period of the features.
  package var period: String?
  package var method: String
  /// Customers segmented.
  package var customers: Int
  /// Clusters.
  package var k: Int
  /// How k was chosen.
  package var kRule: String
  package var segments: Int
  /// Inertia of the chosen k.
  package var inertia: Double
  /// Silhouette of the chosen k.
  package var silhouette: Double
  package var rating: SilhouetteRating
  /// Calinski–Harabasz index.
  package var calinskiHarabasz: Double
  /// Davies–Bouldin index.
  package var daviesBouldin: Double
  /// Quality for every k tried.
  package var kTable: [KQuality]
  /// Preprocessing per feature.
  package var preprocessing: [FeatureTransform]
  /// Features with their importance.
  package var features: [ProfiledFeature]
  /// One card per segment, largest first.
  package var cards: [Card]
  package var notes: [String]
  /// How customers moved into this version's segments from an earlier version (the one it refreshes, else
  /// the one before it); nil for a first version.
  package var flows: Flows?
  /// The segment sizes of every version up to this one, oldest first.
  package var history: [VersionSizes]
  /// The self-organising map, for a segmentation of method som.
  package var map: MapView? = nil
  /// γ, the cost and each cluster's categorical modes, for a segmentation of method kprototypes.
  package var prototypes: PrototypesView? = nil
  /// The dimensions and cells of a cube segmentation.
  package var cube: CubeModel? = nil
  /// The version's stored attractiveness × capability assessment, if `segments assess` made one.
  package var assessment: SegmentAssessment? = nil

  package init(
    name: String, version: Int, createdAt: String, period: String?, method: String, customers: Int, k: Int,
    kRule: String, segments: Int, inertia: Double, silhouette: Double, rating: SilhouetteRating,
    calinskiHarabasz: Double, daviesBouldin: Double, kTable: [KQuality], preprocessing: [FeatureTransform],
    features: [ProfiledFeature], cards: [Card], notes: [String], flows: Flows? = nil, history: [VersionSizes] = []
  ) {
    self.name = name
    self.version = version
    self.createdAt = createdAt
    self.period = period
    self.method = method
    self.customers = customers
    self.k = k
    self.kRule = kRule
    self.segments = segments
    self.inertia = inertia
    self.silhouette = silhouette
    self.rating = rating
    self.calinskiHarabasz = calinskiHarabasz
    self.daviesBouldin = daviesBouldin
    self.kTable = kTable
    self.preprocessing = preprocessing
    self.features = features
    self.cards = cards
    self.notes = notes
    self.flows = flows
    self.history = history
  }
}

extension SegmentationReport {
  /// The flows of customers from an earlier version into this one.
  package struct Flows: Sendable, Codable {
    /// The earlier version.
    package var fromVersion: Int
    /// Its period.
    package var fromPeriod: String?
    /// Whether this version refreshes the earlier one (same model, so the segments are the same groups).
    package var linked: Bool
    /// The earlier version's segment names (segment 1 first).
    package var fromNames: [FeatureLabel]
    /// Flows, row shares, stayers, entries and exits.
    package var migration: SegmentMigration

    package init(
      fromVersion: Int, fromPeriod: String?, linked: Bool, fromNames: [FeatureLabel], migration: SegmentMigration
    ) {
      self.fromVersion = fromVersion
      self.fromPeriod = fromPeriod
      self.linked = linked
      self.fromNames = fromNames
      self.migration = migration
    }
  }

  /// One version's segment sizes.
  package struct VersionSizes: Sendable, Codable, Equatable {
    package var version: Int
    package var period: String?
    /// The version it refreshes, if it is a refresh.
    package var refreshes: Int?
    /// Customers per segment, segment 1 first.
    package var sizes: [Int]

    package init(version: Int, period: String?, refreshes: Int?, sizes: [Int]) {
      self.version = version
      self.period = period
      self.refreshes = refreshes
      self.sizes = sizes
    }
  }
}

extension SegmentationReport {
  /// What a k-prototypes report shows besides the numeric profile: γ, the cost and every cluster's
  /// modes of the categorical columns.
  package struct PrototypesView: Sendable, Codable {
    /// One cluster's prototype: its segment and the mode of each categorical column.
    package struct Cluster: Sendable, Codable {
      /// The cluster, 1-based.
      package var cluster: Int
      /// The segment it belongs to, 1-based.
      package var segment: Int
      package var customers: Int
      /// The mode of each categorical column, in ``PrototypesView/columns`` order.
      package var modes: [String]
    }
    /// The weight of a categorical mismatch against the squared distance of the numeric part.
    package var gamma: Double
    /// Whether γ is the default (half the mean standard deviation of the prepared numeric features).
    package var gammaIsDefault: Bool
    /// Σ over customers of the dissimilarity to their prototype.
    package var cost: Double
    /// The categorical columns.
    package var columns: [String]
    package var clusters: [Cluster]

    /// The view of a model's k-prototypes summary.
    package init(_ summary: KPrototypesSummary, clusterSizes: [Int], clusterGroups: [Int]) {
      gamma = summary.gamma
      gammaIsDefault = summary.gammaIsDefault
      cost = summary.cost
      columns = summary.columns.map(\.name)
      clusters = clusterSizes.indices.map { j in
        Cluster(
          cluster: j + 1, segment: clusterGroups[j] + 1, customers: clusterSizes[j],
          modes: summary.modeValues(cluster: j))
      }
    }
  }

  /// A self-organising map as the report draws it: its errors, the U-matrix and one component
  /// plane per feature, every grid of values listed unit by unit (row by row of the grid).
  package struct MapView: Sendable, Codable {
    /// One feature's values across the units.
    package struct Component: Sendable, Codable {
      package var name: String
      package var label: FeatureLabel
      /// Each unit's weight in original units (the preprocessing undone).
      package var values: [Double]
      /// Each unit's weight in the prepared (scaled) space the map was trained in.
      package var prepared: [Double]

      package init(name: String, label: FeatureLabel, values: [Double], prepared: [Double]) {
        self.name = name
        self.label = label
        self.values = values
        self.prepared = prepared
      }
    }

    package var rows: Int
    package var columns: Int
    package var quantizationError: Double
    package var topographicError: Double
    /// Customers whose best-matching unit each unit is.
    package var hits: [Int]
    /// Each unit's segment, 1-based.
    package var segments: [Int]
    /// Each unit's mean distance to the units around it (the U-matrix).
    package var unifiedDistances: [Double]
    package var components: [Component]

    package init(
      rows: Int, columns: Int, quantizationError: Double, topographicError: Double, hits: [Int], segments: [Int],
      unifiedDistances: [Double], components: [Component]
    ) {
      self.rows = rows
      self.columns = columns
      self.quantizationError = quantizationError
      self.topographicError = topographicError
      self.hits = hits
      self.segments = segments
      self.unifiedDistances = unifiedDistances
      self.components = components
    }
  }

  /// The number the quality table lists per row: groups for a map, clusters (k) otherwise.
  package var tableCount: String { map == nil ? "k" : "groups" }

  /// The row of the quality table that was chosen: the number of segments for a map, k otherwise.
  package var chosenCount: Int { map == nil ? k : segments }

  /// Whether the silhouette applies: segments found by clustering have one; segments assigned by a rule
  /// (the RFM grid, value tiers) have none.
  package var silhouetteApplies: Bool { silhouette.isFinite }

  /// The silhouette's rating ("rating good"), or that it does not apply.
  package var silhouetteNote: String {
    silhouetteApplies ? "rating \(rating.rawValue)" : "does not apply: segments assigned by a rule"
  }
}
