import Foundation
import SegmentaCore
import SegmentaWorkflows

extension DemoCommand {
  /// Prints the demo's value analysis: the 80/20 line of spend and the top tier's lifetime value.
  static func printValue(_ value: DemoValue.Report) {
    let pareto = value.pareto.analysis
    let percent = { (share: Double?) in share.map { Format.fixed($0 * 100, 1) + " %" } ?? "–" }
    Console.out(
      "Value (\(value.file)): \(Format.count(value.build.table.transactionsRead)) top-ups and bills of "
        + "\(Format.count(value.build.table.customers)) customers, \(Format.number(value.build.totalValue)) yuan over "
        + "90 days.")
    Console.out(
      "80/20: the top 20 % of customers bring \(percent(pareto.topFifthShare)) of the value; "
        + "\(percent(pareto.customersForFourFifths)) of customers bring 80 % (Gini \(pareto.gini.map { Format.fixed($0, 3) } ?? "–"))."
    )
    let top = value.pareto.tiers.first
    let clv = value.clv
    Console.out(
      "Top tier (\(top.map { SegmentNames.combined($0.name) } ?? "–"), \(Format.count(value.topTierCustomers)) customers): "
        + "mean \(clv.horizonMonths)-month CLV \(Format.number(value.topTierMeanClv)) yuan against "
        + "\(Format.number(clv.meanClv)) for all (BG/NBD r \(Format.fixed(clv.bgnbd.r, 3)), alpha "
        + "\(Format.fixed(clv.bgnbd.alpha, 2)), a \(Format.fixed(clv.bgnbd.a, 3)), b \(Format.fixed(clv.bgnbd.b, 3)); "
        + "mean P(alive) \(Format.fixed(clv.meanProbabilityAlive, 3))).")
  }
}
