#pragma once
// What this machine offers and which fast paths smrt runs on it
// (`smrt info --system`). Layers add their own lines (BLAS kernel, torch
// threads) through add_system_report().

#include <functional>
#include <string>
#include <vector>

namespace smrt {

struct CpuFeatures {
  std::string vendor_model;  ///< from /proc/cpuinfo when readable
  bool sse42 = false, avx = false, avx2 = false, fma = false, avx512f = false, avx512bw = false, avx512vl = false;
  bool avx512bf16 = false;  ///< bfloat16 dot products (vdpbf16ps)
  int logical_cores = 1;
  /// "avx512", "avx2" or "sse" (the widest usable vector ISA).
  std::string best_isa() const;
};

CpuFeatures detect_cpu();

/// Lines of "key: value" describing the system and the chosen paths.
std::vector<std::pair<std::string, std::string>> system_report();
/// A layer adds a reporter that appends its own lines.
void add_system_report(std::function<void(std::vector<std::pair<std::string, std::string>>&)> reporter);

}  // namespace smrt
