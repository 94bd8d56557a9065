import Foundation
import Testing

@testable import SegmentaCore

@Suite("Contact safety: phone numbers and masks")
struct ContactSafetyTests {
  @Test("phone numbers: validated and written in the safe form; masked as 138****1234")
  func phones() {
    #expect(ContactSafety.phone("13800001234") == "13800001234")
    #expect(ContactSafety.phone(" +86 138-0000-1234 ") == "008613800001234")
    #expect(ContactSafety.phone("(010) 6552.1234") == "01065521234")
    #expect(ContactSafety.phone("=HYPERLINK(\"x\")") == nil)
    #expect(ContactSafety.phone("1380000123a") == nil)
    #expect(ContactSafety.phone("1234") == nil)
    #expect(ContactSafety.phone("++13800001234") == nil)
    #expect(ContactSafety.maskPhone("13800001234") == "138****1234")
    #expect(ContactSafety.maskPhone("008613800001234") == "008****1234")
    #expect(ContactSafety.maskPhone("65521234") == "******34")
  }

  @Test("e-mail addresses are masked to the first character and the domain")
  func emails() {
    #expect(ContactSafety.maskEmail("zhang.wei@example.com") == "z***@example.com")
    #expect(ContactSafety.maskEmail(" a@b.cn ") == "a***@b.cn")
    #expect(ContactSafety.maskEmail("not an address") == "***")
    #expect(ContactSafety.maskEmail("@example.com") == "***")
  }

}
