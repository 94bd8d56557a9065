import Testing

@testable import SegmentaCore

@Suite("Cluster quality against scikit-learn")
struct ClusterQualityTests {
  @Test("the clustering fixture holds nine labelings and five Rand index cases")
  func fixtureCases() throws {
    let fixture = try ClusteringFixture.load()
    #expect(fixture.quality.count == 9)
    #expect(fixture.ari.count == 5)
  }

  @Test(
    "silhouette, Calinski–Harabasz and Davies–Bouldin equal scikit-learn's within 1e-6 relative",
    arguments: try ClusteringFixture.load().quality)
  func qualityMatchesScikitLearn(_ reference: ClusteringFixture.Quality) throws {
    let source = try #require(try ClusteringFixture.load().lloyd.first { $0.name == reference.data })
    let data = matrix(source.rows, source.columns, source.data)
    let silhouette = ClusterQuality.silhouettes(data, labelings: [reference.labels])[0]
    #expect(relative(silhouette, reference.silhouette) < 1e-6, "silhouette \(silhouette)")
    let ch = ClusterQuality.calinskiHarabasz(data, labels: reference.labels)
    #expect(relative(ch, reference.calinskiHarabasz) < 1e-6, "Calinski–Harabasz \(ch)")
    let db = ClusterQuality.daviesBouldin(data, labels: reference.labels)
    #expect(relative(db, reference.daviesBouldin) < 1e-6, "Davies–Bouldin \(db)")
  }

  @Test("silhouettes of several labelings at once equal their separate values")
  func silhouetteBatch() throws {
    let fixture = try ClusteringFixture.load()
    let cases = fixture.quality.filter { $0.data == "blobs" }
    #expect(cases.count == 3)
    let source = fixture.lloyd[0]
    let data = matrix(source.rows, source.columns, source.data)
    let together = ClusterQuality.silhouettes(data, labelings: cases.map(\.labels))
    #expect(together.count == cases.count)
    for (value, reference) in zip(together, cases) { #expect(relative(value, reference.silhouette) < 1e-6) }
  }

  @Test("adjusted Rand index equals adjusted_rand_score", arguments: try ClusteringFixture.load().ari)
  func adjustedRandMatchesScikitLearn(_ reference: ClusteringFixture.ARI) {
    let value = ClusterQuality.adjustedRandIndex(reference.truth, reference.predicted)
    #expect(abs(value - reference.ari) < 1e-12, "\(value) vs \(reference.ari)")
  }
}
