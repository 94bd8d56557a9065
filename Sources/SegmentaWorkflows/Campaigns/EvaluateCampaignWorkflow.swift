import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta campaign evaluate`: targets against the control group on contact success and
/// conversion (lifts with intervals, z-test, Fisher's exact test), revenue and ROI; for a stored
/// campaign or for any experiment in a file.
package struct EvaluateCampaignWorkflow: Workflow {
  /// What is evaluated.
  package enum Source: Sendable, Equatable {
    /// A stored campaign from its members and responses (members without a response count as
    /// not reached and not converted); its spec gives cost, budget and value per conversion.
    case campaign(String)
    /// An experiment file with customer_id, group (target|control), reached, converted and
    /// optionally revenue.
    case file(String)
  }

  package struct Output: Sendable {
    package var evaluation: ExperimentEvaluation
    /// The campaign evaluated, when it is a stored one.
    package var campaign: String?
    /// A title naming what was evaluated.
    package var title: String
  }

  package var source: Source
  /// Confidence level of the intervals.
  package var confidence: Double
  /// Cost of contacting one target (for a stored campaign: instead of its spec's).
  package var costPerContact: Double?
  /// The budget, shown beside the cost (for a stored campaign: instead of its spec's).
  package var budget: Double?
  /// Value of one conversion, for ROI when there is no revenue (for a stored campaign: instead of its
  /// spec's).
  package var valuePerConversion: Double?

  package init(
    source: Source, confidence: Double = 0.95, costPerContact: Double? = nil, budget: Double? = nil,
    valuePerConversion: Double? = nil
  ) {
    self.source = source
    self.confidence = confidence
    self.costPerContact = costPerContact
    self.budget = budget
    self.valuePerConversion = valuePerConversion
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    switch source {
    case .file(let path):
      let arms = try SegmentaError.catching { try ExperimentFileReader.read(path: path) }
      do {
        let evaluation = try ExperimentEvaluation(
          target: arms.target, control: arms.control, confidence: confidence, costPerContact: costPerContact,
          budget: budget, valuePerConversion: valuePerConversion)
        return Output(evaluation: evaluation, campaign: nil, title: "Evaluation of \(path)")
      } catch {
        throw SegmentaError(error).prefixed("\(path): ")
      }
    case .campaign(let name):
      let workspace = try context.workspace(for: .read)
      let campaign = try context.campaign(named: name, in: workspace)
      guard campaign.selection != nil else {
        throw SegmentaError(
          .missingPrerequisite, "campaign '\(name)' has no selection yet; run `segmenta campaign select \(name)`")
      }
      let responses = try workspace.campaignResponses(name)
      var target = ArmOutcome()
      var control = ArmOutcome()
      for member in try workspace.campaignMembers(name) {
        let response = responses[member.key]
        let reached = response?.reached ?? false
        let converted = response?.converted ?? false
        let revenue = response?.revenue ?? 0
        if member.isTarget {
          target.add(reached: reached, converted: converted, revenue: revenue)
        } else {
          control.add(reached: reached, converted: converted, revenue: revenue)
        }
      }
      do {
        let evaluation = try ExperimentEvaluation(
          target: target, control: control, confidence: confidence,
          costPerContact: costPerContact ?? campaign.spec.costPerContact, budget: budget ?? campaign.spec.budget,
          valuePerConversion: valuePerConversion ?? campaign.spec.valuePerConversion)
        return Output(evaluation: evaluation, campaign: name, title: "Evaluation of campaign \(name)")
      } catch {
        throw SegmentaError(error).prefixed("campaign \(name): ")
      }
    }
  }
}
