import Foundation
import SegmentaCore

/// The Markdown rendering of a segmentation report.
package enum MarkdownReport {
  /// The report as Markdown.
  package static func render(_ report: SegmentationReport) -> String {
    var out: [String] = []
    out.append("# Segmentation \(report.name) (version \(report.version))")
    out.append("")
    out.append(
      "\(ReportText.grouped(report.customers)) customers\(report.period.map { ", period \($0)" } ?? ""), \(report.method), "
        + (report.map.map {
          "a \($0.rows) × \($0.columns) map (\(report.k) units; quantisation error "
            + "\(ReportText.fixed($0.quantizationError)), topographic error \(ReportText.fixed($0.topographicError))), "
            + "\(report.segments) segments (\(report.kRule)). "
        } ?? "k = \(report.k) (\(report.kRule)), \(report.segments) segments. ")
        + (report.silhouetteApplies
          ? "Silhouette \(ReportText.fixed(report.silhouette)) (\(report.rating.rawValue))"
          : "The silhouette does not apply (segments assigned by a rule)")
        + ", Calinski–Harabasz \(ReportText.number(report.calinskiHarabasz)), "
        + "Davies–Bouldin \(ReportText.fixed(report.daviesBouldin)).")
    for note in report.notes { out.append("\n> \(note)") }
    out.append("")
    if let prototypes = report.prototypes {
      out.append("## k-prototypes")
      out.append("")
      out.append(
        "γ = \(ReportText.number(prototypes.gamma)) per categorical mismatch"
          + (prototypes.gammaIsDefault ? " (default: half the mean standard deviation of the prepared features)" : "")
          + ", cost \(ReportText.number(prototypes.cost)).")
      out.append("")
      out.append("| cluster | segment | customers | " + prototypes.columns.joined(separator: " | ") + " |")
      out.append(
        "|" + String(repeating: " ---: |", count: 3) + String(repeating: " --- |", count: prototypes.columns.count))
      for cluster in prototypes.clusters {
        out.append(
          "| \(cluster.cluster) | \(cluster.segment) | \(ReportText.grouped(cluster.customers)) | "
            + cluster.modes.joined(separator: " | ") + " |")
      }
      out.append("")
    }
    if report.kTable.count > 1 {
      out.append("## Choosing \(report.tableCount)")
      out.append("")
      out.append(
        "| \(report.tableCount) | silhouette | drop ratio | Calinski–Harabasz | Davies–Bouldin | inertia | "
          + "smallest \(report.map == nil ? "cluster" : "group") |")
      out.append("|---:|---:|---:|---:|---:|---:|---:|")
      for row in report.kTable {
        let mark = row.k == report.chosenCount ? " **←**" : ""
        out.append(
          "| \(row.k)\(mark) | \(ReportText.fixed(row.silhouette)) | \(ReportText.fixed(row.dropRatio, 2)) | "
            + "\(ReportText.number(row.calinskiHarabasz)) | "
            + "\(ReportText.fixed(row.daviesBouldin)) | \(ReportText.number(row.inertia)) | \(ReportText.grouped(row.smallestCluster)) |"
        )
      }
      out.append("")
    }
    out.append("## Segments")
    out.append("")
    out.append("| segment | name | customers | share | clusters |")
    out.append("|---:|---|---:|---:|---|")
    for card in report.cards {
      let p = card.profile
      out.append(
        "| \(p.id) | \(ReportText.both(card.name)) | \(ReportText.grouped(p.size)) | \(ReportText.percent(p.share)) | "
          + "\(p.clusters.map(String.init).joined(separator: ", ")) |")
    }
    out.append("")
    if let flows = report.flows {
      let migration = flows.migration
      out.append("## Migration from version \(flows.fromVersion)")
      out.append("")
      out.append(HTMLReport.flowSummary(flows, toVersion: report.version))
      out.append("")
      out.append(
        "| v\(flows.fromVersion) \\ v\(report.version) | "
          + migration.toSizes.indices.map { "→ \($0 + 1)" }.joined(separator: " | ")
          + " | gone |")
      out.append("|---|" + String(repeating: "---:|", count: migration.toSizes.count + 1))
      for (index, row) in migration.flows.enumerated() {
        out.append(
          "| \(index + 1) | " + row.map(ReportText.grouped).joined(separator: " | ")
            + " | \(ReportText.grouped(migration.exitsBySegment[index])) |")
      }
      out.append("| new | " + migration.entriesBySegment.map(ReportText.grouped).joined(separator: " | ") + " | – |")
      out.append("")
    }
    let shown = report.features.enumerated().sorted { $0.element.importance > $1.element.importance }
    out.append("## Normalised means (strong ≥ 0.8 ▲, weak ≤ 0.2 ▼), features by importance")
    out.append("")
    out.append("| feature | importance | " + report.cards.map { "\($0.profile.id)" }.joined(separator: " | ") + " |")
    out.append("|---|---:|" + String(repeating: "---:|", count: report.cards.count))
    for (index, feature) in shown {
      let cells = report.cards.map { card -> String in
        guard let value = card.profile.normalized[index] else { return "–" }
        let mark = value >= SegmentProfiler.strongThreshold ? " ▲" : value <= SegmentProfiler.weakThreshold ? " ▼" : ""
        return ReportText.fixed(value, 2) + mark
      }
      out.append(
        "| \(ReportText.both(feature.label)) | \(ReportText.fixed(feature.importance, 2)) | "
          + cells.joined(separator: " | ") + " |")
    }
    out.append("")
    for card in report.cards {
      let p = card.profile
      out.append("## \(p.id). \(ReportText.both(card.name))")
      out.append("")
      out.append(
        "\(ReportText.grouped(p.size)) customers (\(ReportText.percent(p.share))), clusters \(p.clusters.map(String.init).joined(separator: ", "))"
          + (card.renamed ? "; automatic name: \(ReportText.both(p.automaticName))" : "") + ".")
      out.append("")
      for kpi in p.kpis { out.append("- \(ReportText.both(kpi.label)): \(ReportText.kpi(kpi))") }
      for category in p.categories where !category.top.isEmpty {
        out.append(
          "- top \(category.column): "
            + category.top.map { "\($0.value) \(ReportText.percent($0.share))" }.joined(separator: ", "))
      }
      if !p.strong.isEmpty {
        out.append(
          "- strong (优势): "
            + p.strong.map { "\(ReportText.both($0.label)) (\(ReportText.number($0.mean)))" }.joined(separator: "; "))
      }
      if !p.weak.isEmpty {
        out.append(
          "- weak (弱势): "
            + p.weak.map { "\(ReportText.both($0.label)) (\(ReportText.number($0.mean)))" }.joined(separator: "; "))
      }
      for action in p.actions { out.append("- action: \(action.text.zh) — \(action.text.en)") }
      out.append("")
    }
    out.append("## Preprocessing")
    out.append("")
    out.append("| feature | steps |")
    out.append("|---|---|")
    for transform in report.preprocessing { out.append("| \(transform.name) | \(ReportText.transform(transform)) |") }
    out.append("")
    return out.joined(separator: "\n")
  }
}
