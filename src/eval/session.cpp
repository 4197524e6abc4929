#include "smrt/eval/session.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "smrt/core/error.h"
#include "smrt/core/system_info.h"
#include "smrt/core/threads.h"
#include "smrt/eval/cnn_classifier.h"
#include "smrt/eval/method.h"

namespace smrt::eval {

std::vector<std::pair<std::string, std::string>> environment_settings() {
  char when[64];
  const std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  const CpuFeatures cpu = detect_cpu();
  return {{"smrt version", SMRT_VERSION},
          {"date", when},
          {"threads", msg(num_threads(), " (of ", cpu.logical_cores, " logical cores)")},
          {"CPU", cpu.vendor_model.empty() ? cpu.best_isa() : cpu.vendor_model + " (" + cpu.best_isa() + ")"},
          {"image classifier", cnn_available() ? "CNN (LibTorch)" : "logistic regression (built without LibTorch)"}};
}

std::string run_session(const SessionPlan& plan) {
  register_all_methods();
  const auto start = std::chrono::steady_clock::now();
  std::vector<Experiment> experiments;
  std::vector<ExperimentResult> results;
  experiments.reserve(plan.protocols.size());  // results point into it
  for (const auto& [id, options] : plan.protocols) {
    experiments.push_back(make_protocol(id, options));
    const Experiment& e = experiments.back();
    std::fprintf(stderr, "protocol %s (%s): %s\n", e.id.c_str(), to_string(options.scale), e.title.c_str());
    results.push_back(run_experiment(e));
    std::printf("\nProtocol %s: %s (%s, %d seeds, %.0f s)\n%s", e.id.c_str(), e.title.c_str(),
                to_string(options.scale), e.n_seeds, results.back().seconds, text_table(results.back()).c_str());
    std::fflush(stdout);
  }
  ReportInfo info;
  info.title = plan.title;
  info.command = plan.command;
  info.settings = environment_settings();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  info.settings.emplace_back("total run time", msg(static_cast<int64_t>(seconds + 0.5), " s"));
  return write_report(plan.out_dir, info, results);
}

}  // namespace smrt::eval
