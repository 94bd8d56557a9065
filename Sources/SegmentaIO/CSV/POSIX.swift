#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin names for system calls whose plain names clash with methods (`close`, `write`).
enum POSIX {
  static func closeFile(_ descriptor: Int32) -> Int32 { close(descriptor) }
  static func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
  }
}
