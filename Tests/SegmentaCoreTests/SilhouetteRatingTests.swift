import Testing

@testable import SegmentaCore

@Suite("Silhouette ratings")
struct SilhouetteRatingTests {
  @Test("below 0.25 is poor, 0.25 to 0.5 fair, above 0.5 good")
  func bands() {
    #expect(SilhouetteRating(0.24) == .poor && SilhouetteRating(0.25) == .fair && SilhouetteRating(0.51) == .good)
    #expect(SilhouetteRating(0.5) == .fair)
  }
}
