#pragma once
// Shared by the fuzz targets (tests/fuzz/*_fuzz.cpp): temporary input files
// and the invariant check. A target's entry function catches smrt::Error (bad
// input answered with a message, as documented); anything else escapes and is
// a crash: another exception type, an abort, a sanitizer report.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace smrt::fuzz {

/// A file holding the given bytes, removed when destroyed. The readers take
/// paths and choose the format by the name, so the suffix matters. Files go
/// to /dev/shm when it exists (no disk writes at thousands of runs a second).
class TempFile {
 public:
  TempFile(const std::string& name, const uint8_t* data, size_t size) {
    static const std::string dir = [] {
      if (const char* t = std::getenv("SMRT_FUZZ_TMPDIR")) return std::string(t);
      return std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    }();
    path_ = dir + "/smrt-fuzz-" + std::to_string(getpid()) + "-" + name;
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    if (size > 0) out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) {
      std::fprintf(stderr, "fuzz: cannot write %s\n", path_.c_str());
      std::abort();
    }
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// An invariant of a reader's result that does not hold: a bug, so abort.
#define SMRT_FUZZ_CHECK(cond)                                                     \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

}  // namespace smrt::fuzz
