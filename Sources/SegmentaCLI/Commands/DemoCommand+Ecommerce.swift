import Foundation
import SegmentaCore
import SegmentaWorkflows

extension DemoCommand {
  /// Runs `segmenta demo --ecommerce` and prints the lists against what was planted.
  func runEcommerce() throws {
    let workflow = EcommerceDemoWorkflow(customers: customers, seed: seed, folder: out, workspacePath: workspace)
    let output = try workflow.run(WorkflowContext(workspacePath: workspace ?? "", progress: TerminalProgress()))
    if json { return try Console.json(output) }
    func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
    Console.out("Files in \(out): \(output.files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
    Console.out("Workspace: \(output.workspace)")
    for built in output.periods {
      Console.out(
        "Built period \(built.period.label): \(built.features.count) features from "
          + "\(Format.count(built.period.eventsRead)) page views in \(Format.seconds(built.seconds)).")
    }
    Console.out()
    Console.out("E-mail lists of \(output.periods.last?.period.label ?? "") (tags email_list_<category>_<band>):")
    Console.out(
      Format.table(
        ["category"] + EcommerceDemoGenerator.bands + ["planted"],
        EcommerceDemoGenerator.categories.map { category in
          let lists = output.lists.filter { $0.category == category }
          return [category] + lists.map { Format.count($0.customers) }
            + [Format.count(lists.reduce(0) { $0 + $1.planted })]
        }, rightAligned: Set(1...EcommerceDemoGenerator.bands.count + 1)))
    let matching = output.lists.filter { $0.customers == $0.planted }.count
    Console.out("\(matching) of \(output.lists.count) lists hold exactly the planted customers.")
    Console.out(
      "Focus shifts: \(Format.count(output.shifts)) customers' top category changed (planted \(Format.count(output.plantedShifts))); "
        + "focus_shift_vip tags \(Format.count(output.vips)) of them with at least 10 views (planted "
        + "\(Format.count(output.plantedVips))).")
    Console.out("Next: segmenta tags show focus_shift_vip --workspace \(output.workspace)")
    Console.out(
      "Demo done: \(Format.count(output.customers)) customers, \(Format.count(output.views.reduce(0, +))) page views, "
        + "\(output.lists.count) e-mail lists, \(Format.count(output.vips)) VIPs in \(Format.seconds(output.seconds)).")
  }
}
