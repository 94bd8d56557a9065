import RealModule

/// The settings of a batch self-organising map: the grid and the neighbourhood schedule.
public struct SelfOrganizingMapOptions: Sendable, Equatable, Codable {
  /// The grid's rows (2…100).
  public var rows: Int
  /// The grid's columns (2…100).
  public var columns: Int
  /// The ordering epochs, over which the neighbourhood width shrinks from ``sigmaStart`` to
  /// ``sigmaEnd`` (default 20).
  public var epochs: Int
  /// The fine-tuning epochs that follow at ``sigmaEnd`` (default 5).
  public var fineTuningEpochs: Int
  /// The Gaussian neighbourhood's width at the first epoch, in grid steps (nil: max(rows,
  /// columns) / 2).
  public var sigmaStart: Double?
  /// The neighbourhood's width at the last ordering epoch and during fine-tuning (default 0.5).
  public var sigmaEnd: Double

  /// Creates options with the documented defaults: 20 ordering epochs, 5 fine-tuning epochs, σ from
  /// max(rows, columns) / 2 down to 0.5.
  public init(
    rows: Int, columns: Int, epochs: Int = 20, fineTuningEpochs: Int = 5, sigmaStart: Double? = nil,
    sigmaEnd: Double = 0.5
  ) {
    self.rows = rows
    self.columns = columns
    self.epochs = epochs
    self.fineTuningEpochs = fineTuningEpochs
    self.sigmaStart = sigmaStart
    self.sigmaEnd = sigmaEnd
  }

  /// The number of units, rows × columns.
  public var units: Int { rows * columns }

  /// The neighbourhood width of the first epoch: ``sigmaStart``, or max(rows, columns) / 2, never
  /// below ``sigmaEnd``.
  public var initialSigma: Double { max(sigmaStart ?? Double(max(rows, columns)) / 2, sigmaEnd) }

  /// The neighbourhood width of epoch `epoch` (0-based): σ₀ · (σ₁ / σ₀)^(t / (T − 1)) over the T
  /// ordering epochs, exponential decay as in Kohonen's batch map, then σ₁ while fine-tuning.
  public func sigma(atEpoch epoch: Int) -> Double {
    let start = initialSigma
    guard epoch < epochs - 1 else { return sigmaEnd }
    return start * Double.pow(sigmaEnd / start, Double(epoch) / Double(epochs - 1))
  }
}
