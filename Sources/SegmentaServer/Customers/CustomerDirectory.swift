import Foundation
import Logging
import NIOConcurrencyHelpers
import SegmentaCore
import SegmentaWorkflows

/// The customer cards the front line looks up, kept in memory: built when the server starts and
/// rebuilt in the background after every job and every change the server makes (and when another
/// process changed the workspace), so a lookup never touches the database.
final class CustomerDirectory: Sendable {
  private struct State {
    var cards: CustomerCards?
    var building = false
    var again = false
  }

  private let state = NIOLockedValueBox(State())
  private let context: WorkflowContext
  private let logger: Logger

  init(context: WorkflowContext, logger: Logger) {
    self.context = context
    self.logger = logger
  }

  /// The cards, or `unavailable` while the first build runs.
  func cards() throws(SegmentaError) -> CustomerCards {
    guard let cards = state.withLockedValue({ $0.cards }) else {
      throw SegmentaError(.conflict, "the customer directory is being loaded; try again in a few seconds")
    }
    return cards
  }

  /// Whether the cards are loaded.
  var isLoaded: Bool { state.withLockedValue { $0.cards != nil } }

  /// Rebuilds the cards in the background (once more after the current build when one is running).
  func refresh() {
    let start = state.withLockedValue { state in
      if state.building {
        state.again = true
        return false
      }
      state.building = true
      return true
    }
    guard start else { return }
    Task.detached { [self] in await self.build() }
  }

  /// Checks every `seconds` whether another process changed the workspace (a command-line import while
  /// the server runs) and rebuilds the cards when it did.
  func watch(every seconds: Double) {
    let context = context
    Task.detached { [self] in
      var seen: Int?
      while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(seconds))
        guard
          let version = try? await Blocking.run({ () throws(SegmentaError) in try SignIn.dataVersion(context) })
        else { continue }
        if let seen, seen != version { refresh() }
        seen = version
      }
    }
  }

  private func build() async {
    while true {
      let started = Date()
      let context = context
      do {
        let cards = try await Blocking.run { () throws(SegmentaError) in try CustomerCardsWorkflow().run(context) }
        state.withLockedValue { $0.cards = cards }
        logger.info(
          "customer directory loaded",
          metadata: [
            "customers": "\(cards.count)",
            "seconds": .string(String(format: "%.2f", Date().timeIntervalSince(started))),
          ])
      } catch {
        logger.error("customer directory failed to load", metadata: ["code": "\(error.code)"])
      }
      let again = state.withLockedValue { state in
        if state.again {
          state.again = false
          return true
        }
        state.building = false
        return false
      }
      if !again { return }
    }
  }
}
