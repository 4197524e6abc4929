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
  /// The input as given; a CSV without --label is refused unless !label_required.
  smrt::InputSpec spec(bool label_required = true) const;
};

// One-line summaries of the commands that smrt-torch runs (`smrt --help`
// lists them before LibTorch is loaded).
inline constexpr const char* kFitSummary =
    "Train a model and save it: an autoencoder or VAE (tables, images) or an image GAN (cgan, smate, deepsmote)";
inline constexpr const char* kGenerateSummary = "Draw new rows or images from a fitted model (VAE, cgan, smate, deepsmote)";
inline constexpr const char* kEvalSummary =
    "Run an evaluation protocol (a, b, c or d of docs/results.md), or compare samplers on your own table "
    "(DATA --label COL), and write the report";
inline constexpr const char* kDemoSummary =
    "The main job: quick protocol a (MNIST 3 vs 8 sweep) and a small protocol b (Fashion-MNIST, CNN), "
    "a results table and an HTML report (about 3-4 minutes on 2 quiet cores)";

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

#ifdef SMRT_TORCH_CLI
/// This program is built without LibTorch; SMRT_TORCH_CLI (smrt-torch, beside
/// it) has every layer (hand_over.cpp).
/// Whether `method` is one this program runs (the classical samplers).
bool runs_here(const std::string& method);
/// Replaces this process by smrt-torch with the same arguments; throws only
/// when it cannot be started.
[[noreturn]] void hand_over_to_torch_cli();
/// fit, generate, eval, demo: subcommands that hand over.
void add_torch_commands(CLI::App& app);
#endif

/// --seed's check, for every command that takes one: an integer in
/// [0, 2^63 - 1], checked on the text (a conversion would clamp or wrap it).
CLI::Validator seed_validator();

/// --param key=value texts as a map; a key given twice is an error.
std::map<std::string, std::string> param_map(const std::vector<std::string>& texts);
/// A loaded data set as the library API's arguments (no copy).
smrt::Features features_of(const smrt::Dataset& data);
smrt::Labels labels_of(const smrt::Dataset& data);

/// Warns (on stderr, also under -q) about feature columns whose values sit so far from 0
/// for their spread that float32, smrt's computing type, sees them in coarse
/// steps (Unix timestamps: 128 near 1.7e9); the fix is an offset, the user's to choose.
void warn_coarse_columns(const smrt::Dataset& data);

/// For methods that compare float distances (those with a `knn` parameter):
/// a DataError naming the file, the input row and the column of the first
/// value beyond kMaxFloatDistanceValue (checked before any class is split off).
void check_distance_range(const smrt::Dataset& data, const std::string& path);

/// Every command; generative and eval commands are added when built.
void add_all_commands(CLI::App& app);

/// Human-readable class-count table ("3   100  (4.8%)").
std::string class_count_table(const smrt::ClassIndex& classes, const std::vector<int64_t>& counts);

}  // namespace smrt::cli
