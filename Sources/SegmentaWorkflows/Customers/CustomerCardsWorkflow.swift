import Foundation
import SegmentaCore
import SegmentaStore

/// Builds every customer's card (segments of each segmentation's latest version, tags of the latest
/// apply, the top three recommended products, masked personal columns, a few attributes) for the
/// server's customer lookup.
package struct CustomerCardsWorkflow: Workflow {
  /// Attributes shown at most (the first non-personal columns of the catalogue).
  package var attributeLimit: Int
  /// Recommended products per customer.
  package var top: Int

  package init(attributeLimit: Int = 12, top: Int = 3) {
    self.attributeLimit = attributeLimit
    self.top = top
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> CustomerCards {
    let workspace = try context.workspace(for: .read)
    context.progress.report(.status("customer cards", "ids"))
    let (keys, ids) = try workspace.customerIndex()
    var row: [Int64: Int] = [:]
    row.reserveCapacity(keys.count)
    for (index, key) in keys.enumerated() { row[key] = index }

    context.progress.report(.status("customer cards", "segments"))
    var segmentations: [CustomerCards.SegmentColumn] = []
    for summary in try workspace.segmentations() {
      let stored = try workspace.segmentation(named: summary.name)
      var segments = [Int16](repeating: -1, count: keys.count)
      for (index, key) in stored.customerKeys.enumerated() {
        if let target = row[key] { segments[target] = Int16(truncatingIfNeeded: stored.groups[index]) }
      }
      segmentations.append(
        CustomerCards.SegmentColumn(
          name: stored.name, version: stored.version, segments: segments, names: stored.displayNames))
    }

    context.progress.report(.status("customer cards", "tags"))
    var tags: [CustomerCard.Tag] = []
    var tagsOfRow = [[UInt16]](repeating: [], count: keys.count)
    for tag in try workspace.tags() where tag.latest != nil && tags.count < Int(UInt16.max) {
      let index = UInt16(tags.count)
      tags.append(CustomerCard.Tag(name: tag.definition.name, label: tag.definition.label))
      for key in try workspace.tagMembers(tag.definition.name) {
        if let target = row[key] { tagsOfRow[target].append(index) }
      }
    }

    context.progress.report(.status("customer cards", "products"))
    let catalogue = try workspace.products()
    var picksOfRow = [[(product: UInt16, strength: Float)]](repeating: [], count: keys.count)
    var blocked = [Bool](repeating: false, count: keys.count)
    if !catalogue.isEmpty {
      let data = try WorkspaceRuleData(workspace: workspace)
      let (picks, doNotContact) = try SegmentaError.catching {
        try RecommendWorkflow.rank(catalogue, data: data, workspace: workspace, top: top)
      }
      for (index, key) in data.keys.enumerated() {
        guard let target = row[key] else { continue }
        blocked[target] = doNotContact[index]
        if !doNotContact[index] {
          picksOfRow[target] = picks[index].map { (UInt16(truncatingIfNeeded: $0.product), Float($0.strength)) }
        }
      }
    }

    context.progress.report(.status("customer cards", "columns"))
    let columns = try workspace.customerColumns().filter { $0.name != "id" }
    let personal = columns.filter(\.personal)
    let plain = Array(columns.filter { !$0.personal }.prefix(attributeLimit))
    let personalText = try workspace.customerText(columns: personal.map(\.name), keys: keys)
    let contacts = personal.map { column in
      CustomerCards.TextColumn(name: column.name, values: (personalText[column.name] ?? []).map { $0.map(Self.mask) })
    }
    let dated = plain.filter { $0.type == .date || $0.type == .timestamp }.map(\.name)
    let texts = try workspace.customerText(
      columns: plain.map(\.name).filter { !dated.contains($0) }, keys: keys)
    let dates = try workspace.customerValues(columns: dated, keys: keys)
    let attributes = plain.map { column in
      if let values = dates[column.name]?.values {
        return CustomerCards.TextColumn(
          name: column.name, values: values.map { $0.isFinite ? CivilDate.isoString(days: Int($0)) : nil })
      }
      return CustomerCards.TextColumn(name: column.name, values: texts[column.name] ?? [])
    }
    return CustomerCards(
      ids: ids, segmentations: segmentations, tags: tags, tagsOfRow: tagsOfRow,
      products: catalogue.map { ($0.id, $0.name) }, picksOfRow: picksOfRow, doNotContact: blocked,
      contacts: contacts, attributes: attributes)
  }

  /// A personal value as the front line may see it: phone numbers and e-mail addresses masked, other
  /// personal values reduced to their first character.
  static func mask(_ value: String) -> String {
    ContactSafety.maskedContact(value) ?? value.first.map { String($0) + "**" } ?? ""
  }
}

/// `POST /api/v1/customers/:id/reveal`: a customer's personal columns unmasked, for a role that may
/// reveal contacts; recorded in the export audit with the user.
package struct RevealContactsWorkflow: Workflow {
  package var customerID: String

  package init(customerID: String) {
    self.customerID = customerID
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [CustomerCard.Contact] {
    try context.require(.revealContacts, to: "reveal contacts")
    let workspace = try context.workspace()
    guard let key = try workspace.customerKey(id: customerID) else {
      throw SegmentaError(.notFound, "no customer with that id", field: "id")
    }
    let personal = try workspace.customerColumns().filter(\.personal).map(\.name)
    let values = try workspace.customerText(columns: personal, keys: [key])
    let contacts = personal.compactMap { name in
      values[name]?.first.flatMap { $0 }.map { CustomerCard.Contact(column: name, value: $0, masked: false) }
    }
    let record = ExportRecord(
      kind: .contacts, campaign: customerID, exportedAt: WorkflowContext.timestamp(), user: context.user,
      command: context.command, file: "-", rows: 1, revealed: true)
    try workspace.recordExport(record)
    return contacts
  }
}
