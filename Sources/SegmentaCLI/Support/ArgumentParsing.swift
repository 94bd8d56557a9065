import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension BadRowPolicy: ExpressibleByArgument {}
extension SegmentNameLanguage: ExpressibleByArgument {}
extension ProfileWorkflow.Format: ExpressibleByArgument {}
extension ChurnReportWorkflow.Format: ExpressibleByArgument {}
extension ChurnModelKind: ExpressibleByArgument {}
extension PreprocessingOptions.Scaling: ExpressibleByArgument {}
extension PreprocessingOptions.LogMode: ExpressibleByArgument {}
extension PreprocessingOptions.Imputation: ExpressibleByArgument {}

/// Flag values that need more than a type's own parsing.
enum ArgumentParsing {
  /// Parses `--delimiter`: one character, or tab, comma, semicolon, pipe.
  static func dialect(_ text: String) throws -> CSVDialect {
    guard let dialect = CSVDialect(delimiterName: text) else {
      throw ValidationError("--delimiter takes one character (or tab, comma, semicolon, pipe), not '\(text)'")
    }
    return dialect
  }

  /// Parses a `YYYY-MM-DD` option as days since 1970-01-01.
  static func day(_ text: String, option: String) throws -> Int {
    guard let day = ValueParser.withBytes(of: text, { ValueParser.parseDate($0) }) else {
      throw ValidationError("\(option) takes a date as YYYY-MM-DD, not '\(text)'")
    }
    return day
  }

  /// Parses a comma-separated list of names (``NameList``); an empty name is a bad flag.
  static func names(_ text: String, option: String) throws -> [String] {
    do {
      return try NameList.parse(text, option: option)
    } catch {
      throw ValidationError(error.message)
    }
  }
}
