#include "smrt/core/memory.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "smrt/core/error.h"

namespace smrt {
namespace {

/// /proc/meminfo's "Name:   123 kB" in bytes; -1 when absent.
double meminfo_bytes(const std::string& name) {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  double value = 0;
  while (in >> key >> value) {
    std::getline(in, unit);
    if (key == name + ":") return value * 1024.0;
  }
  return -1.0;
}

/// SMRT_MEMORY_LIMIT: "123", "64K", "512M", "2G"; 0 when unset.
double limit_from_env() {
  const char* env = std::getenv("SMRT_MEMORY_LIMIT");
  if (!env || !*env) return 0.0;
  char* end = nullptr;
  double v = std::strtod(env, &end);
  switch (end ? *end : '\0') {
    case 'k': case 'K': v *= 1024.0; ++end; break;
    case 'm': case 'M': v *= 1024.0 * 1024.0; ++end; break;
    case 'g': case 'G': v *= 1024.0 * 1024.0 * 1024.0; ++end; break;
    default: break;
  }
  SMRT_THROW_IF_NOT(ParameterError, end && *end == '\0' && v > 0.0, "SMRT_MEMORY_LIMIT='", env,
                    "' is not a size (bytes, or a number with K, M or G)");
  return v;
}

/// "12.3 GB", "512 MB", "40 kB": three significant digits at most.
std::string human_size(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1000.0 && u < 6) {
    bytes /= 1000.0;
    ++u;
  }
  char text[48];
  std::snprintf(text, sizeof text, "%.3g %s", bytes, units[u]);
  return text;
}

}  // namespace

double available_memory_bytes() {
  double bytes = meminfo_bytes("MemAvailable");
  if (bytes >= 0) bytes += std::max(0.0, meminfo_bytes("SwapFree"));
  else {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    bytes = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
  }
  const double limit = limit_from_env();
  if (limit > 0.0) bytes = bytes > 0.0 ? std::min(bytes, limit) : limit;
  return bytes;
}

void check_memory(double bytes, const std::string& what) {
  const double available = available_memory_bytes();
  SMRT_THROW_IF_NOT(ResourceError, available <= 0.0 || bytes <= available, what, " needs at least ", human_size(bytes),
                    ", more than the ", human_size(available), " of memory available");
}

}  // namespace smrt
