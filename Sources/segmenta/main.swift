import SegmentaCLI

await SegmentaCommand.runFromCommandLine()
