// smrt resample: run one sampler on a data set and write the result.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "smrt/core/class_index.h"
#include "smrt/core/error.h"
#include "smrt/core/progress.h"
#include "smrt/core/warnings.h"

namespace smrt::cli {
namespace {

std::string trim_copy(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

// "a,b", "[a, 'b']" as items.
std::vector<std::string> list_items(std::string text) {
  text = trim_copy(text);
  if (!text.empty() && (text.front() == '[' || text.front() == '(')) text.erase(0, 1);
  if (!text.empty() && (text.back() == ']' || text.back() == ')')) text.pop_back();
  std::vector<std::string> items;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    std::string item = trim_copy(text.substr(pos, comma - pos));
    if (item.size() >= 2 && (item.front() == '\'' || item.front() == '"') && item.back() == item.front())
      item = item.substr(1, item.size() - 2);
    items.push_back(item);
    pos = comma + 1;
  }
  return items;
}

// SMOTENC's categorical_features as column names ("color,size"): the reader is
// told which columns hold categories; the sampler gets their feature indices
// once the header is known. Integer indices are passed on as they are.
bool categorical_by_name(const std::map<std::string, std::string>& params, InputSpec* input) {
  auto it = params.find("categorical_features");
  if (it == params.end() || trim_copy(it->second) == "None" || trim_copy(it->second).empty()) return false;
  const auto items = list_items(it->second);
  bool all_ints = true;
  for (const auto& item : items) all_ints = all_ints && parse_int64(item).has_value();
  if (all_ints) {
    for (const auto& item : items) input->categorical_indices.push_back(*parse_int64(item));
    return false;
  }
  for (const auto& item : items) {
    SMRT_THROW_IF_NOT(ParameterError, !item.empty() && !parse_int64(item), "categorical_features '", it->second,
                      "': give column names or 0-based feature indices, not both (nor empty items)");
  }
  input->categorical = items;
  return true;
}

struct ResampleArgs {
  DataArgs data;
  std::string method;
  std::string strategy;
  bool strategy_given = false;  // -s '' is an error, not 'auto'
  double ratio = -1.0;  // < 0: not given
  int64_t seed = -1;
  std::vector<std::string> params;
  std::string out;
  std::string indices;
};

void run_resample(const ResampleArgs& a) {
#ifdef SMRT_TORCH_CLI
  if (!runs_here(a.method)) hand_over_to_torch_cli();  // a generative method (or an unknown name)
#endif
  InputSpec input = a.data.spec();
  // Everything that can be checked without the data is checked first, so a
  // typo fails in a second, not after an hour of work.
  const OutputTarget target = resolve_output(a.out, input, a.indices);
  std::map<std::string, std::string> params = param_map(a.params);
  const SamplerInfo& info = method_info(a.method);
  if (info.name == "smoten") input.all_categorical = true;
  input.shift = info.shift;  // far-off columns keep their spread in float32 where the method allows
  const bool names = info.name == "smotenc" && categorical_by_name(params, &input);
  auto has_param = [&](const std::string& name) {
    for (const auto& p : info.params)
      if (p.name == name) return true;
    return false;
  };
  SMRT_THROW_IF_NOT(ParameterError, !a.strategy_given || trim_copy(a.strategy) != "",
                    "--sampling-strategy is empty; allowed: auto, minority, majority, 'not minority', 'not majority', "
                    "all, a float, 'A:100,B:200' or '[A,B]'");
  SMRT_THROW_IF_NOT(ParameterError, a.strategy.empty() || a.ratio < 0, "give --sampling-strategy or --ratio, not both");
  if (!a.strategy.empty() || a.ratio >= 0) {
    SMRT_THROW_IF_NOT(ParameterError, params.count("sampling_strategy") == 0,
                      "sampling_strategy is given both as an option and as --param");
    params["sampling_strategy"] = a.strategy.empty() ? "balance_ratio:" + msg(a.ratio) : a.strategy;
  }
  if (a.seed >= 0 && has_param("random_state")) {
    SMRT_THROW_IF_NOT(ParameterError, params.count("random_state") == 0,
                      "random_state is given both as --seed and as --param");
    params["random_state"] = std::to_string(a.seed);
  }
  if (names) params["categorical_features"] = "0";  // checks the other parameters now; the names come below
  Estimator sampler = Estimator::create_from_text(info.name, params);

  const Dataset data = load_dataset(input);
  SMRT_THROW_IF_NOT(DataError, data.classes.n_classes() >= 2, input.path, ": the labels hold only one class ('",
                    data.classes.n_classes() ? data.classes.name(0) : std::string(), "'); resampling needs at least 2");
  if (has_param("knn")) check_distance_range(data, input.path);
  warn_coarse_columns(data);
  if (names) {
    std::string indices;
    for (const auto& name : input.categorical) {
      const auto& f = data.feature_names;
      const auto at = std::find(f.begin(), f.end(), name) - f.begin();
      indices += (indices.empty() ? "" : ",") + std::to_string(at);
    }
    params["categorical_features"] = indices;
    sampler = Estimator::create_from_text(info.name, params);
  }
  const bool chatty = verbosity() != Verbosity::Quiet;
  if (chatty) {
    std::fprintf(stderr, "read %lld rows x %lld features from %s\n", static_cast<long long>(data.n_rows()),
                 static_cast<long long>(data.n_cols()), input.path.c_str());
  }
  const auto start = std::chrono::steady_clock::now();
  RunOptions options;
  options.verbosity = verbosity();
  const ResampleResult result = sampler.fit_resample(features_of(data), labels_of(data), options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& text : result.warnings) warning(info.name + ": " + text);  // under -q too, as the data's

  RowSelection rows{&data, &result.sample_indices, &result.synthetic, &result.synthetic_y, &result.synthetic_at};
  save_rows(target, rows);
  if (chatty) {
    const auto before = data.class_counts();
    std::vector<int64_t> after(before.size(), 0);
    for (int64_t i : result.sample_indices) ++after[static_cast<size_t>(data.y[static_cast<size_t>(i)])];
    for (int32_t c : result.synthetic_y) ++after[static_cast<size_t>(c)];
    std::fprintf(stderr, "%s: %lld -> %lld rows in %.4f s\n", info.name.c_str(), static_cast<long long>(data.n_rows()),
                 static_cast<long long>(static_cast<int64_t>(result.sample_indices.size()) + result.synthetic.n_rows()), seconds);
    std::fprintf(stderr, "  %-16s %12s %12s\n", "class", "before", "after");
    for (int32_t c = 0; c < data.classes.n_classes(); ++c)
      std::fprintf(stderr, "  %-16s %12lld %12lld\n", data.classes.name(c).c_str(),
                   static_cast<long long>(before[static_cast<size_t>(c)]),
                   static_cast<long long>(after[static_cast<size_t>(c)]));
    std::string written;
    for (const auto& p : target.paths()) written += (written.empty() ? "" : ", ") + p;
    std::fprintf(stderr, "wrote %s\n", written.c_str());
  }
}

}  // namespace

void add_resample_command(CLI::App& app) {
  auto a = std::make_shared<ResampleArgs>();
  auto* cmd = app.add_subcommand("resample", "Over- or under-sample a data set with one method");
  a->data.add_to(cmd);
  cmd->add_option("-m,--method", a->method, "Method name (see `smrt list`)")->required();
  cmd->add_option_function<std::string>(
         "-s,--sampling-strategy",
         [a](const std::string& value) {
           a->strategy = value;
           a->strategy_given = true;
         },
                  "imbalanced-learn's sampling_strategy: auto, minority, majority, 'not minority', "
                  "'not majority', all, a float (binary), 'A:100,B:200', '[A,B]' (cleaning)");
  cmd->add_option("-r,--ratio", a->ratio,
                  "SMRT's balance_ratio: raise every class below R x majority to R x majority")
      ->check(CLI::Validator(
          [](std::string& text) {  // CLI::Range lets 'nan' through (every comparison with NaN is false)
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            return end && *end == '\0' && v > 0.0 && v <= 1.0 ? std::string()
                                                             : "--ratio " + text + " is not a number in (0, 1]";
          },
          "FLOAT in (0, 1]"));
  cmd->add_option("--seed", a->seed, "random_state of the method (same seed, same output)")->check(seed_validator());
  cmd->add_option("-p,--param", a->params, "A method parameter as key=value (repeatable; see `smrt list METHOD`)")
      ->allow_extra_args(false);
  cmd->add_option("-o,--out", a->out,
                  "Output: OUT.csv / .tsv / .txt (CSV input: its columns, delimiter and kept rows as read), or "
                  "OUT.npy / OUT for OUT_X.npy and OUT_y.npy")
      ->required();
  cmd->add_option("--indices", a->indices,
                  "Also write FILE.txt: for each output row, the 0-based input row it copies (-1: a synthetic row), "
                  "imbalanced-learn's sample_indices_");
  cmd->footer(
      "Examples:\n"
      "  smrt resample data.csv --label class --method ros --seed 1 -o balanced.csv\n"
      "  smrt resample data.csv --label class --method rus --sampling-strategy 'not minority' -o under.csv\n"
      "  smrt resample data.csv --label class --method ros --sampling-strategy 'a:500,b:300' -o out.csv\n"
      "  smrt resample data.csv --label class --method ros --ratio 0.5 --param shrinkage=1.0 -o out.csv\n"
      "  smrt resample data.csv --label class --ignore id,comment --method rus --indices kept.txt -o under.csv\n"
      "  smrt resample data.csv --label class --method smotenc -p categorical_features=color,size -o out.csv\n"
      "  smrt resample X.npy --labels y.npy --method ros -o out    # writes out_X.npy, out_y.npy");
  cmd->callback([a] { run_resample(*a); });
}

}  // namespace smrt::cli
