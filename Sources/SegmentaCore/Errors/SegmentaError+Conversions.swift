extension DataFileError: SegmentaErrorConvertible {
  /// An ``SegmentaError/Code/invalidData`` error with the file, line, column and column name.
  public var segmentaError: SegmentaError {
    SegmentaError(.invalidData, message, file: file, line: line, column: column, field: columnName)
  }
}

extension RuleError: SegmentaErrorConvertible {
  /// An ``SegmentaError/Code/invalidRule`` error whose message shows the rule with a caret.
  public var segmentaError: SegmentaError {
    SegmentaError(.invalidRule, "rule " + description, position: position)
  }
}

extension WideTableSpecError: SegmentaErrorConvertible {
  /// An ``SegmentaError/Code/invalidSpec`` error naming the feature.
  public var segmentaError: SegmentaError {
    SegmentaError(.invalidSpec, description, field: feature)
  }
}

extension PreprocessingError: SegmentaErrorConvertible {
  /// An ``SegmentaError/Code/insufficientData`` error naming the feature.
  public var segmentaError: SegmentaError {
    SegmentaError(.insufficientData, description, field: feature)
  }
}

extension SegmentationError: SegmentaErrorConvertible {
  /// An ``SegmentaError/Code/insufficientData`` error.
  public var segmentaError: SegmentaError {
    SegmentaError(.insufficientData, message)
  }
}

extension EvaluationError: SegmentaErrorConvertible {
  /// An ``SegmentaError/Code/insufficientData`` error (``SegmentaError/Code/invalidRequest`` for
  /// a confidence level out of range).
  public var segmentaError: SegmentaError {
    if case .confidence = self { return SegmentaError(.invalidRequest, description) }
    return SegmentaError(.insufficientData, description)
  }
}
