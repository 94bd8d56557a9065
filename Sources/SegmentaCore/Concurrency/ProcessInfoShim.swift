#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of cores available, without Foundation (which SegmentaCore does not import).
enum ProcessInfoShim {
  /// The processors online (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
  static var activeProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
