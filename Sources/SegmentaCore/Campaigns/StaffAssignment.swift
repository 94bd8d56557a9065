/// A member of the sales staff who follows up contacts.
public struct StaffMember: Sendable, Equatable, Codable {
  /// Identifier.
  public var id: String
  /// Name.
  public var name: String
  /// Region served; nil serves every region.
  public var region: String?
  /// Customer types served; empty serves every type.
  public var customerTypes: [String]
  /// Most customers assigned.
  public var capacity: Int

  /// Creates a staff member.
  public init(id: String, name: String, region: String?, customerTypes: [String], capacity: Int) {
    self.id = id
    self.name = name
    self.region = region
    self.customerTypes = customerTypes
    self.capacity = capacity
  }

  /// Whether the member serves a customer of `region` and `type` (compared case-insensitively).
  public func serves(region customerRegion: String?, type customerType: String?) -> Bool {
    if let region, region.lowercased() != customerRegion?.lowercased() { return false }
    if !customerTypes.isEmpty {
      guard let customerType else { return false }
      return customerTypes.contains { $0.lowercased() == customerType.lowercased() }
    }
    return true
  }
}

/// Contacts assigned to staff by region and customer type, balancing load within capacity.
public struct StaffAssignment: Sendable, Equatable {
  /// Why a contact has no staff member.
  public enum Unassigned: String, Sendable, Codable, CodingKeyRepresentable {
    /// Nobody serves the customer's region and type.
    case noStaff = "no_staff_for_region_and_type"
    /// Everyone who serves them is at capacity.
    case capacity = "staff_at_capacity"
  }

  /// For each contact, the index of its staff member, or nil.
  public var staff: [Int?]
  /// Contacts assigned per staff member.
  public var load: [Int]
  /// Contacts left unassigned, by reason.
  public var unassigned: [Unassigned: Int]

  /// Assigns contacts (each with its region and type) to `members`.
  ///
  /// Contacts with the fewest eligible members go first (so that narrowly served customers are not
  /// crowded out); each goes to the eligible member with the lowest load relative to capacity, ties
  /// to the lower load and then the earlier member, never beyond capacity. Deterministic.
  public init(contacts: [(region: String?, type: String?)], members: [StaffMember]) {
    let eligible: [[Int]] = contacts.map { contact in
      members.indices.filter {
        members[$0].serves(region: contact.region, type: contact.type) && members[$0].capacity > 0
      }
    }
    let order = contacts.indices.sorted {
      eligible[$0].count != eligible[$1].count ? eligible[$0].count < eligible[$1].count : $0 < $1
    }
    var staff = [Int?](repeating: nil, count: contacts.count)
    var load = [Int](repeating: 0, count: members.count)
    var unassigned: [Unassigned: Int] = [:]
    for contact in order {
      let candidates = eligible[contact]
      guard !candidates.isEmpty else {
        unassigned[.noStaff, default: 0] += 1
        continue
      }
      var best: Int?
      for member in candidates where load[member] < members[member].capacity {
        guard let current = best else {
          best = member
          continue
        }
        // load / capacity compared without division.
        let a = load[member] * members[current].capacity
        let b = load[current] * members[member].capacity
        if a < b || (a == b && load[member] < load[current]) { best = member }
      }
      if let best {
        staff[contact] = best
        load[best] += 1
      } else {
        unassigned[.capacity, default: 0] += 1
      }
    }
    self.staff = staff
    self.load = load
    self.unassigned = unassigned
  }
}
