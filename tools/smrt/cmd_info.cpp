// smrt info: class counts and imbalance of a data set, or the system report.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"
#include "smrt/core/system_info.h"

namespace smrt::cli {

void add_info_command(CLI::App& app) {
  auto args = std::make_shared<DataArgs>();
  auto system = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("info", "Print the class counts and imbalance ratio of a data set");
  args->add_to(cmd, false);
  cmd->add_flag("--system", *system, "Print the CPU features, threads and compute paths smrt uses here");
  cmd->footer(
      "Examples:\n"
      "  smrt info data.csv --label class\n"
      "  smrt info X.npy --labels y.npy\n"
      "  smrt info --system");
  cmd->callback([args, system] {
    if (*system) {
#ifdef SMRT_TORCH_CLI
      hand_over_to_torch_cli();  // the report includes LibTorch's lines
#endif
      for (const auto& [key, value] : system_report()) std::printf("%-20s %s\n", (key + ":").c_str(), value.c_str());
      if (args->input.path.empty()) return;
    }
    SMRT_THROW_IF_NOT(ParameterError, !args->input.path.empty(), "info: give a DATA file (or --system)");
    const Dataset data = load_dataset(args->spec());
    const auto counts = data.class_counts();
    int64_t lo = counts[0], hi = counts[0];
    for (int64_t c : counts) lo = std::min(lo, c), hi = std::max(hi, c);
    std::printf("%s: %lld rows, %lld features, %d classes (%s labels)\n", args->input.path.c_str(),
                static_cast<long long>(data.n_rows()), static_cast<long long>(data.n_cols()), data.classes.n_classes(),
                data.classes.kind() == ClassIndex::Kind::Integer ? "integer"
                : data.classes.kind() == ClassIndex::Kind::Float ? "float"
                                                                 : "string");
    std::printf("%s", class_count_table(data.classes, counts).c_str());
    std::printf("imbalance ratio (majority / minority): %.2f\n", static_cast<double>(hi) / static_cast<double>(lo));
  });
}

}  // namespace smrt::cli
