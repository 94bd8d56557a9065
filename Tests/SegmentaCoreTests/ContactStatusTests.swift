import Testing

@testable import SegmentaCore

@Suite("Contact status")
struct ContactStatusTests {
  @Test("contact status: N failures since the last success on every method; own → dormant, others → void")
  func contactStatus() {
    func attempt(_ customer: Int64, _ method: ContactMethod, _ at: Int64, _ success: Bool) -> ContactAttempt {
      ContactAttempt(customer: customer, method: method, at: at, success: success)
    }
    let attempts = [
      // 1: two failures on each of phone and sms → unreachable (own → dormant).
      attempt(1, .phone, 1, false), attempt(1, .phone, 2, false), attempt(1, .sms, 1, false),
      attempt(1, .sms, 3, false),
      // 2: a success on sms after its failures resets sms → reachable.
      attempt(2, .phone, 1, false), attempt(2, .phone, 2, false), attempt(2, .sms, 1, false),
      attempt(2, .sms, 2, false),
      attempt(2, .sms, 3, true),
      // 3: sms never tried → reachable.
      attempt(3, .phone, 1, false), attempt(3, .phone, 2, false), attempt(3, .phone, 3, false),
      // 4: a rival's customer, exhausted → void; given out of time order.
      attempt(4, .sms, 9, false), attempt(4, .phone, 5, false), attempt(4, .sms, 1, false),
      attempt(4, .phone, 2, false),
    ]
    let statuses = ContactStatus.classify(attempts, methods: [.phone, .sms], maximumFailures: 2) { $0 != 4 }
    #expect(statuses == [1: .dormant, 4: .void])
    let stricter = ContactStatus.classify(attempts, methods: [.phone, .sms], maximumFailures: 3) { _ in true }
    #expect(stricter.isEmpty)
    #expect(
      ContactMethod(text: " 短信 ") == .sms && ContactMethod(text: "E-Mail") == .email
        && ContactMethod(text: "pager") == nil)
  }
}
