/// Why a customer import left a row out (the counts of `--on-error skip`, keyed by these words in JSON).
public enum RejectionReason: String, Sendable, Equatable, Codable, CaseIterable {
  /// The record is not valid CSV (a stray or unterminated quote).
  case malformedCSV = "malformed CSV"
  /// A field is not valid UTF-8.
  case invalidUTF8 = "invalid UTF-8"
  /// The record has more or fewer fields than the header.
  case wrongFieldCount = "wrong number of fields"
  /// The customer id is empty.
  case missingCustomerID = "missing customer id"
  /// A value does not parse as its column's type.
  case wrongType = "value of the wrong type"
  /// The customer id appeared earlier in the file.
  case duplicateCustomerID = "duplicate customer id"
}
