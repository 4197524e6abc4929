#include "smrt/core/system_info.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "smrt/core/threads.h"

namespace smrt {
namespace {

std::mutex g_mutex;
std::vector<std::function<void(std::vector<std::pair<std::string, std::string>>&)>>& reporters() {
  static std::vector<std::function<void(std::vector<std::pair<std::string, std::string>>&)>> r;
  return r;
}

}  // namespace

std::string CpuFeatures::best_isa() const {
  if (avx512f && avx512bw && avx512vl) return "avx512";
  if (avx2 && fma) return "avx2";
  return "sse";
}

CpuFeatures detect_cpu() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  f.sse42 = __builtin_cpu_supports("sse4.2");
  f.avx = __builtin_cpu_supports("avx");
  f.avx2 = __builtin_cpu_supports("avx2");
  f.fma = __builtin_cpu_supports("fma");
  f.avx512f = __builtin_cpu_supports("avx512f");
  f.avx512bw = __builtin_cpu_supports("avx512bw");
  f.avx512vl = __builtin_cpu_supports("avx512vl");
  f.avx512bf16 = __builtin_cpu_supports("avx512bf16");
#endif
  f.logical_cores = static_cast<int>(std::thread::hardware_concurrency());
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto pos = line.find(':');
      if (pos != std::string::npos) f.vendor_model = line.substr(pos + 2);
      break;
    }
  }
  return f;
}

std::vector<std::pair<std::string, std::string>> system_report() {
  std::vector<std::pair<std::string, std::string>> lines;
  const CpuFeatures cpu = detect_cpu();
  lines.emplace_back("smrt", SMRT_VERSION);
  lines.emplace_back("cpu", cpu.vendor_model.empty() ? "unknown" : cpu.vendor_model);
  std::string isa;
  for (auto [name, on] : {std::pair<const char*, bool>{"sse4.2", cpu.sse42}, {"avx", cpu.avx}, {"avx2", cpu.avx2},
                          {"fma", cpu.fma}, {"avx512f", cpu.avx512f}, {"avx512bw", cpu.avx512bw},
                          {"avx512vl", cpu.avx512vl}, {"avx512bf16", cpu.avx512bf16}})
    if (on) isa += (isa.empty() ? "" : " ") + std::string(name);
  lines.emplace_back("cpu features", isa.empty() ? "none detected" : isa);
  lines.emplace_back("vector isa", cpu.best_isa());
  lines.emplace_back("logical cores", std::to_string(cpu.logical_cores));
  lines.emplace_back("threads", std::to_string(num_threads()));
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  lines.emplace_back("OPENBLAS_CORETYPE", coretype ? coretype : "(unset)");
  std::lock_guard<std::mutex> lock(g_mutex);
  for (auto& r : reporters()) r(lines);
  return lines;
}

void add_system_report(std::function<void(std::vector<std::pair<std::string, std::string>>&)> reporter) {
  std::lock_guard<std::mutex> lock(g_mutex);
  reporters().push_back(std::move(reporter));
}

}  // namespace smrt
