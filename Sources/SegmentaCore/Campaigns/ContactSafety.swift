/// What exported contact lists do to personal data: safe phone numbers and masks (docs/campaigns.md;
/// spreadsheet formulas are `SpreadsheetSafety`'s).
public enum ContactSafety {
  /// A phone number in its safe export form, or nil when `text` is not a valid phone number.
  ///
  /// Valid: after removing spaces, dashes, dots and parentheses, 5 to 15 digits with an optional
  /// leading `+`. Written as digits only, a leading `+` becoming `00` (the international prefix),
  /// so the cell can never start a spreadsheet formula: `+86 138-0000-1234` → `008613800001234`.
  public static func phone(_ text: String) -> String? {
    var digits = ""
    var plus = false
    for (index, character) in trimmed(text).enumerated() {
      if character.isASCII, character.isNumber {
        digits.append(character)
      } else if character == "+" && index == 0 {
        plus = true
      } else if " -.()".contains(character) {
        continue
      } else {
        return nil
      }
    }
    guard (5...15).contains(digits.count) else { return nil }
    return (plus ? "00" : "") + digits
  }

  /// A phone number masked for lists handed to channels: the first three and the last four digits
  /// kept (`138****1234`); shorter numbers keep only their last two digits.
  public static func maskPhone(_ safe: String) -> String {
    let characters = Array(safe)
    if characters.count >= 11 {
      return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
    }
    return String(repeating: "*", count: max(0, characters.count - 2)) + String(characters.suffix(2))
  }

  /// An e-mail address masked: its first character and the domain kept (`z***@example.com`);
  /// text that is not an address is masked entirely.
  public static func maskEmail(_ text: String) -> String {
    let address = trimmed(text)
    guard let at = address.lastIndex(of: "@"), at > address.startIndex else { return "***" }
    return String(address[address.startIndex]) + "***" + String(address[at...])
  }

  /// A personal value masked by its shape, or nil when it is neither a phone number nor an e-mail
  /// address: a phone number as ``maskPhone(_:)`` masks its safe form, an address as
  /// ``maskEmail(_:)``.
  public static func maskedContact(_ value: String) -> String? {
    if let safe = phone(value) { return maskPhone(safe) }
    if value.contains("@") { return maskEmail(value) }
    return nil
  }

  /// A personal value as an export writes it: masked (``maskedContact(_:)``, anything else `***`), or
  /// when revealed, a phone number in its safe form and anything else as it is.
  public static func exported(_ value: String, revealed: Bool) -> String {
    if revealed { return phone(value) ?? value }
    return maskedContact(value) ?? "***"
  }

  /// `text` without leading and trailing white space and line breaks.
  static func trimmed(_ text: String) -> Substring {
    let isSpace: (Character) -> Bool = { $0.isWhitespace || $0.isNewline }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return text[first...last]
  }
}
