// smrt demo: the quick protocol (a) and a small (b), a results table and report/index.html.
// Built only with the eval layer (SMRT_HAVE_EVAL, set by CMake when smrt_eval exists).
#ifdef SMRT_HAVE_EVAL
#include <chrono>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "smrt/core/error.h"
#include "smrt/eval/session.h"

namespace smrt::cli {

void add_demo_command(CLI::App& app) {
  auto out = std::make_shared<std::string>("report");
  auto data = std::make_shared<std::string>();
  auto tiny = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("demo", kDemoSummary);
  cmd->add_option("--out", *out, "Report folder")->capture_default_str();
  cmd->add_option("--data", *data, "Data folder (default: SMRT_DATA_DIR or the source tree's data/)");
  cmd->add_flag("--tiny", *tiny, "A seconds-long version on tiny data (for tests)");
  cmd->footer(
      "Examples:\n"
      "  smrt demo                      # writes report/index.html\n"
      "  smrt --threads 2 demo --out /tmp/report\n"
      "The data sets come from `bash scripts/setup`. `smrt eval` runs the full protocols.");
  cmd->callback([out, data, tiny] {
    const auto start = std::chrono::steady_clock::now();
    eval::SessionPlan plan;
    eval::ProtocolOptions o;
    o.scale = *tiny ? eval::Scale::Tiny : eval::Scale::Quick;
    o.data_dir = *data;
    plan.protocols = {{"a", o}, {"b", o}};
    plan.out_dir = *out;
    plan.command = *tiny ? "smrt demo --tiny" : "smrt demo";
    plan.title = "smrt demo: SMRT, SMOTE and GAN oversampling on MNIST and Fashion-MNIST";
    const std::string index = eval::run_session(plan);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\nreport: %s (%.0f s in all)\n", index.c_str(), s);
  });
}

}  // namespace smrt::cli

#endif  // SMRT_HAVE_EVAL
