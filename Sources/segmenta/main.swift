import SegmentaCLI

#if canImport(Glibc)
import Glibc
#endif

#if canImport(Glibc)
// Column-sized buffers (a few to tens of megabytes) are allocated and freed over and over; kept by
// the allocator instead of being handed back to the system and faulted in again, they are reused.
// Buffers above 32 MiB (a whole matrix) are still mapped and returned on their own. glibc's
// `mallopt` (malloc.h, which the Glibc module leaves out): M_TRIM_THRESHOLD is −1, M_MMAP_THRESHOLD −3.
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
  let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
  _ = mallopt(-3, 32 << 20)
  _ = mallopt(-1, 512 << 20)
}
#endif

await SegmentaCommand.runFromCommandLine()
