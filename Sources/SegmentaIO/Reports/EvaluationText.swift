import Foundation
import SegmentaCore

/// The text form of a campaign evaluation.
package enum EvaluationText {
  /// A p-value as analysts read it: "2.7e-67", "4.0e-93", "0.0312", "< 1e-300" when it underflows.
  package static func pValue(_ p: Double) -> String {
    if p == 0 { return "< 1e-300" }
    if p < 1e-4 { return String(format: "%.1e", p) }
    return String(format: "%.4f", p)
  }

  /// A lift: "×4.78"; "–" when the control rate is 0.
  package static func lift(_ value: Double) -> String { value.isFinite ? String(format: "×%.2f", value) : "–" }

  static func percent(_ value: Double) -> String { value.isFinite ? String(format: "%.1f %%", value * 100) : "–" }
  static func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
  static func money(_ value: Double) -> String { value.isFinite ? String(format: "%.2f", value) : "–" }

  /// The report's lines, ending with a one-line summary.
  package static func lines(_ evaluation: ExperimentEvaluation, title: String) -> [String] {
    let t = evaluation.target
    let c = evaluation.control
    let level = String(format: "%g %%", evaluation.confidence * 100)
    func row(_ name: String, _ a: String, _ b: String) -> String {
      name.padding(toLength: 22, withPad: " ", startingAt: 0) + a.leftPadded(12) + b.leftPadded(12)
    }
    var lines = [title, row("", "target", "control")]
    lines.append(row("customers", "\(t.customers)", "\(c.customers)"))
    lines.append(row("reached", "\(t.reached)", "\(c.reached)"))
    lines.append(row("contact success rate", percent(t.contactRate), percent(c.contactRate)))
    lines.append(row("converted", "\(t.converted)", "\(c.converted)"))
    lines.append(row("conversion rate", percent(t.conversionRate), percent(c.conversionRate)))
    if t.revenue != 0 || c.revenue != 0 {
      lines.append(row("revenue", money(t.revenue), money(c.revenue)))
      lines.append(row("revenue per customer", money(t.revenuePerCustomer), money(c.revenuePerCustomer)))
    }
    func describe(_ name: String, _ value: ProportionComparison) -> String {
      var text = "\(name): \(lift(value.ratio))"
      if let interval = value.ratioInterval {
        text += " (\(level) CI \(lift(interval.lower))–\(lift(interval.upper)))"
      }
      text +=
        ", \(points(value.difference)) points (\(points(value.differenceInterval.lower)) to "
        + "\(points(value.differenceInterval.upper))); z = \(String(format: "%.2f", value.z)), "
        + "p = \(pValue(value.pValue)), Fisher's exact p = \(pValue(value.fisherPValue))"
      if value.smallestExpectedCount < 5 { text += " (small counts: read Fisher's p)" }
      return text
    }
    lines.append("")
    lines.append(describe("Contact success", evaluation.contact))
    lines.append(describe("Conversion", evaluation.conversion))
    var incremental = "Incremental conversions: \(String(format: "%.1f", evaluation.incrementalConversions))"
    if t.revenue != 0 || c.revenue != 0 {
      incremental +=
        "; incremental revenue \(money(evaluation.incrementalRevenue)) (per customer "
        + "\(money(evaluation.revenueDifference)), \(level) CI \(money(evaluation.revenueInterval.lower)) to "
        + "\(money(evaluation.revenueInterval.upper)))"
    }
    lines.append(incremental)
    if let economics = evaluation.economics {
      var text = "Cost \(money(economics.cost))"
      if let budget = economics.budget {
        text += " of a \(money(budget)) budget" + (economics.cost > budget ? " (over budget)" : "")
      }
      text +=
        "; incremental value \(money(economics.incrementalValue)); ROI "
        + (economics.returnOnInvestment.isFinite ? String(format: "%.1f %%", economics.returnOnInvestment * 100) : "–")
      lines.append(text)
    }
    lines.append("")
    let significant = evaluation.conversion.pValue < 1 - evaluation.confidence
    lines.append(
      "Targets converted \(lift(evaluation.conversion.ratio)) as often as the control group "
        + "(\(percent(t.conversionRate)) vs \(percent(c.conversionRate)), p = \(pValue(evaluation.conversion.pValue)))"
        + (significant ? "." : "; the difference is not significant at \(level)."))
    return lines
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
