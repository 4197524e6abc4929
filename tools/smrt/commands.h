#pragma once
// The CLI's commands: each file adds one subcommand to the app. Commands
// parse, call the library and print; they hold no algorithm.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "smrt/core/dataset_io.h"
#include "smrt/smrt.h"

namespace smrt::cli {

/// Options shared by commands that read a labelled data set.
struct DataArgs {
  smrt::InputSpec input;
  std::string delimiter = ",";

  /// Adds DATA, --label, --labels and --delimiter to `cmd`.
  void add_to(CLI::App* cmd, bool data_required = true);
  /// The InputSpec, with the delimiter checked.
  smrt::InputSpec spec() const;
};

void add_info_command(CLI::App& app);
void add_resample_command(CLI::App& app);
void add_list_command(CLI::App& app);
#ifdef SMRT_HAVE_GENERATIVE
void add_fit_command(CLI::App& app);
void add_generate_command(CLI::App& app);
/// The GAN family (cmd_image_models.cpp): cgan, smate, deepsmote models.
bool is_image_model_method(const std::string& method);
void fit_image_model(const smrt::InputSpec& input, const std::string& method, int64_t seed,
                     const std::vector<std::string>& params, const std::string& out);
void generate_from_image_model(smrt::Model& model, const std::string& path, int64_t n, const std::string& class_label,
                               uint64_t seed, const std::string& out, const std::string& grid, int64_t grid_cols);
#endif
#ifdef SMRT_HAVE_EVAL
void add_eval_command(CLI::App& app);
void add_demo_command(CLI::App& app);
#endif

/// --param key=value texts as a map; a key given twice is an error.
std::map<std::string, std::string> param_map(const std::vector<std::string>& texts);
/// A loaded data set as the library API's arguments (no copy).
smrt::Features features_of(const smrt::Dataset& data);
smrt::Labels labels_of(const smrt::Dataset& data);

/// Every command; generative and eval commands are added when built.
void add_all_commands(CLI::App& app);

/// Human-readable class-count table ("3   100  (4.8%)").
std::string class_count_table(const smrt::ClassIndex& classes, const std::vector<int64_t>& counts);

}  // namespace smrt::cli
