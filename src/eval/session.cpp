#include "smrt/eval/session.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "smrt/core/error.h"
#include "smrt/core/progress.h"
#include "smrt/core/system_info.h"
#include "smrt/core/threads.h"
#include "smrt/eval/cnn_classifier.h"
#include "smrt/eval/method.h"
#include "smrt/eval/paired.h"
#include "smrt/eval/tabular.h"

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
  check_report_folder(plan.out_dir);  // before the runs: a bad --out must not cost a whole protocol
  register_all_methods();
  const auto start = std::chrono::steady_clock::now();
  std::vector<Experiment> experiments;
  std::vector<std::string> scales;
  for (const auto& [id, options] : plan.protocols) {
    std::vector<Experiment> made;
    if (id == "d") made = protocol_d(options);
    else made.push_back(make_protocol(id, options));
    for (auto& e : made) {
      experiments.push_back(std::move(e));
      scales.push_back(to_string(options.scale));
    }
  }
  for (const auto& e : plan.experiments) {
    experiments.push_back(e);
    scales.push_back("cross-validation");
  }
  std::vector<ExperimentResult> results;
  results.reserve(experiments.size());
  for (size_t i = 0; i < experiments.size(); ++i) {
    const Experiment& e = experiments[i];  // results point into `experiments`, which no longer grows
    if (verbosity() != Verbosity::Quiet)
      std::fprintf(stderr, "protocol %s (%s): %s\n", e.id.c_str(), scales[i].c_str(), e.title.c_str());
    results.push_back(run_experiment(e));
    std::printf("\nProtocol %s: %s (%s, %d %s, %.0f s)\n%s", e.id.c_str(), e.title.c_str(), scales[i].c_str(),
                e.n_seeds, e.group == "table" ? "folds" : "seeds", results.back().seconds,
                text_table(results.back()).c_str());
    std::fflush(stdout);
  }
  std::printf("%s", comparison_text(results).c_str());
  ReportInfo info;
  info.title = plan.title;
  info.command = plan.command;
  info.settings = environment_settings();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  info.settings.emplace_back("total run time", msg(static_cast<int64_t>(seconds + 0.5), " s"));
  return write_report(plan.out_dir, info, results);
}

}  // namespace smrt::eval
