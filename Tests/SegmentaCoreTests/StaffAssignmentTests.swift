import Testing

@testable import SegmentaCore

@Suite("Staff assignment")
struct StaffAssignmentTests {
  @Test("staff assignment: region and type served, load balanced within capacity, unassigned by reason")
  func staffAssignment() {
    let members = [
      StaffMember(id: "N1", name: "北一", region: "north", customerTypes: [], capacity: 3),
      StaffMember(id: "N2", name: "北二", region: "north", customerTypes: ["vip"], capacity: 10),
      StaffMember(id: "S1", name: "南一", region: "south", customerTypes: ["vip", "own"], capacity: 1),
    ]
    let contacts: [(region: String?, type: String?)] = [
      ("north", "vip"), ("north", "vip"), ("north", "own"), ("north", "own"), ("north", "own"), ("north", "own"),
      ("South", "VIP"), ("south", "own"), ("east", "own"), (nil, nil),
    ]
    let assignment = StaffAssignment(contacts: contacts, members: members)
    // The four "own" northerners can only go to N1 (capacity 3): one is left over; the vips go to N2.
    #expect(assignment.staff[0] == 1 && assignment.staff[1] == 1)
    #expect(assignment.load == [3, 2, 1])
    #expect(assignment.unassigned == [.capacity: 2, .noStaff: 2])
    #expect(assignment.staff[6] == 2)
    #expect(assignment.staff[8] == nil && assignment.staff[9] == nil)
  }
}
