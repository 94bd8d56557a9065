/// Segmenta's version.
public enum SegmentaVersion {
  /// The version of this build, as `segmenta --version` prints it and workspaces record it.
  public static let current = "0.1.0"
}
