/// Customers grouped by their distinct (frequency, age) pair.
///
/// A BG/NBD customer's expected purchases factor into P(alive), which reads the recency, and the
/// expectation of a customer known to be alive, which reads only the frequency and the age; among
/// a million customers there are a few thousand such pairs, so the hypergeometric sums are computed
/// per pair.
struct FrequencyAgePairs {
  /// Each pair's frequency.
  let frequency: [Double]
  /// Each pair's age.
  let age: [Double]
  /// For every customer, the number of their pair.
  let pairOfCustomer: [Int32]

  /// The distinct pairs of `frequency` and `age` (of one length), in order of first appearance.
  init(frequency customerFrequency: [Double], age customerAge: [Double]) {
    let (frequencies, frequencyNumbers) = DistinctKeys.numbering(customerFrequency)
    let (ages, ageNumbers) = DistinctKeys.numbering(customerAge)
    let ageCount = UInt64(max(1, ages.count))
    var pairs = DistinctKeys(capacity: min(customerFrequency.count, 1 << 14))
    var pairOfCustomer = [Int32](repeating: 0, count: customerFrequency.count)
    for i in customerFrequency.indices {
      pairOfCustomer[i] = pairs.number(of: UInt64(frequencyNumbers[i]) &* ageCount &+ UInt64(ageNumbers[i]))
    }
    frequency = pairs.keys.map { frequencies[Int($0 / ageCount)] }
    age = pairs.keys.map { ages[Int($0 % ageCount)] }
    self.pairOfCustomer = pairOfCustomer
  }

  /// The number of distinct pairs.
  var count: Int { frequency.count }
}
